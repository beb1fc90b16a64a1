package dev.imagegen.spi;

import dev.imagegen.Budget;
import dev.imagegen.BudgetStatus;
import dev.imagegen.ProviderLimits;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where a client keeps what it enforces across calls: its budget's reservations and spending, provider limits beyond
 * one process (concurrency leases and rate slots), and the journal of paid jobs accepted but not yet delivered. Set
 * with {@code ImageClient.Builder.sharedStore(..)}; without one each client keeps them in its own memory, as it always
 * did. A store shared by several clients, in one process or many (the {@code imagegen-redis} module), makes them one
 * budget, one limit and one journal; see {@code docs/scale.md}.
 *
 * <p>Every method answers with a {@link CompletionStage} and must not block the caller. A store that cannot answer
 * completes it exceptionally (with {@link dev.imagegen.StoreUnavailableException} or any other error, which the client
 * turns into one), or, where its own failure policy says so, answers as if it had no shared state (a grant, an
 * unrecorded reservation). The client bounds every answer by the request's deadline. Thread-safe.
 */
public interface SharedStore {

    /**
     * The ledger of {@code budget}: spending and reservations shared by every client of this store with that period.
     *
     * @param budget the client's budget; clients whose budgets have the same period share one ledger
     * @return the ledger of that budget's period
     */
    BudgetLedger budget(Budget budget);

    /**
     * Tries to take, for one vendor call to {@code providerId}, a concurrency lease (when {@code limits.maxConcurrent()}
     * is set) and a rate slot (when {@code limits.requestsPerMinute()} is set, counted over
     * {@code limits.rateWindow()}): both or neither. The client has already applied the same limits within itself.
     *
     * @param providerId the provider the call goes to
     * @param limits     the provider's limits, as configured on the client
     * @return a stage completing with a granted lease, or a refused one saying when to try again
     */
    CompletionStage<Lease> tryAcquire(String providerId, ProviderLimits limits);

    /**
     * The journal of paid jobs this store's clients accepted and have not delivered.
     *
     * @return the journal shared by this store's clients
     */
    JobJournal jobs();

    /** One budget's spending in its current window, and the reservations of calls in progress. */
    interface BudgetLedger {
        /**
         * Reserves {@code usd} when it fits in {@code limit - spent - reserved} of the current window, atomically with
         * every other client of the store; completes with empty when it does not fit.
         *
         * @param usd the call's estimated cost in US dollars, not negative
         * @return a stage completing with the reservation, or with empty when it does not fit the budget
         */
        CompletionStage<Optional<Reservation>> reserve(BigDecimal usd);

        /**
         * Where the budget stands now.
         *
         * @return a stage completing with the limit, the spending and the reservations of the current window
         */
        CompletionStage<BudgetStatus> status();
    }

    /** Money held for one call until it ends. */
    interface Reservation {
        /**
         * The call ended: {@code spentUsd} (zero when the vendor did no paid work) replaces the reservation in the
         * window's spending. Idempotent; never throws (a store that cannot record it says so in its log).
         *
         * @param spentUsd what the call really cost in US dollars, not negative
         */
        void settle(BigDecimal spentUsd);
    }

    /** The answer of {@link #tryAcquire}: a held lease, or how long to wait before trying again. */
    interface Lease {
        /**
         * Whether the lease is held (then {@link #release()} it when the call ends).
         *
         * @return true if the lease is held, false if the caller must wait {@link #retryAfterMillis()}
         */
        boolean granted();

        /**
         * When not granted: milliseconds until trying again may succeed (at least 1).
         *
         * @return the wait in milliseconds, at least 1 when not granted (a granted lease's value means nothing)
         */
        long retryAfterMillis();

        /** Gives a granted lease back. Idempotent; never throws. */
        void release();

        /**
         * A lease that holds nothing shared (a store without limits, or one degraded by its failure policy).
         *
         * @return a granted lease whose {@link #release()} does nothing
         */
        static Lease unshared() {
            return Leases.UNSHARED;
        }

        /**
         * Not granted: try again in {@code millis}.
         *
         * @param millis the wait in milliseconds; values below 1 are raised to 1
         * @return a lease that is not granted
         */
        static Lease retryAfter(long millis) {
            return new Leases.Refused(Math.max(1, millis));
        }
    }

    /**
     * Paid jobs accepted by a vendor whose result has not been delivered yet, each recorded under the process that
     * holds it, so that when a process dies another one can {@link #claimOrphans claim} and resume them.
     */
    interface JobJournal {
        /**
         * Records the job {@code ref} as held by this store's process (again: moves it here).
         *
         * @param ref the job's ref, as {@code ImageJob.ref()} gives it
         * @return a stage completing when the store has recorded the job
         */
        CompletionStage<Void> record(String ref);

        /**
         * The job's result (or its final failure) was delivered: forgets it.
         *
         * @param ref the job's ref, as recorded
         * @return a stage completing when the store has forgotten the job
         */
        CompletionStage<Void> delivered(String ref);

        /**
         * Moves up to {@code max} jobs whose process is gone (its lease expired) to this one, atomically (each job goes
         * to one claimant), and returns their refs.
         *
         * @param max the most jobs to claim, at least 1
         * @return a stage completing with the claimed refs, possibly empty
         */
        CompletionStage<List<String>> claimOrphans(int max);
    }
}
