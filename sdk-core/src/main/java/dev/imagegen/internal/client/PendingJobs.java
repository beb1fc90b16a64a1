package dev.imagegen.internal.client;

import dev.imagegen.GenerationFailedException;
import dev.imagegen.internal.Logs;
import dev.imagegen.internal.op.Futures;
import dev.imagegen.spi.SharedStore;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps the store's {@link SharedStore.JobJournal journal} of paid jobs: a job is recorded when the vendor accepts it
 * (in a generation or a submission) or when it is resumed here, and forgotten once delivered: its result handed to the
 * caller, or its end final (the vendor reported a failure, or the caller cancelled it). A job whose request ended any
 * other way (a deadline, a closed client, a lost connection) stays recorded, resumable by its ref and, once this
 * process is gone, claimable by another. A journal that fails is logged, never fails the call: the job is paid for.
 */
final class PendingJobs {


    private final SharedStore.JobJournal journal;
    private final Map<Long, List<String>> byOperation = new ConcurrentHashMap<>();

    PendingJobs(SharedStore.JobJournal journal) {
        this.journal = journal;
    }

    /** Operation {@code opId} had job {@code ref} accepted. */
    void accepted(long opId, String ref) {
        byOperation.computeIfAbsent(opId, k -> new CopyOnWriteArrayList<>()).add(ref);
        quietly(record(ref), "record", ref);
    }

    private CompletionStage<Void> record(String ref) {
        try {
            return journal.record(ref);
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    private CompletionStage<Void> forget(String ref) {
        try {
            return journal.delivered(ref);
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    /** A job is resumed here: it is this process's to deliver now. */
    void resumed(String ref) {
        quietly(record(ref), "record", ref);
    }

    /** Operation {@code opId} handed its jobs to the caller (a submission): they are delivered as jobs, later. */
    void handedOver(long opId) {
        byOperation.remove(opId);
    }

    /** Operation {@code opId} (a generation) ended with {@code error} (null: its result was delivered). */
    void settled(long opId, Throwable error) {
        List<String> refs = byOperation.remove(opId);
        if (refs != null && isFinal(error)) {
            refs.forEach(ref -> quietly(forget(ref), "forget", ref));
        }
    }

    /** A job handed to the caller ended with {@code error} (null: its result was delivered). */
    void settled(String ref, Throwable error) {
        if (isFinal(error)) {
            quietly(forget(ref), "forget", ref);
        }
    }

    /** The refs of up to {@code max} jobs whose process is gone, now this one's. */
    CompletionStage<List<String>> claimOrphans(int max) {
        return journal.claimOrphans(max);
    }

    private static boolean isFinal(Throwable error) {
        Throwable c = error == null ? null : Futures.unwrap(error);
        return c == null || c instanceof GenerationFailedException || c instanceof CancellationException;
    }

    private static void quietly(CompletionStage<Void> f, String what, String ref) {
        if (f == null) {
            return;
        }
        f.whenComplete((v, e) -> {
            if (e != null) {
                Logs.STORE.warn("could not {} job {} in the shared journal: {}", what, ref, e.toString());
            }
        });
    }
}
