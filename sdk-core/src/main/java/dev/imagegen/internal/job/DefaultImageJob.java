package dev.imagegen.internal.job;

import dev.imagegen.DeadlineExceededException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageResult;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;
import dev.imagegen.internal.op.ClientLifecycle;
import dev.imagegen.internal.op.Futures;
import dev.imagegen.internal.op.Operation;
import dev.imagegen.internal.op.OperationFuture;
import dev.imagegen.spi.JobUpdate;
import dev.imagegen.spi.ProviderResult;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A job handed to the caller by {@code submit()} or {@code resume()}: a view of a {@link TrackedJob} that the
 * {@link JobDriver} runs. From the listener's point of view it is one request, which ends when its future settles.
 */
public final class DefaultImageJob implements ImageJob {

    /** What a job needs from the client: turning the vendor's result into an {@link ImageResult}, and its end event. */
    public interface Host {
        /** The result of a finished job, its URL outputs downloaded within {@code op} when {@code download}. */
        CompletableFuture<ImageResult> assemble(TrackedJob job, ProviderResult result, long startNanos, Operation op,
                                                boolean download);

        /** The job's request ended (result, error, or a cancellation as the error). */
        void ended(TrackedJob job, long startNanos, ImageResult result, Throwable error);
    }

    private final TrackedJob job;
    private final JobDriver driver;
    private final ClientLifecycle lifecycle;
    private final Host host;
    private final Duration timeout;
    private final boolean downloadOutputs;
    private final long startNanos = System.nanoTime();
    private volatile OperationFuture<ImageResult> future;
    private volatile boolean cancelled;

    /** {@code downloadOutputs}: whether URL outputs are downloaded with the result (the submitted request's choice). */
    public DefaultImageJob(TrackedJob job, JobDriver driver, ClientLifecycle lifecycle, Host host, Duration timeout,
                           boolean downloadOutputs) {
        this.job = job;
        this.downloadOutputs = downloadOutputs;
        this.driver = driver;
        this.lifecycle = lifecycle;
        this.host = host;
        this.timeout = timeout;
    }

    @Override
    public String id() {
        return job.id();
    }

    @Override
    public String providerId() {
        return job.provider().id();
    }

    @Override
    public String ref() {
        return job.ref();
    }

    @Override
    public JobStatus status() {
        return job.status();
    }

    @Override
    public void onStatus(Consumer<JobStatus> listener) {
        job.watch(listener);
    }

    @Override
    public JobStatus poll() {
        if (job.status().state().isTerminal()) {
            return job.status();
        }
        OperationFuture<Polled> f = lifecycle.start(providerId(), timeout, job.eventId(), null, true);
        Operation op = f.operation();
        // a finished job's outputs are downloaded within the same poll, so its result is complete when poll() returns
        driver.pollOnce(job, op).thenCompose(u -> u.result() == null ? CompletableFuture.completedFuture(new Polled(u, null))
                : host.assemble(job, u.result(), startNanos, op, downloadOutputs).thenApply(r -> new Polled(u, r)))
                .whenComplete(f::completeFrom);
        Polled p = Futures.await(f, providerId());
        if (p.update().isTerminal()) {
            OperationFuture<ImageResult> result = ensureFuture(false);
            if (p.result() != null) {
                result.complete(p.result());
            } else {
                result.completeExceptionally(p.update().error());
            }
        }
        return job.status();
    }

    @Override
    public ImageResult await(Duration wait) {
        CompletableFuture<ImageResult> f = toFuture();
        try {
            return f.get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DeadlineExceededException(new Details("job still running after " + wait.toMillis()
                    + " ms; it keeps running: await again, or resume it with its ref", providerId(), -1, null, null, id()), ref(), e);
        } catch (InterruptedException | ExecutionException e) {
            // one way of waiting and unwrapping for every blocking call (an interrupt cancels the job's polling)
            return Futures.await(f, providerId());
        }
    }

    @Override
    public CompletableFuture<ImageResult> toFuture() {
        return ensureFuture(true);
    }

    private synchronized OperationFuture<ImageResult> ensureFuture(boolean start) {
        if (future != null) {
            return future;
        }
        OperationFuture<ImageResult> f = lifecycle.start(providerId(), timeout, job.eventId(), null, false);
        Operation op = f.operation();
        Operation.AcceptedJob accepted = new Operation.AcceptedJob(job::ref, () -> driver.cancelAtVendor(job));
        op.accepted(accepted);
        f.onSettle((v, e) -> {
            accepted.ended();
            host.ended(job, startNanos, v, e);
        });
        future = f;
        if (cancelled) {
            f.cancel(false);
        } else if (start) {
            driver.await(job, op).thenCompose(pr -> host.assemble(job, pr, startNanos, op, downloadOutputs))
                    .whenComplete(f::completeFrom);
        }
        return f;
    }

    /** What one {@link #poll()} saw: the update, and the result when it finished the job. */
    private record Polled(JobUpdate update, ImageResult result) {
    }

    @Override
    public void cancel() {
        OperationFuture<ImageResult> f;
        synchronized (this) {
            cancelled = true;
            f = future;
        }
        if (f != null) {
            f.cancel(false);
        } else if (!job.status().state().isTerminal()) {
            driver.cancelAtVendor(job);
        }
        if (!job.status().state().isTerminal()) {
            job.setStatus(job.status().withState(JobState.CANCELLED));
        }
    }

    @Override
    public String toString() {
        return job.toString();
    }
}
