package dev.imagegen.internal.client;

import dev.imagegen.Budget;
import dev.imagegen.BudgetExceededException;
import dev.imagegen.BudgetStatus;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.StoreUnavailableException;
import dev.imagegen.internal.InProcessStore;
import dev.imagegen.internal.op.Futures;
import dev.imagegen.spi.SharedStore;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Counts a client's spending against its {@link Budget}, in its {@link SharedStore}'s ledger. A call reserves its
 * catalog estimate before it is sent (so concurrent calls, in this process or any other sharing the store, cannot all
 * pass the check on the same remainder); when it ends the reservation becomes the actual cost (the vendor's reported
 * cost, else the estimate), the estimate when the vendor may have billed without saying (an unknown outcome, a job that
 * failed or timed out after it was accepted), or nothing when the vendor certainly did no paid work. A ledger that
 * cannot answer fails the call with {@link StoreUnavailableException} before anything is sent (fail closed), unless the
 * store's own policy answers for it.
 */
final class BudgetTracker {

    private final Budget budget;
    private final SharedStore.BudgetLedger ledger;

    BudgetTracker(Budget budget, SharedStore store) {
        this.budget = budget;
        this.ledger = store.budget(budget);
    }

    /** Money held for one call until it ends. */
    static final class Reservation {
        private final BigDecimal amount;
        private final SharedStore.Reservation held;

        private Reservation(BigDecimal amount, SharedStore.Reservation held) {
            this.amount = amount;
            this.held = held;
        }

        /** The call ended and cost {@code actual} (null: the estimate). */
        void charge(BigDecimal actual) {
            held.settle(actual != null ? actual : amount);
        }

        /** The call ended without paid work. */
        void release() {
            held.settle(BigDecimal.ZERO);
        }
    }

    /**
     * Checks, before a request starts, that {@code estimate} fits in what is left, without reserving it. Only an
     * in-process ledger is checked here (it answers at once and exactly); a shared one decides at reservation.
     *
     * @param estimate USD, or null when no price is known (always refused: the budget could not be kept)
     * @param what     what the estimate is for, e.g. "segmind/hidream-i1-fast x4"
     */
    void check(BigDecimal estimate, String providerId, String what) {
        if (estimate == null) {
            throw noPrice(providerId, what);
        }
        if (ledger instanceof InProcessStore.Ledger) {
            BudgetStatus s = ledger.status().toCompletableFuture().join();
            if (estimate.compareTo(s.remaining()) > 0) {
                throw exceeded(providerId, what, estimate, s);
            }
        }
    }

    /**
     * Reserves {@code estimate}: completes with the reservation, with {@link BudgetExceededException} when it does not
     * fit, or with {@link StoreUnavailableException} when the ledger does not answer within {@code waitMillis}.
     */
    CompletableFuture<Reservation> reserve(BigDecimal estimate, String providerId, String what, long waitMillis) {
        if (estimate == null) {
            return CompletableFuture.failedFuture(noPrice(providerId, what));
        }
        return bounded(ledger.reserve(estimate).toCompletableFuture(), waitMillis, providerId).thenCompose(held -> {
            if (held.isPresent()) {
                return CompletableFuture.completedFuture(new Reservation(estimate, held.get()));
            }
            return bounded(ledger.status().toCompletableFuture(), waitMillis, providerId)
                    .thenApply(s -> { throw exceeded(providerId, what, estimate, s); });
        });
    }

    /** Where the budget stands (a shared ledger is asked, within {@code wait}). */
    BudgetStatus status(Duration wait) {
        CompletableFuture<BudgetStatus> f = bounded(ledger.status().toCompletableFuture(), wait.toMillis(), null);
        try {
            return f.join();
        } catch (RuntimeException e) {
            Throwable c = Futures.unwrap(e);
            throw c instanceof RuntimeException r ? r : e;
        }
    }

    /** {@code f}, failing with {@link StoreUnavailableException} when it fails or takes longer than {@code millis}. */
    static <T> CompletableFuture<T> bounded(CompletableFuture<T> f, long millis, String providerId) {
        return f.orTimeout(Math.max(1, millis), TimeUnit.MILLISECONDS).handle((v, e) -> {
            if (e == null) {
                return v;
            }
            Throwable c = Futures.unwrap(e);
            if (c instanceof ImageGenerationException ige) {
                throw ige;
            }
            throw unavailable(providerId, c instanceof TimeoutException ? "did not answer within " + millis + " ms"
                    : "failed (" + c + ")", c);
        });
    }

    static StoreUnavailableException unavailable(String providerId, String why, Throwable cause) {
        return new StoreUnavailableException(new Details("the shared store " + why + "; no budget reservation or shared limit "
                + "could be had, so nothing was sent", providerId, -1, null, null, null), cause);
    }

    private BudgetExceededException noPrice(String providerId, String what) {
        // the in-process ledger tells what is left at once; a shared one is not asked for an error that needs no answer
        BudgetStatus s = ledger instanceof InProcessStore.Ledger ? ledger.status().toCompletableFuture().join() : null;
        return new BudgetExceededException(new Details("no price is known for " + what + ", so it cannot be counted against "
                + "the budget of " + budget.limitUsd().toPlainString() + " USD per " + budget.period(), providerId, -1, null,
                null, null), null, s == null ? null : s.remaining(), budget.period(), s == null ? null : s.windowEnd());
    }

    private BudgetExceededException exceeded(String providerId, String what, BigDecimal estimate, BudgetStatus s) {
        Instant end = s.windowEnd();
        return new BudgetExceededException(new Details(what + " is estimated at " + estimate.toPlainString()
                + " USD, more than the " + s.remaining().toPlainString() + " USD left of the budget of "
                + budget.limitUsd().toPlainString() + " USD per " + budget.period() + " (window ends " + end
                + "); nothing was sent", providerId, -1, null, null, null), estimate, s.remaining(), budget.period(), end);
    }
}
