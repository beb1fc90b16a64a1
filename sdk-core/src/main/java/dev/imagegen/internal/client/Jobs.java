package dev.imagegen.internal.client;

import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;
import dev.imagegen.ModelInfo;
import dev.imagegen.ProgressListener;
import dev.imagegen.internal.ConfiguredProvider;
import dev.imagegen.internal.JobRefs;
import dev.imagegen.internal.Logs;
import dev.imagegen.internal.job.DefaultImageJob;
import dev.imagegen.internal.job.FinishedJob;
import dev.imagegen.internal.job.JobDriver;
import dev.imagegen.internal.job.TrackedJob;
import dev.imagegen.internal.op.ClientLifecycle;
import dev.imagegen.internal.op.Futures;
import dev.imagegen.internal.op.Operation;
import dev.imagegen.internal.op.OperationFuture;
import dev.imagegen.spi.JobHandle;
import dev.imagegen.spi.ProviderResult;
import okhttp3.HttpUrl;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code submit} and {@code resume}: jobs handed to the caller. A submission is routed, budgeted and failed over like
 * a generation (through the {@link CandidateRunner}) but stops at the vendor's answer; the job it returns, or the one
 * a ref rebuilds, is run by the {@link JobDriver}. Each is one request to the listener, ending when its future settles.
 */
final class Jobs implements DefaultImageJob.Host {

    private final ProviderSet providers;
    private final Router router;
    private final CandidateRunner runner;
    private final VendorCall calls;
    private final JobDriver driver;
    private final ResultAssembler assembler;
    private final ClientLifecycle lifecycle;
    private final RequestEvents events;
    private final ImageEventListener listener;
    private final Duration defaultTimeout;
    private final PendingJobs pending;

    Jobs(ProviderSet providers, Router router, CandidateRunner runner, VendorCall calls, JobDriver driver,
         ResultAssembler assembler, ClientLifecycle lifecycle, RequestEvents events, ImageEventListener listener,
         Duration defaultTimeout, PendingJobs pending) {
        this.pending = pending;
        this.providers = providers;
        this.router = router;
        this.runner = runner;
        this.calls = calls;
        this.driver = driver;
        this.assembler = assembler;
        this.lifecycle = lifecycle;
        this.events = events;
        this.listener = listener;
        this.defaultTimeout = defaultTimeout;
    }

    ImageJob submit(ImageRequest r, ProgressListener progress) {
        Route route = router.route(r);
        Route.Plan primary = route.primary();
        if (route.calls() > 1) {
            throw InvalidRequestException.forField(primary.id(), "count", "submit() sends one vendor call, and "
                    + primary.model() + " returns at most " + primary.model().maxCountPerCall() + " per call; use generate() or generateAsync()",
                    List.of("1.." + primary.model().maxCountPerCall()));
        }
        runner.checkBudget(route);
        Duration timeout = r.timeout().orElse(defaultTimeout);
        OperationFuture<ImageJob> f = lifecycle.start(primary.id(), timeout, 0, progress, true);
        Operation op = f.operation();
        long start = System.nanoTime();
        events.started(op.id(), primary.id(), primary.model().id(), 1);
        // a job handed over is one request that ends with its own future; a failed submission ends here
        f.onSettle((job, e) -> {
            if (e != null) {
                events.ended(op.id(), primary.id(), primary.model().id(), start, null, e);
            }
        });
        CallLog log = new CallLog(1);
        runner.run(route, 0, op, log, (cand, call, state) -> calls.submit(cand, call, state, op),
                s -> s.value().result() == null ? null : Pricing.amountOf(s.cp(), s.model(), s.call(), s.value().result()))
                .whenComplete((served, e) -> {
                    if (e != null) {
                        pending.settled(op.id(), e);
                        f.completeExceptionally(e);
                        return;
                    }
                    pending.handedOver(op.id());
                    handOver(route, log, served, op, start, timeout, r.downloadOutputs()).whenComplete(f::completeFrom);
                });
        return Futures.await(f, primary.id());
    }

    /** The job to hand over: the accepted one, or a finished one holding a synchronous vendor's downloaded images. */
    private CompletableFuture<ImageJob> handOver(Route route, CallLog log, CandidateRunner.Served<VendorCall.Submitted> served,
                                                 Operation op, long start, Duration timeout, boolean download) {
        VendorCall.Submitted s = served.value();
        if (s.job() != null) {
            return CompletableFuture.completedFuture(new DefaultImageJob(s.job(), driver, lifecycle, this, timeout, download));
        }
        CandidateRunner.Served<ProviderResult> part = new CandidateRunner.Served<>(served.cp(), served.model(), served.call(), s.result());
        try {
            return assembler.routed(route, log, List.of(part), start, op).thenApply(result -> {
                events.ended(op.id(), served.cp().id(), served.model().id(), start, result, null);
                return new FinishedJob(served.cp().id(), s.result().requestId(), result);
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Claims up to {@code max} jobs of processes that are gone and resumes them here; a ref this client cannot resume
     * (a provider it lacks) is logged and stays in the journal, under this process.
     */
    List<ImageJob> adoptOrphans(int max, Duration wait) {
        List<String> refs;
        try {
            refs = BudgetTracker.bounded(pending.claimOrphans(max).toCompletableFuture(), wait.toMillis(), null).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw (RuntimeException) Futures.unwrap(e);
        }
        List<ImageJob> out = new java.util.ArrayList<>();
        for (String ref : refs) {
            try {
                out.add(resume(ref));
            } catch (InvalidRequestException e) {
                Logs.STORE.warn("claimed job {} but cannot resume it here: {}", ref, e.getMessage());
            }
        }
        return out;
    }


    ImageJob resume(String ref) {
        JobHandle h = JobRefs.decode(ref);
        ConfiguredProvider cp = providers.find(h.providerId()).orElseThrow(() -> InvalidRequestException.forField(h.providerId(),
                "ref", "names provider '" + h.providerId() + "', which this client has not configured", providers.ids()));
        ModelInfo model = cp.model(h.modelId()).orElseThrow(() -> InvalidRequestException.forField(h.providerId(), "ref",
                "names model '" + h.modelId() + "', unknown to " + h.providerId(), cp.models().stream().map(ModelInfo::id).toList()));
        HttpUrl poll = HttpUrl.parse(h.pollUrl());
        if (poll == null || !cp.target().sameOrigin(poll)) {
            throw InvalidRequestException.forField(h.providerId(), "ref", "polls " + (poll == null ? "'" + h.pollUrl() + "'"
                    : poll.scheme() + "://" + poll.host() + ":" + poll.port()) + ", which is not the API origin of " + cp.id()
                    + " (" + cp.config().baseUrl() + "); the SDK polls jobs only there", List.of());
        }
        lifecycle.checkOpen(cp.id());
        long eventId = ClientLifecycle.newEventId();
        events.started(eventId, cp.id(), model.id(), 1);
        TrackedJob job = new TrackedJob(cp, model, h, JobStatus.of(JobState.RUNNING), eventId, listener);
        pending.resumed(ref);
        return new DefaultImageJob(job, driver, lifecycle, this, defaultTimeout, true);
    }

    @Override
    public CompletableFuture<ImageResult> assemble(TrackedJob job, ProviderResult result, long startNanos, Operation op,
                                                   boolean download) {
        try {
            return assembler.ofJob(job.provider(), job.model(), result, startNanos, op, download, job.eventId());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void ended(TrackedJob job, long startNanos, ImageResult result, Throwable error) {
        pending.settled(job.ref(), error);
        events.ended(job.eventId(), job.provider().id(), job.model().id(), startNanos, result, error);
    }
}
