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

    /** Still queued or running; poll again later. */
    public static JobUpdate waiting(JobStatus status) {
        if (status.state().isTerminal()) {
            throw new IllegalArgumentException("waiting() takes QUEUED or RUNNING, got " + status);
        }
        return new JobUpdate(status, null, null, null);
    }

    /** Finished with images. */
    public static JobUpdate succeeded(JobStatus status, ProviderResult result) {
        return new JobUpdate(status, Objects.requireNonNull(result, "result"), null, null);
    }

    /** Finished without images. */
    public static JobUpdate failed(JobStatus status, ImageGenerationException error) {
        return new JobUpdate(status, null, Objects.requireNonNull(error, "error"), null);
    }

    /** Poll {@code next} at once (no delay), e.g. the result URL once the status URL says the job is done. */
    public static JobUpdate fetchNow(JobStatus status, JobHandle next) {
        return new JobUpdate(status, null, null, Objects.requireNonNull(next, "next"));
    }

    /** The status seen. */
    public JobStatus status() {
        return status;
    }

    /** The result, when succeeded. */
    public @Nullable ProviderResult result() {
        return result;
    }

    /** The error, when failed. */
    public @Nullable ImageGenerationException error() {
        return error;
    }

    /** The handle to poll at once, or null. */
    public @Nullable JobHandle next() {
        return next;
    }

    /** Whether the job has ended (succeeded or failed). */
    public boolean isTerminal() {
        return result != null || error != null;
    }

    @Override
    public String toString() {
        return "JobUpdate{" + status + (next != null ? ", next=" + next.pollUrl() : "")
                + (error != null ? ", error=" + error.getMessage() : "") + "}";
    }

    /** Convenience: a status with the neutral state and the vendor's word. */
    public static JobStatus status(JobState state, @Nullable String vendorStatus) {
        return new JobStatus(state, vendorStatus, null);
    }
}
