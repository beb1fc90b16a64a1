package dev.imagegen.redis;

import dev.imagegen.Budget;
import dev.imagegen.BudgetStatus;
import dev.imagegen.spi.SharedStore;
import io.lettuce.core.ScriptOutputType;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One budget in Redis: spending per window of the budget's period (windows are aligned on the Unix epoch, by Redis's
 * clock, so every replica agrees on them) and the reservations of calls in progress, checked and taken in one script.
 * Amounts are whole nano-dollars, estimates rounded up.
 */
final class RedisBudgetLedger implements SharedStore.BudgetLedger {

    private final RedisSharedStore store;
    private final Budget budget;
    private final String[] keys;

    RedisBudgetLedger(RedisSharedStore store, Budget budget) {
        this.store = store;
        this.budget = budget;
        this.keys = new String[] {store.keys().owners(), store.keys().reservations(budget.period()),
                store.keys().spending(budget.period())};
    }

    @Override
    public CompletionStage<Optional<SharedStore.Reservation>> reserve(BigDecimal usd) {
        String id = UUID.randomUUID().toString();
        long amount = RedisSharedStore.nanos(usd);
        CompletionStage<List<Object>> f = run(Long.toString(amount), id);
        return f.handle((r, e) -> {
            if (e != null) {
                return store.unavailable(store.budgetPolicy(), "budget", e, () -> Optional.of(spentUsd -> { }));
            }
            store.recovered();
            return ((Long) r.get(0)) == 1L ? Optional.of(new Held(id)) : Optional.empty();
        });
    }

    @Override
    public CompletionStage<BudgetStatus> status() {
        CompletionStage<List<Object>> f = run("-1", "-");
        return f.thenApply(r -> RedisSharedStore.status(budget, r));
    }

    private CompletionStage<List<Object>> run(String amountNanos, String id) {
        return store.eval(RedisScripts.RESERVE, ScriptOutputType.MULTI, keys, store.owner(), store.lease(), Long.toString(budget.period().toMillis()),
                Long.toString(RedisSharedStore.nanos(budget.limitUsd())), amountNanos, id);
    }

    /** A reservation in Redis; its settlement is retried until Redis takes it. */
    private final class Held implements SharedStore.Reservation {
        private final String id;
        private final AtomicBoolean done = new AtomicBoolean();

        Held(String id) {
            this.id = id;
        }

        @Override
        public void settle(BigDecimal spentUsd) {
            if (done.compareAndSet(false, true)) {
                String spent = Long.toString(RedisSharedStore.nanos(spentUsd));
                store.untilDone("settle a budget reservation", () -> store.eval(RedisScripts.SETTLE, ScriptOutputType.INTEGER, keys, store.owner(),
                        store.lease(), Long.toString(budget.period().toMillis()), id, spent));
            }
        }
    }
}
