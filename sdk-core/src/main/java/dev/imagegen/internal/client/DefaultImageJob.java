package dev.imagegen.internal.client;

import dev.imagegen.DeadlineExceededException;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageResult;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;
import dev.imagegen.ModelInfo;
import dev.imagegen.internal.JobRefs;
import dev.imagegen.internal.Listeners;
import dev.imagegen.internal.http.HttpTransport;
import dev.imagegen.internal.http.OpContext;
import dev.imagegen.spi.JobHandle;
import dev.imagegen.spi.JobUpdate;
import dev.imagegen.spi.ProviderResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A job being polled. The poll schedule starts at the client's initial interval and grows by half each poll up to the
 * maximum (defaults 500 ms, then 750 ms, 1.1 s, ... up to 5 s); a poll answered 429 or 5xx is retried under the retry
 * policy, honouring Retry-After. Waiting holds no thread: each next poll is a task on the shared scheduler.
 */
final class DefaultImageJob implements ImageJob {

    private static final Logger LOG = LoggerFactory.getLogger("dev.imagegen.jobs");

    private final Engine engine;
    private final ConfiguredProvider cp;
    private final ModelInfo model;
    private final Duration timeout;
    private final long operationId;
    private final long startNanos = System.nanoTime();
    private final List<Consumer<JobStatus>> listeners = new CopyOnWriteArrayList<>();
    private final String fixedId;
    private volatile JobHandle handle;
    private volatile JobStatus status;
    private volatile OpFuture<ImageResult> future;
    private volatile boolean cancelled;

    DefaultImageJob(Engine engine, ConfiguredProvider cp, ModelInfo model, JobHandle handle, JobStatus status,
                    Duration timeout, long operationId) {
        this.engine = engine;
        this.cp = cp;
        this.model = model;
        this.handle = handle;
        this.status = status;
        this.timeout = timeout;
        this.operationId = operationId;
        this.fixedId = null;
    }

    private DefaultImageJob(Engine engine, ConfiguredProvider cp, ModelInfo model, String id, ImageResult result) {
        this.engine = engine;
        this.cp = cp;
        this.model = model;
        this.handle = null;
        this.status = JobStatus.of(JobState.SUCCEEDED);
        this.timeout = Duration.ZERO;
        this.operationId = 0;
        this.fixedId = id == null ? "" : id;
        OpFuture<ImageResult> f = new OpFuture<>(List.of());
        f.complete(result);
        this.future = f;
    }

    /** A job that finished in the submitting call (a vendor that answers with the images). */
    static DefaultImageJob finished(Engine engine, ConfiguredProvider cp, ModelInfo model, String requestId, ImageResult result) {
        return new DefaultImageJob(engine, cp, model, requestId, result);
    }

    @Override
    public String id() {
        return handle != null ? handle.jobId() : fixedId;
    }

    @Override
    public String providerId() {
        return cp.id();
    }

    @Override
    public String ref() {
        if (handle == null) {
            throw new IllegalStateException("this job finished when it was submitted (the vendor answered with the images); "
                    + "there is nothing to resume");
        }
        return JobRefs.encode(handle);
    }

    @Override
    public JobStatus status() {
        return status;
    }

    @Override
    public void onStatus(Consumer<JobStatus> listener) {
        listeners.add(listener);
    }

    @Override
    public JobStatus poll() {
        if (handle == null || status.state().isTerminal()) {
            return status;
        }
        OpContext op = newOp();
        int n = 0;
        while (true) {
            JobHandle h = handle;
            JobUpdate u = engine.transport().execute(cp.target(), cp.provider().pollRequest(h), op, cp.provider()::mapError,
                    w -> cp.provider().parsePoll(h, w));
            apply(u, ++n);
            if (u.next() != null) {
                handle = u.next();
                continue;
            }
            if (u.isTerminal()) {
                completeFrom(u);
            }
            return status;
        }
    }

    private void completeFrom(JobUpdate u) {
        OpFuture<ImageResult> f = ensureFuture(false);
        if (u.result() != null) {
            f.complete(engine.assemble(cp, model, null, List.of(u.result()), List.of(), startNanos, operationId));
        } else {
            f.completeExceptionally(u.error());
        }
    }

    @Override
    public ImageResult await(Duration wait) {
        CompletableFuture<ImageResult> f = toFuture();
        try {
            return f.get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            String ref = handle == null ? null : ref();
            throw new DeadlineExceededException(new Details("job still running after " + wait.toMillis()
                    + " ms; it keeps running: await again, or resume it with its ref", cp.id(), -1, null, null, id()), ref, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageGenerationException(Details.of("interrupted").withProvider(cp.id()), false, e);
        } catch (ExecutionException e) {
            Throwable c = Engine.unwrap(e);
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new ImageGenerationException(Details.of("job failed: " + c).withProvider(cp.id()), false, c);
        }
    }

    @Override
    public CompletableFuture<ImageResult> toFuture() {
        return ensureFuture(true);
    }

    private synchronized OpFuture<ImageResult> ensureFuture(boolean start) {
        if (future != null) {
            return future;
        }
        OpContext op = newOp();
        if (handle != null) {
            op.setJobRef(ref());
        }
        OpFuture<ImageResult> f = new OpFuture<>(List.of(op));
        // a job handed to the caller (submit, resume) is one request from the listener's point of view: it ends here
        f.onSettle((v, e) -> engine.jobEnded(operationId, cp.id(), model.id(), startNanos, v, e));
        future = f;
        if (cancelled) {
            f.cancel(false);
            return f;
        }
        if (start) {
            pollAsync(op).whenComplete((pr, e) -> {
                if (e != null) {
                    f.completeExceptionally(Engine.unwrap(e));
                } else {
                    f.complete(engine.assemble(cp, model, null, List.of(pr), List.of(), startNanos, operationId));
                }
            });
            f.setDeadlineTimer(engine.transport().scheduler().schedule(() -> {
                op.expire();
                f.completeExceptionally(HttpTransport.deadline(op, null));
            }, op.remainingMillis(), TimeUnit.MILLISECONDS));
        }
        return f;
    }

    @Override
    public void cancel() {
        cancelled = true;
        OpFuture<ImageResult> f;
        synchronized (this) {
            f = future;
        }
        if (f != null) {
            f.cancel(false);
        }
        if (!status.state().isTerminal()) {
            setStatus(new JobStatus(JobState.CANCELLED, status.vendorStatus(), null));
        }
    }

    private OpContext newOp() {
        var clock = engine.transport().settings().clock();
        Instant deadline = Instant.ofEpochMilli(clock.millis()).plus(timeout);
        // polls report under the job's operation id, so they belong to the request that submitted or resumed it
        return operationId != 0 ? new OpContext(cp.id(), deadline, clock, operationId) : new OpContext(cp.id(), deadline, clock);
    }

    // ---- the poll loop, blocking and scheduled ----

    /** Polls on the calling thread until the job ends or {@code op}'s deadline passes. */
    ProviderResult pollUntilDone(OpContext op) {
        Duration interval = engine.settings().pollInitial();
        int n = 0;
        while (true) {
            engine.transport().checkAlive(op, null);
            try {
                engine.transport().settings().sleeper().sleep(min(interval, Duration.ofMillis(op.remainingMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImageGenerationException(Details.of("interrupted while polling").withProvider(cp.id()), false, e);
            }
            engine.transport().checkAlive(op, null);
            while (true) {
                JobHandle h = handle;
                JobUpdate u = engine.transport().execute(cp.target(), cp.provider().pollRequest(h), op, cp.provider()::mapError,
                        w -> cp.provider().parsePoll(h, w));
                apply(u, ++n);
                if (u.next() != null) {
                    handle = u.next();
                    op.setJobRef(ref());
                    continue;
                }
                if (u.result() != null) {
                    return u.result();
                }
                if (u.error() != null) {
                    throw u.error();
                }
                break;
            }
            interval = grow(interval);
        }
    }

    /** Polls on the shared scheduler; the future completes when the job ends. */
    CompletableFuture<ProviderResult> pollAsync(OpContext op) {
        CompletableFuture<ProviderResult> f = new CompletableFuture<>();
        schedule(op, f, engine.settings().pollInitial(), 0);
        return f;
    }

    private void schedule(OpContext op, CompletableFuture<ProviderResult> f, Duration interval, int n) {
        if (f.isDone()) {
            return;
        }
        Duration delay = min(interval, Duration.ofMillis(op.remainingMillis()));
        op.setScheduled(engine.transport().settings().sleeper().schedule(delay, () -> pollOnce(op, f, interval, n),
                engine.transport().scheduler()));
    }

    private void pollOnce(OpContext op, CompletableFuture<ProviderResult> f, Duration interval, int n) {
        if (f.isDone()) {
            return;
        }
        try {
            engine.transport().checkAlive(op, null);
        } catch (RuntimeException e) {
            f.completeExceptionally(e);
            return;
        }
        JobHandle h = handle;
        engine.transport().executeAsync(cp.target(), cp.provider().pollRequest(h), op, cp.provider()::mapError,
                w -> cp.provider().parsePoll(h, w)).whenComplete((u, e) -> {
                    if (e != null) {
                        f.completeExceptionally(Engine.unwrap(e));
                        return;
                    }
                    try {
                        apply(u, n + 1);
                    } catch (RuntimeException ex) {
                        f.completeExceptionally(ex);
                        return;
                    }
                    if (u.next() != null) {
                        handle = u.next();
                        op.setJobRef(ref());
                        pollOnce(op, f, interval, n + 1);
                    } else if (u.result() != null) {
                        f.complete(u.result());
                    } else if (u.error() != null) {
                        f.completeExceptionally(u.error());
                    } else {
                        schedule(op, f, grow(interval), n + 1);
                    }
                });
    }

    private void apply(JobUpdate u, int pollNumber) {
        JobStatus s = u.status();
        Listeners.safely(engine.transport().settings().listener(), l -> l.poll(new ImageEventListener.Poll(operationId,
                cp.id(), id(), s, pollNumber)));
        setStatus(s);
    }

    private void setStatus(JobStatus s) {
        JobStatus old = status;
        status = s;
        if (old.state() != s.state() || !java.util.Objects.equals(old.queuePosition(), s.queuePosition())) {
            LOG.debug("{} job {} is now {}", cp.id(), id(), s);
            Listeners.safely(engine.transport().settings().listener(), l -> l.jobStateChanged(
                    new ImageEventListener.JobStateChanged(operationId, cp.id(), id(), s)));
            for (Consumer<JobStatus> l : listeners) {
                try {
                    l.accept(s);
                } catch (RuntimeException e) {
                    LOG.warn("job status listener threw; ignored", e);
                }
            }
        }
    }

    private Duration grow(Duration interval) {
        long next = interval.toMillis() * 3 / 2;
        return Duration.ofMillis(Math.min(next, engine.settings().pollMax().toMillis()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public String toString() {
        return "ImageJob{" + cp.id() + ", id=" + id() + ", " + status + "}";
    }
}
