package dev.imagegen.redis;

import dev.imagegen.spi.SharedStore;
import io.lettuce.core.ScriptOutputType;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The journal of paid jobs in one Redis hash, ref -> owning process; claims are one script. */
final class RedisJobJournal implements SharedStore.JobJournal {

    private final RedisSharedStore store;

    RedisJobJournal(RedisSharedStore store) {
        this.store = store;
    }

    @Override
    public CompletionStage<Void> record(String ref) {
        return store.commands().hset(store.keys().jobs(), ref, store.owner()).thenApply(v -> null);
    }

    @Override
    public CompletionStage<Void> delivered(String ref) {
        return store.commands().hdel(store.keys().jobs(), ref).thenApply(v -> null);
    }

    @Override
    public CompletionStage<List<String>> claimOrphans(int max) {
        CompletionStage<List<String>> f = store.eval(RedisScripts.CLAIM, ScriptOutputType.MULTI, new String[] {store.keys().owners(), store.keys().jobs()},
                store.owner(), store.lease(), Integer.toString(max));
        return f;
    }
}
