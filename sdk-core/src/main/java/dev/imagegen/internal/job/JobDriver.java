package dev.imagegen.internal.job;

import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.JobStatus;
import dev.imagegen.ModelNotFoundException;
import dev.imagegen.internal.ConfiguredProvider;
import dev.imagegen.internal.ErrorAccess;
import dev.imagegen.internal.ImageCheck;
import dev.imagegen.internal.Logs;
import dev.imagegen.internal.Redaction;
import dev.imagegen.internal.http.Exchange;
import dev.imagegen.internal.http.HttpPipeline;
import dev.imagegen.internal.op.ClientLifecycle;
import dev.imagegen.internal.op.Futures;
import dev.imagegen.internal.op.Operation;
import dev.imagegen.internal.op.OperationFuture;
import dev.imagegen.spi.JobHandle;
import dev.imagegen.spi.JobUpdate;
import dev.imagegen.spi.ProviderResult;
import dev.imagegen.spi.WireRequest;
import okhttp3.HttpUrl;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The one job driver: every operation that has a job (a generation on a submit-and-poll vendor, a submitted or resumed
 * job, its {@code poll()}) runs it the same way, in the spirit of Azure's {@code PollingStrategy}: the provider
 * describes each poll ({@code pollRequest}/{@code parsePoll}) and its cancel, the driver schedules and sends.
 *
 * <p>Schedule: the first poll after the initial interval, each next one half again as long, up to the maximum (by
 * default 500 ms, 750 ms, 1.1 s, ... 5 s); a {@code fetchNow} update polls its next URL at once. Waiting holds no
 * thread: each next poll is a task on the client's scheduler, each poll an exchange through the one pipeline (so a
 * 429 or 5xx on a poll is retried there, and the operation's deadline and stop end the loop). The driver polls and
 * cancels only on the provider's API origin, where the credential goes.
 */
public final class JobDriver {

    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(30);

    private final HttpPipeline pipeline;
    private final ClientLifecycle lifecycle;
    private final Duration initial;
    private final Duration max;

    public JobDriver(HttpPipeline pipeline, ClientLifecycle lifecycle, Duration initial, Duration max) {
        this.pipeline = pipeline;
        this.lifecycle = lifecycle;
        this.initial = initial;
        this.max = max;
    }

    /**
     * Polls until the job ends: completes with its result, or with its failure or the operation's stop error. Every
     * failure that does not prove the job failed carries the job's ref (see {@link #withRef}).
     */
    public CompletableFuture<ProviderResult> await(TrackedJob job, Operation op) {
        CompletableFuture<ProviderResult> result = new CompletableFuture<>();
        next(job, op, initial, result);
        return withRef(result, job);
    }

    /**
     * {@code f}, whose failure, unless it proves the job failed (a {@link GenerationFailedException} from the vendor),
     * carries the job's ref and is not retryable: the paid job exists, so it is resumed, never submitted again.
     */
    private static <T> CompletableFuture<T> withRef(CompletableFuture<T> f, TrackedJob job) {
        return f.whenComplete((v, e) -> {
            if (Futures.unwrap(e) instanceof ImageGenerationException ige && !(ige instanceof GenerationFailedException)) {
                ErrorAccess.withJobRef(ige, job.ref());
            }
        });
    }

    private void next(TrackedJob job, Operation op, Duration interval, CompletableFuture<ProviderResult> result) {
        Duration wait = Duration.ofMillis(Math.min(interval.toMillis(), op.remainingMillis()));
        op.schedule(wait, () -> {
            if (op.stopped() != null) {
                result.completeExceptionally(op.stopError(null));
                return;
            }
            poll(job, op).whenComplete((u, e) -> {
                if (e != null) {
                    result.completeExceptionally(Futures.unwrap(e));
                } else if (u.result() != null) {
                    result.complete(u.result());
                } else if (u.error() != null) {
                    result.completeExceptionally(u.error());
                } else {
                    next(job, op, grow(interval), result);
                }
            });
        });
    }

    /** One poll now, following {@code fetchNow} updates at once; completes with the last update seen. */
    public CompletableFuture<JobUpdate> pollOnce(TrackedJob job, Operation op) {
        return withRef(poll(job, op), job);
    }

    private CompletableFuture<JobUpdate> poll(TrackedJob job, Operation op) {
        JobHandle h = job.handle();
        ConfiguredProvider cp = job.provider();
        WireRequest request;
        try {
            request = cp.provider().pollRequest(h);
            checkOrigin(cp, request, "poll");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return pipeline.send(Exchange.api(cp.target(), request, op, w -> pollError(job, request, cp.provider().mapError(w)),
                w -> ImageCheck.update(cp.provider().parsePoll(h, w))))
                .thenCompose(answer -> {
                    JobUpdate u = scrubbed(answer);
                    job.apply(u);
                    return u.next() != null ? poll(job, op) : CompletableFuture.completedFuture(u);
                });
    }

    /**
     * Asks the vendor to stop the job, once per job however often it is asked, when the provider has a cancel endpoint: in an operation of its own (the
     * caller's has been cancelled), through the pipeline like any request. The outcome is only logged: the caller's
     * future is already cancelled, and the vendor may have finished the job anyway.
     */
    public void cancelAtVendor(TrackedJob job) {
        if (!job.firstCancel()) {
            return;
        }
        ConfiguredProvider cp = job.provider();
        Optional<WireRequest> cancel;
        try {
            cancel = cp.provider().cancelRequest(job.handle());
            if (cancel.isPresent()) {
                checkOrigin(cp, cancel.get(), "cancel");
            }
        } catch (RuntimeException e) {
            Logs.JOBS.warn("{} job {}: could not describe its cancel request: {}", cp.id(), job.id(), e.toString());
            return;
        }
        if (cancel.isEmpty() || lifecycle.isClosed()) {
            return;
        }
        OperationFuture<Object> f;
        try {
            f = lifecycle.start(cp.id(), CANCEL_TIMEOUT, job.eventId(), null, false);
        } catch (RuntimeException closed) {
            return;
        }
        pipeline.send(Exchange.api(cp.target(), cancel.get(), f.operation(), cp.provider()::mapError, w -> (Object) w.status()))
                .whenComplete((status, e) -> {
                    if (e != null) {
                        Logs.JOBS.info("{} job {}: the vendor refused to cancel it: {}", cp.id(), job.id(), Futures.unwrap(e).getMessage());
                    } else {
                        Logs.JOBS.debug("{} job {}: cancel accepted (HTTP {})", cp.id(), job.id(), status);
                    }
                    f.completeFrom(status, e);
                });
    }

    /**
     * The provider's reading of a poll's error, except that a poll cannot mean the model or the request is unknown: the
     * vendor accepted both when it took the job. A "not found" or "invalid request" answer to a poll says the job
     * (expired, unknown to the vendor) or the poll path is wrong: an invalid response naming what was polled, and
     * never a reason to submit again (the driver adds the job's ref).
     */
    private static ImageGenerationException pollError(TrackedJob job, WireRequest request, ImageGenerationException mapped) {
        if (!(mapped instanceof ModelNotFoundException || mapped instanceof InvalidRequestException)) {
            return mapped;
        }
        HttpUrl url = HttpUrl.parse(request.url());
        String path = url == null ? "its poll URL" : url.encodedPath();
        Details d = mapped.details();
        return new InvalidResponseException(new Details("polling job " + job.id() + " at " + path + " was answered "
                + (d.httpStatus() > 0 ? "HTTP " + d.httpStatus() : "with an error") + " (" + d.summary()
                + "): the vendor does not know the job, or the poll path is wrong", d.providerId(), d.httpStatus(),
                d.vendorCode(), d.vendorMessage(), d.requestId()), mapped);
    }

    /** The update with the client's secrets scrubbed from what the vendor said (status, log lines, error). */
    private JobUpdate scrubbed(JobUpdate u) {
        Redaction r = pipeline.redaction();
        JobStatus s = r.scrub(u.status());
        if (u.error() != null) {
            return JobUpdate.failed(s, r.scrub(u.error()));
        }
        if (s == u.status()) {
            return u;
        }
        return u.result() != null ? JobUpdate.succeeded(s, u.result()) : u.next() != null ? JobUpdate.fetchNow(s, u.next())
                : JobUpdate.waiting(s);
    }

    /** Refuses a poll or cancel URL off the API origin: the credential would not go there, or it would leak. */
    private static void checkOrigin(ConfiguredProvider cp, WireRequest request, String what) {
        HttpUrl url = HttpUrl.parse(request.url());
        if (url == null || !cp.target().sameOrigin(url)) {
            String where = url == null ? "'" + request.url() + "'" : url.scheme() + "://" + url.host() + ":" + url.port();
            throw new InvalidResponseException(new Details("refused to " + what + " the job at " + where
                    + ", which is not the API origin " + cp.target().apiOrigin().scheme() + "://" + cp.target().apiOrigin().host()
                    + ":" + cp.target().apiOrigin().port(), cp.id(), -1, null, null, null), null);
        }
    }

    private Duration grow(Duration interval) {
        return Duration.ofMillis(Math.min(interval.toMillis() * 3 / 2, max.toMillis()));
    }
}
