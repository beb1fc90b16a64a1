package dev.imagegen;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A generation the vendor runs in the background (submit, then poll). Thread-safe. Its {@link #ref()} is a string any
 * {@link ImageClient} configured for the same provider can {@link ImageClient#resume(String) resume}, in another
 * process or on another machine, without paying again.
 *
 * <p>Waiting holds no thread: polls are tasks on the client's shared scheduler; only {@link #poll()} and
 * {@link #await(Duration)} block their caller.
 */
public interface ImageJob {

    /** The vendor's job id. */
    String id();

    /** The provider id. */
    String providerId();

    /** An opaque, URL-safe string from which {@link ImageClient#resume(String)} rebuilds this job. Holds no secret. */
    String ref();

    /** The status as last seen. */
    JobStatus status();

    /** Polls once now, on the calling thread, and returns the status seen. */
    JobStatus poll();

    /**
     * Waits up to {@code timeout} for the result, polling on the shared scheduler.
     *
     * @throws DeadlineExceededException when the job is still running after {@code timeout}; it keeps running
     * @throws ImageGenerationException  when it failed
     */
    ImageResult await(Duration timeout);

    /** The result as a future; polling starts if it has not. Cancelling the future cancels the job. */
    CompletableFuture<ImageResult> toFuture();

    /**
     * Stops polling, completes the future as cancelled, and asks the vendor to stop the job where the provider has a
     * cancel endpoint (sent once). The vendor may still finish, and bill, the generation; vendors without a cancel
     * endpoint always may.
     */
    void cancel();

    /** Calls {@code listener} on every status change, on the scheduler's thread; it must be fast and must not throw. */
    void onStatus(Consumer<JobStatus> listener);
}
