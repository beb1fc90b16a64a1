package dev.imagegen.internal.client;

import dev.imagegen.internal.http.OpContext;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * A future whose cancellation cancels its operations: the HTTP calls in flight and the scheduled polls and retries.
 * Exactly one completion wins, and its {@link #onSettle settle hook} runs before the future completes, so whoever
 * joins it sees listeners already told (an end event fired from a {@code whenComplete} would race the caller).
 */
final class OpFuture<T> extends CompletableFuture<T> {

    private final List<OpContext> ops;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile Future<?> deadlineTimer;
    private volatile BiConsumer<T, Throwable> onSettle = (v, e) -> {
    };

    OpFuture(List<OpContext> ops) {
        this.ops = List.copyOf(ops);
        whenComplete((v, e) -> {
            Future<?> t = deadlineTimer;
            if (t != null) {
                t.cancel(false);
            }
        });
    }

    void setDeadlineTimer(Future<?> timer) {
        this.deadlineTimer = timer;
        if (isDone()) {
            timer.cancel(false);
        }
    }

    /** Runs {@code hook} with the outcome of the completion that wins, before the future completes. Set it first. */
    void onSettle(BiConsumer<T, Throwable> hook) {
        this.onSettle = hook;
    }

    @Override
    public boolean complete(T value) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        onSettle.accept(value, null);
        return super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable error) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        onSettle.accept(null, error);
        return super.completeExceptionally(error);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        for (OpContext op : ops) {
            op.cancel();
        }
        onSettle.accept(null, new java.util.concurrent.CancellationException());
        return super.cancel(mayInterruptIfRunning);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
