package dev.imagegen.internal;

import dev.imagegen.Budget;
import dev.imagegen.BudgetStatus;
import dev.imagegen.ProviderLimits;
import dev.imagegen.spi.SharedStore;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The default {@link SharedStore}: one client's own memory, nothing shared. Its budget windows are consecutive periods
 * of the client's clock from the client's creation; its limits are the client's in-process ones alone (so every lease
 * is {@link SharedStore.Lease#unshared()}); its journal holds the client's pending jobs, which die with the process, so
 * there are never orphans to claim. Every answer is already complete when returned.
 */
public final class InProcessStore implements SharedStore {

    private final Clock clock;
    private final JobJournal journal = new Journal();

    /** A store for one client whose clock is {@code clock}. */
    public InProcessStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Ledger budget(Budget budget) {
        return new Ledger(budget, clock);
    }

    @Override
    public CompletionStage<Lease> tryAcquire(String providerId, ProviderLimits limits) {
        return CompletableFuture.completedFuture(Lease.unshared());
    }

    @Override
    public JobJournal jobs() {
        return journal;
    }

    /** A budget counted in this process: exact and immediate, so the client also checks it before starting a request. */
    public static final class Ledger implements BudgetLedger {
        private final Budget budget;
        private final Clock clock;
        private final long startMillis;
        // guarded by this
        private long windowIndex;
        private BigDecimal spent = BigDecimal.ZERO;
        private BigDecimal reserved = BigDecimal.ZERO;

        Ledger(Budget budget, Clock clock) {
            this.budget = budget;
            this.clock = clock;
            this.startMillis = clock.millis();
        }

        @Override
        public synchronized CompletionStage<Optional<Reservation>> reserve(BigDecimal usd) {
            roll();
            if (usd.compareTo(remaining()) > 0) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            reserved = reserved.add(usd);
            return CompletableFuture.completedFuture(Optional.of(new Held(usd)));
        }

        @Override
        public synchronized CompletionStage<BudgetStatus> status() {
            roll();
            return CompletableFuture.completedFuture(new BudgetStatus(budget, spent, reserved, remaining(),
                    Instant.ofEpochMilli(startMillis + windowIndex * budget.period().toMillis()),
                    Instant.ofEpochMilli(startMillis + (windowIndex + 1) * budget.period().toMillis())));
        }

        private final class Held implements Reservation {
            private final BigDecimal amount;
            private final AtomicBoolean done = new AtomicBoolean();

            Held(BigDecimal amount) {
                this.amount = amount;
            }

            @Override
            public void settle(BigDecimal spentUsd) {
                if (done.compareAndSet(false, true)) {
                    synchronized (Ledger.this) {
                        roll();
                        reserved = reserved.subtract(amount).max(BigDecimal.ZERO);
                        spent = spent.add(spentUsd);
                    }
                }
            }
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
    }

    private static final class Journal implements JobJournal {
        private final Set<String> pending = ConcurrentHashMap.newKeySet();

        @Override
        public CompletionStage<Void> record(String ref) {
            pending.add(ref);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> delivered(String ref) {
            pending.remove(ref);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<List<String>> claimOrphans(int max) {
            return CompletableFuture.completedFuture(List.of());
        }
    }
}
