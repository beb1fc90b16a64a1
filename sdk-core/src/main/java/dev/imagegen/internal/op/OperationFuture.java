package dev.imagegen.internal.op;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * The future an {@link Operation} ends through. Exactly one completion wins; its settle hook (the request's end event)
 * runs before the future completes, so whoever joins it sees listeners already told. Cancelling it stops the
 * operation as cancelled; the operation's deadline and the client's close complete it with their errors.
 */
public final class OperationFuture<T> extends CompletableFuture<T> {

    private final Operation op;
    private final Runnable onEnd;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile BiConsumer<T, Throwable> onSettle; // null: none
    private volatile Future<?> deadlineTimer;

    OperationFuture(Operation op, Runnable onEnd) {
        this.op = op;
        this.onEnd = onEnd;
        op.onStop(new OnStop(this));
    }

    // No lambdas or method references in this class: each one costs a fresh JVM's first request a class spun at run time.

    /** Settles the future when its operation stops. */
    private static final class OnStop implements java.util.function.Consumer<RuntimeException> {
        private final OperationFuture<?> f;

        OnStop(OperationFuture<?> f) {
            this.f = f;
        }

        @Override
        public void accept(RuntimeException e) {
            f.settleExceptionally(e);
        }
    }

    /** The operation this future ends. */
    public Operation operation() {
        return op;
    }

    /** Runs {@code hook} with the winning outcome before the future completes (a cancellation as its exception). */
    public void onSettle(BiConsumer<T, Throwable> hook) {
        this.onSettle = hook;
    }

    void deadlineTimer(Future<?> timer) {
        this.deadlineTimer = timer;
        if (isDone()) {
            timer.cancel(false);
        }
    }

    /** Completes from another future's outcome (unwrapping {@link java.util.concurrent.CompletionException}). */
    public void completeFrom(T value, Throwable error) {
        if (error != null) {
            completeExceptionally(Futures.unwrap(error));
        } else {
            complete(value);
        }
    }

    @Override
    public boolean complete(T value) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        runHook(value, null);
        boolean done = super.complete(value);
        end();
        return done;
    }

    @Override
    public boolean completeExceptionally(Throwable error) {
        return settleExceptionally(Futures.unwrap(error));
    }

    private boolean settleExceptionally(Throwable error) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        runHook(null, error);
        boolean done = super.completeExceptionally(error);
        end();
        return done;
    }

    /**
     * The one winning completion, as in {@link #complete} and {@link #settleExceptionally}: the settle hook, the
     * future's own completion, the operation's end; a cancel stops the operation first.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        // the operation stops first, so its accepted jobs are being cancelled at the vendor when the hook runs
        op.stop(Operation.Stop.CANCELLED);
        runHook(null, new CancellationException("cancelled by the caller"));
        boolean done = super.cancel(mayInterruptIfRunning);
        end();
        return done;
    }

    private void runHook(T value, Throwable error) {
        BiConsumer<T, Throwable> hook = onSettle;
        if (hook == null) {
            return;
        }
        try {
            hook.accept(value, error);
        } catch (RuntimeException e) {
            dev.imagegen.internal.Logs.EVENTS.warn("settle hook threw; ignored", e);
        }
    }

    private void end() {
        Future<?> t = deadlineTimer;
        if (t != null) {
            t.cancel(false);
        }
        op.ended();
        onEnd.run();
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        // dependent stages are plain futures: cancelling one of them does not cancel the operation
        return new CompletableFuture<>();
    }
}
