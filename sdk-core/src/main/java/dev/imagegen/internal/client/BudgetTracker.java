package dev.imagegen.internal.client;

import dev.imagegen.Budget;
import dev.imagegen.BudgetExceededException;
import dev.imagegen.BudgetStatus;
import dev.imagegen.ImageGenerationException.Details;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts a client's spending against its {@link Budget}. A call reserves its catalog estimate before it is sent (so
 * concurrent calls cannot all pass the check on the same remainder); when it ends the reservation becomes the actual
 * cost (the vendor's reported cost, else the estimate), the estimate when the vendor may have billed without saying
 * (an unknown outcome, a job that failed or timed out after it was accepted), or nothing when the vendor certainly did
 * no paid work. Windows are consecutive periods of the clock from the client's creation.
 */
final class BudgetTracker {

    private final Budget budget;
    private final Clock clock;
    private final long startMillis;
    // guarded by this
    private long windowIndex;
    private BigDecimal spent = BigDecimal.ZERO;
    private BigDecimal reserved = BigDecimal.ZERO;

    BudgetTracker(Budget budget, Clock clock) {
        this.budget = budget;
        this.clock = clock;
        this.startMillis = clock.millis();
    }

    /** Money held for one call until it ends. */
    final class Reservation {
        private final BigDecimal amount;
        private final AtomicBoolean done = new AtomicBoolean();

        private Reservation(BigDecimal amount) {
            this.amount = amount;
        }

        /** The call ended and cost {@code actual} (null: the estimate). */
        void charge(BigDecimal actual) {
            if (done.compareAndSet(false, true)) {
                synchronized (BudgetTracker.this) {
                    roll();
                    reserved = reserved.subtract(amount).max(BigDecimal.ZERO);
                    spent = spent.add(actual != null ? actual : amount);
                }
            }
        }

        /** The call ended without paid work. */
        void release() {
            if (done.compareAndSet(false, true)) {
                synchronized (BudgetTracker.this) {
                    reserved = reserved.subtract(amount).max(BigDecimal.ZERO);
                }
            }
        }
    }

    /**
     * Checks that {@code estimate} fits in what is left, without reserving it.
     *
     * @param estimate USD, or null when no price is known (always refused: the budget could not be kept)
     * @param what     what the estimate is for, e.g. "segmind/hidream-i1-fast x4"
     */
    synchronized void check(BigDecimal estimate, String providerId, String what) {
        roll();
        BigDecimal left = remaining();
        if (estimate == null) {
            throw exceeded(providerId, "no price is known for " + what + ", so it cannot be counted against the budget of "
                    + budget.limitUsd().toPlainString() + " USD per " + budget.period(), null, left);
        }
        if (estimate.compareTo(left) > 0) {
            throw exceeded(providerId, what + " is estimated at " + estimate.toPlainString() + " USD, more than the "
                    + left.toPlainString() + " USD left of the budget of " + budget.limitUsd().toPlainString() + " USD per "
                    + budget.period() + " (window ends " + windowEnd() + "); nothing was sent", estimate, left);
        }
    }

    /** Reserves {@code estimate} (see {@link #check}, which it applies first). */
    synchronized Reservation reserve(BigDecimal estimate, String providerId, String what) {
        check(estimate, providerId, what);
        reserved = reserved.add(estimate);
        return new Reservation(estimate);
    }

    synchronized BudgetStatus status() {
        roll();
        return new BudgetStatus(budget, spent, reserved, remaining(), windowStart(), windowEnd());
    }

    private BudgetExceededException exceeded(String providerId, String summary, BigDecimal estimate, BigDecimal left) {
        return new BudgetExceededException(new Details(summary, providerId, -1, null, null, null), estimate, left,
                budget.period(), windowEnd());
    }

    private BigDecimal remaining() {
        return budget.limitUsd().subtract(spent).subtract(reserved).max(BigDecimal.ZERO);
    }

    private void roll() {
        long index = Math.max(0, (clock.millis() - startMillis) / budget.period().toMillis());
        if (index != windowIndex) {
            windowIndex = index;
            spent = BigDecimal.ZERO;
        }
    }

    private Instant windowStart() {
        return Instant.ofEpochMilli(startMillis + windowIndex * budget.period().toMillis());
    }

    private Instant windowEnd() {
        return Instant.ofEpochMilli(startMillis + (windowIndex + 1) * budget.period().toMillis());
    }
}
