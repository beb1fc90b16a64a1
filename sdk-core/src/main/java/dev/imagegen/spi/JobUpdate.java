package dev.imagegen.spi;

import dev.imagegen.ImageGenerationException;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a provider makes of one poll: still waiting, done with a result, failed with an error, or move on to another
 * URL now (e.g. from a status endpoint to a result endpoint).
 */
public final class JobUpdate {

    private final JobStatus status;
    private final @Nullable ProviderResult result;
    private final @Nullable ImageGenerationException error;
    private final @Nullable JobHandle next;

    private JobUpdate(JobStatus status, @Nullable ProviderResult result, @Nullable ImageGenerationException error,
                      @Nullable JobHandle next) {
        this.status = Objects.requireNonNull(status, "status");
        this.result = result;
        this.error = error;
        this.next = next;
    }

    /**
     * Still queued or running; poll again later.
     *
     * @param status the job's status, in state {@link JobState#QUEUED} or {@link JobState#RUNNING}
     * @return an update that makes the core poll again after its poll interval
     * @throws IllegalArgumentException if {@code status} is terminal
     */
    public static JobUpdate waiting(JobStatus status) {
        if (status.state().isTerminal()) {
            throw new IllegalArgumentException("waiting() takes QUEUED or RUNNING, got " + status);
        }
        return new JobUpdate(status, null, null, null);
    }

    /**
     * Finished with images.
     *
     * @param status the job's final status
     * @param result the images and facts the job produced
     * @return a terminal update carrying the result
     */
    public static JobUpdate succeeded(JobStatus status, ProviderResult result) {
        return new JobUpdate(status, Objects.requireNonNull(result, "result"), null, null);
    }

    /**
     * Finished without images.
     *
     * @param status the job's final status
     * @param error  what the caller's future completes with, e.g. a {@link dev.imagegen.GenerationFailedException}
     * @return a terminal update carrying the error
     */
    public static JobUpdate failed(JobStatus status, ImageGenerationException error) {
        return new JobUpdate(status, null, Objects.requireNonNull(error, "error"), null);
    }

    /**
     * Poll {@code next} at once (no delay), e.g. the result URL once the status URL says the job is done.
     *
     * @param status the status seen on this poll
     * @param next   the handle to poll at once; its URL must be on the provider's API origin
     * @return a non-terminal update that makes the core poll {@code next} without waiting
     */
    public static JobUpdate fetchNow(JobStatus status, JobHandle next) {
        return new JobUpdate(status, null, null, Objects.requireNonNull(next, "next"));
    }

    /**
     * The status seen.
     *
     * @return the job status this poll reported
     */
    public JobStatus status() {
        return status;
    }

    /**
     * The result, when succeeded.
     *
     * @return the result, or null unless the update is {@link #succeeded}
     */
    public @Nullable ProviderResult result() {
        return result;
    }

    /**
     * The error, when failed.
     *
     * @return the error, or null unless the update is {@link #failed}
     */
    public @Nullable ImageGenerationException error() {
        return error;
    }

    /**
     * The handle to poll at once, or null.
     *
     * @return the handle to poll at once, or null unless the update is {@link #fetchNow}
     */
    public @Nullable JobHandle next() {
        return next;
    }

    /**
     * Whether the job has ended (succeeded or failed).
     *
     * @return true for a succeeded or failed update; false for waiting and fetch-now
     */
    public boolean isTerminal() {
        return result != null || error != null;
    }

    @Override
    public String toString() {
        return "JobUpdate{" + status + (next != null ? ", next=" + next.pollUrl() : "")
                + (error != null ? ", error=" + error.getMessage() : "") + "}";
    }

    /**
     * Convenience: a status with the neutral state and the vendor's word.
     *
     * @param state        the neutral state
     * @param vendorStatus the vendor's own status word (e.g. {@code IN_QUEUE}), or null when it gave none
     * @return a status with no queue position, progress or logs
     */
    public static JobStatus status(JobState state, @Nullable String vendorStatus) {
        return new JobStatus(state, vendorStatus, null);
    }
}
