package dev.imagegen.internal.client;

import dev.imagegen.CircuitOpenException;
import dev.imagegen.CircuitState;
import dev.imagegen.DeadlineExceededException;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.ProviderLimits;
import dev.imagegen.Sleeper;
import dev.imagegen.internal.op.Futures;
import dev.imagegen.internal.op.Operation;
import dev.imagegen.spi.SharedStore;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One provider's client-side limits and circuit breaker.
 *
 * <p>Limits queue instead of failing: a call waits in FIFO order for a concurrency permit and then a rate slot (at most
 * {@code requestsPerMinute} grants in any 60-second window, a sliding log rather than a token bucket, so a vendor
 * counting per minute never sees one too many). Waiting holds no thread: the waiter is a future, completed by the
 * release of a permit or by one wake-up task on the shared scheduler when the next rate slot opens.
 *
 * <p>With a {@link SharedStore} shared by other clients, a call that has its permit here then takes a lease from the
 * store (the same limits, counted over every client of the store), trying again on the scheduler when the store says
 * when; the permit's release returns both.
 *
 * <p>Its circuit breaker ({@link CircuitBreaker}) opens on a failure rate over the latest calls.
 */
final class ProviderGate {

    /** What a finished call says about the provider's health. */
    enum Health {
        /** The vendor did the work. */
        SUCCESS,
        /** A failure that counts towards opening the circuit. */
        FAILURE,
        /** Says nothing about the vendor (a bad request, a deadline, a cancellation): the counter is left alone. */
        NEUTRAL
    }

    private final String providerId;
    private final ProviderLimits limits;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ScheduledExecutorService scheduler;
    private final SharedStore store;

    private final CircuitBreaker breaker;

    // all guarded by this
    private int inFlight;
    private final ArrayDeque<Long> grants = new ArrayDeque<>();
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private boolean wakeupPending;

    /** {@code store}: where limits shared with other clients are taken, or null when there are none. */
    ProviderGate(String providerId, ProviderLimits limits, Clock clock, Sleeper sleeper, ScheduledExecutorService scheduler,
                 ImageEventListener listener, SharedStore store) {
        this.providerId = providerId;
        this.store = store;
        this.limits = limits;
        this.clock = clock;
        this.sleeper = sleeper;
        this.scheduler = scheduler;
        this.breaker = new CircuitBreaker(providerId, limits, clock, listener);
    }

    // ---- circuit breaker ----

    /** See {@link CircuitBreaker#tryEnter()}. */
    boolean tryEnter() {
        return breaker.tryEnter();
    }

    /** See {@link CircuitBreaker#exit}. */
    void exit(Health health) {
        breaker.exit(health);
    }

    /** The typed error for a call refused by an open circuit. */
    CircuitOpenException circuitOpen() {
        return breaker.openError();
    }

    /** See {@link CircuitBreaker#state()}. */
    CircuitState circuitState() {
        return breaker.state();
    }

    // ---- limits ----

    /** A held permit; {@link #release()} is idempotent. */
    final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();
        private final boolean counted;
        private volatile SharedStore.Lease lease = SharedStore.Lease.unshared();

        private Permit(boolean counted) {
            this.counted = counted;
        }

        void release() {
            lease.release();
            if (counted && released.compareAndSet(false, true)) {
                synchronized (ProviderGate.this) {
                    inFlight--;
                }
                drain();
            }
        }
    }

    private record Waiter(Operation op, CompletableFuture<Permit> future) {
    }

    private boolean unlimited() {
        return limits.maxConcurrent() == 0 && limits.requestsPerMinute() == 0;
    }

    /**
     * A permit for one vendor call, now or when one is free. Fails with {@link dev.imagegen.DeadlineExceededException}
     * when the next rate slot would come after the operation's deadline. Cancelling the future leaves the queue.
     */
    CompletableFuture<Permit> acquire(Operation op) {
        if (unlimited()) {
            return CompletableFuture.completedFuture(new Permit(false));
        }
        if (store == null) {
            return acquireHere(op);
        }
        CompletableFuture<Permit> out = new CompletableFuture<>();
        CompletableFuture<Permit> here = acquireHere(op);
        out.whenComplete((p, e) -> {
            if (out.isCancelled()) {
                // a stopped call gives its permit back now, not when its next try at the store would have come
                here.cancel(false);
                if (here.isDone() && !here.isCompletedExceptionally()) {
                    here.join().release();
                }
            }
        });
        here.whenComplete((p, e) -> {
            if (e != null) {
                out.completeExceptionally(Futures.unwrap(e));
            } else {
                acquireShared(op, p, out);
            }
        });
        return out;
    }

    /**
     * Takes the store's lease for a call holding {@code permit}, trying again when the store says; completes {@code out}.
     * Each answer is bounded by the operation's deadline; a store that fails fails the call (nothing was sent).
     */
    private void acquireShared(Operation op, Permit permit, CompletableFuture<Permit> out) {
        if (out.isDone() || op.stopped() != null) {
            permit.release();
            if (!out.isDone()) {
                out.completeExceptionally(op.stopError(null));
            }
            return;
        }
        CompletableFuture<SharedStore.Lease> f;
        try {
            f = store.tryAcquire(providerId, limits).toCompletableFuture();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        BudgetTracker.bounded(f, op.remainingMillis(), providerId).whenComplete((lease, e) -> {
            if (e != null) {
                permit.release();
                out.completeExceptionally(Futures.unwrap(e));
            } else if (lease.granted()) {
                permit.lease = lease;
                if (!out.complete(permit)) {
                    permit.release();
                }
            } else if (lease.retryAfterMillis() >= op.remainingMillis()) {
                permit.release();
                out.completeExceptionally(afterDeadline("the next " + providerId + " slot shared with other clients ("
                        + limits.requestsPerMinute() + " per " + limits.rateWindow() + ", " + limits.maxConcurrent()
                        + " at once)", lease.retryAfterMillis()));
            } else {
                sleeper.schedule(Duration.ofMillis(lease.retryAfterMillis()), () -> acquireShared(op, permit, out), scheduler);
            }
        });
    }

    private DeadlineExceededException afterDeadline(String what, long wait) {
        return new DeadlineExceededException(new Details(what + " opens in " + wait + " ms, after the request's deadline; "
                + "nothing was sent", providerId, -1, null, null, null), null, null);
    }

    /** A permit of this client's own limits. */
    private CompletableFuture<Permit> acquireHere(Operation op) {
        CompletableFuture<Permit> f = new CompletableFuture<>();
        Waiter w = new Waiter(op, f);
        synchronized (this) {
            queue.add(w);
        }
        f.whenComplete((p, e) -> {
            if (f.isCancelled()) {
                synchronized (this) {
                    queue.remove(w);
                }
                drain();
            }
        });
        drain();
        return f;
    }

    private void drain() {
        List<Runnable> after = new ArrayList<>();
        synchronized (this) {
            while (!queue.isEmpty()) {
                Waiter w = queue.peek();
                if (w.future().isDone()) {
                    queue.poll();
                    continue;
                }
                if (w.op().stopped() != null) {
                    queue.poll();
                    RuntimeException e = w.op().stopError(null);
                    after.add(() -> w.future().completeExceptionally(e));
                    continue;
                }
                if (limits.maxConcurrent() > 0 && inFlight >= limits.maxConcurrent()) {
                    break;
                }
                long now = clock.millis();
                long wait = rateWait(now);
                if (wait > 0) {
                    if (wait >= w.op().remainingMillis()) {
                        queue.poll();
                        var e = afterDeadline("the next " + providerId + " rate-limit slot (" + limits.requestsPerMinute()
                                + " per " + window(limits) + ")", wait);
                        after.add(() -> w.future().completeExceptionally(e));
                        continue;
                    }
                    if (!wakeupPending) {
                        wakeupPending = true;
                        after.add(() -> sleeper.schedule(Duration.ofMillis(wait), this::wakeup, scheduler));
                    }
                    break;
                }
                queue.poll();
                inFlight++;
                if (limits.requestsPerMinute() > 0) {
                    grants.add(now);
                }
                Permit p = new Permit(true);
                after.add(() -> {
                    if (!w.future().complete(p)) {
                        p.release();
                    }
                });
            }
        }
        after.forEach(Runnable::run);
    }

    private void wakeup() {
        synchronized (this) {
            wakeupPending = false;
        }
        drain();
    }

    /** Milliseconds until a rate slot is free (0: now). Guarded by this. */
    private long rateWait(long now) {
        int rpm = limits.requestsPerMinute();
        if (rpm == 0) {
            return 0;
        }
        long windowMillis = limits.rateWindow().toMillis();
        while (!grants.isEmpty() && grants.peekFirst() <= now - windowMillis) {
            grants.pollFirst();
        }
        if (grants.size() < rpm) {
            return 0;
        }
        return grants.peekFirst() + windowMillis - now;
    }

    /** "minute" for the default window, else the window's length. */
    private static String window(ProviderLimits limits) {
        return limits.rateWindow().equals(Duration.ofMinutes(1)) ? "minute" : limits.rateWindow().toString();
    }
}
