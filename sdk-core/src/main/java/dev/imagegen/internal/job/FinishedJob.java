package dev.imagegen.internal.job;

import dev.imagegen.ImageJob;
import dev.imagegen.ImageResult;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What {@code submit()} returns for a vendor that answers with the images: a job that finished in the submitting call.
 * There is nothing to poll, cancel or resume.
 */
public final class FinishedJob implements ImageJob {

    private final String providerId;
    private final String id;
    private final ImageResult result;

    public FinishedJob(String providerId, String requestId, ImageResult result) {
        this.providerId = providerId;
        this.id = requestId == null ? "" : requestId;
        this.result = result;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String providerId() {
        return providerId;
    }

    @Override
    public String ref() {
        throw new IllegalStateException("this job finished when it was submitted (the vendor answered with the images); "
                + "there is nothing to resume");
    }

    @Override
    public JobStatus status() {
        return JobStatus.of(JobState.SUCCEEDED);
    }

    @Override
    public JobStatus poll() {
        return status();
    }

    @Override
    public ImageResult await(Duration timeout) {
        return result;
    }

    @Override
    public CompletableFuture<ImageResult> toFuture() {
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public void cancel() {
        // finished: nothing to stop
    }

    @Override
    public void onStatus(Consumer<JobStatus> listener) {
        // the status never changes
    }

    @Override
    public String toString() {
        return "ImageJob{" + providerId + ", id=" + id + ", " + status() + "}";
    }
}
