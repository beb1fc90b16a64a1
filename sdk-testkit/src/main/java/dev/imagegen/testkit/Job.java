package dev.imagegen.testkit;

import java.time.Instant;
import java.util.List;

/** One asynchronous generation (WaveSpeed prediction, Segmind queue request, Lumoz async request, fal request). */
final class Job {
    enum State { QUEUED, RUNNING, COMPLETED, FAILED }

    final String id;
    final long createdNanos;
    final Instant createdAt;
    final long processingNanos;
    final List<ImageRenderer.Spec> specs;
    final String model;
    volatile boolean neverFinishes;
    volatile String failure;
    volatile boolean failedNow;

    // vendor specifics
    volatile boolean base64;
    volatile String apiVersion;
    volatile String webhook;
    volatile double cost;
    volatile double remainingCredits;
    volatile long numericId;
    /** fal: status polls so far, the queue position the submit reported, the steps asked for. */
    final java.util.concurrent.atomic.AtomicInteger falPolls = new java.util.concurrent.atomic.AtomicInteger();
    volatile int falQueue;
    volatile int falSteps;
    /** fal: the status route has reported COMPLETED (a cancel is then too late). */
    volatile boolean falReported;
    /** fal: cancelled before it completed; it then ends failed. */
    volatile boolean cancelled;
    /** The origin this job's URLs name ({@link EmulatorState#originFor}), fixed when it was created. */
    volatile String origin;
    /** Storage URLs of the outputs, registered when the job was created (URL-output jobs only). */
    volatile List<String> outputUrls = List.of();

    Job(String id, long createdNanos, Instant createdAt, long processingNanos, List<ImageRenderer.Spec> specs,
            String model) {
        this.id = id;
        this.createdNanos = createdNanos;
        this.createdAt = createdAt;
        this.processingNanos = processingNanos;
        this.specs = specs;
        this.model = model;
    }

    /** Applies a job fault that hit a request about this job; returns whether this poll must report "in progress". */
    boolean apply(Fault f, boolean isPoll) {
        if (f == null) {
            return false;
        }
        if (f.kind == Fault.Kind.JOB_FAILS) {
            failure = f.message;
            if (isPoll) {
                failedNow = true;
            }
            return false;
        }
        if (f.kind == Fault.Kind.JOB_NEVER_FINISHES) {
            if (!isPoll) {
                neverFinishes = true;
            }
            return isPoll;
        }
        return false;
    }

    /** The state now: queued for the first fifth of the processing time, then running, then done. */
    State state(boolean forceInProgress) {
        if (failedNow) {
            return State.FAILED;
        }
        long elapsed = System.nanoTime() - createdNanos;
        if (forceInProgress || neverFinishes || elapsed < processingNanos) {
            return elapsed < processingNanos / 5 ? State.QUEUED : State.RUNNING;
        }
        return failure != null ? State.FAILED : State.COMPLETED;
    }

    /** The inference time reported for this job, in milliseconds. */
    long inferenceMillis() {
        return EmulatorState.nominalMillis(processingNanos);
    }
}
