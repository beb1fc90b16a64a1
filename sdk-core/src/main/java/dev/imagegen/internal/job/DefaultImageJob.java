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
        /** The result of a finished job. */
        ImageResult assemble(TrackedJob job, ProviderResult result, long startNanos);

        /** The job's request ended (result, error, or a cancellation as the error). */
        void ended(TrackedJob job, long startNanos, ImageResult result, Throwable error);
    }

    private final TrackedJob job;
    private final JobDriver driver;
    private final ClientLifecycle lifecycle;
    private final Host host;
    private final Duration timeout;
    private final long startNanos = System.nanoTime();
    private volatile OperationFuture<ImageResult> future;
    private volatile boolean cancelled;

    public DefaultImageJob(TrackedJob job, JobDriver driver, ClientLifecycle lifecycle, Host host, Duration timeout) {
        this.job = job;
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
        OperationFuture<JobUpdate> f = lifecycle.start(providerId(), timeout, job.eventId(), null, true);
        driver.pollOnce(job, f.operation()).whenComplete(f::completeFrom);
        JobUpdate u = Futures.await(f, providerId());
        if (u.isTerminal()) {
            OperationFuture<ImageResult> result = ensureFuture(false);
            if (u.result() != null) {
                result.complete(host.assemble(job, u.result(), startNanos));
            } else {
                result.completeExceptionally(u.error());
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
            driver.await(job, op).whenComplete((pr, e) -> {
                if (e != null) {
                    f.completeExceptionally(e);
                } else {
                    try {
                        f.complete(host.assemble(job, pr, startNanos));
                    } catch (RuntimeException ex) {
                        f.completeExceptionally(ex);
                    }
                }
            });
        }
        return f;
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
