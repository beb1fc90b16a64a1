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

    /**
     * The vendor's job id.
     *
     * @return the job id as the vendor issued it
     */
    String id();

    /**
     * The provider id.
     *
     * @return the provider id, e.g. {@code fal}
     */
    String providerId();

    /**
     * An opaque, URL-safe string from which {@link ImageClient#resume(String)} rebuilds this job. Holds no secret.
     *
     * @return the ref, to store and later pass to {@link ImageClient#resume(String)}
     */
    String ref();

    /**
     * The status as last seen.
     *
     * @return the last status seen; no network call
     */
    JobStatus status();

    /**
     * Polls once now, on the calling thread, and returns the status seen.
     *
     * @return the status the vendor reported
     * @throws ImageGenerationException if the poll fails (after the client's retries)
     */
    JobStatus poll();

    /**
     * Waits up to {@code timeout} for the result, polling on the shared scheduler.
     *
     * @param timeout the longest to wait, zero or more
     * @return the images and facts of the finished job
     * @throws DeadlineExceededException when the job is still running after {@code timeout}; it keeps running
     * @throws ImageGenerationException  when it failed
     */
    ImageResult await(Duration timeout);

    /**
     * The result as a future; polling starts if it has not. Cancelling the future cancels the job.
     *
     * @return a future completing with the result or the job's error
     */
    CompletableFuture<ImageResult> toFuture();

    /**
     * Stops polling, completes the future as cancelled, and asks the vendor to stop the job where the provider has a
     * cancel endpoint (sent once). The vendor may still finish, and bill, the generation; vendors without a cancel
     * endpoint always may.
     */
    void cancel();

    /**
     * Calls {@code listener} on every status change, on the scheduler's thread; it must be fast and must not throw.
     *
     * @param listener called with each new status
     */
    void onStatus(Consumer<JobStatus> listener);
}
