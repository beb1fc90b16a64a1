package dev.imagegen.internal.client;

import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;
import dev.imagegen.RequestProgress;
import dev.imagegen.internal.ConfiguredProvider;
import dev.imagegen.internal.ImageCheck;
import dev.imagegen.internal.http.Exchange;
import dev.imagegen.internal.http.HttpPipeline;
import dev.imagegen.internal.job.JobDriver;
import dev.imagegen.internal.job.TrackedJob;
import dev.imagegen.internal.op.Operation;
import dev.imagegen.spi.ProviderResponse;
import dev.imagegen.spi.ProviderResult;
import dev.imagegen.spi.WireRequest;
import dev.imagegen.spi.WireResponse;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What one candidate does for one vendor call: the provider's {@code prepare}, the exchange through the pipeline, its
 * {@code parse}, and for a job the driver's polling. A paid submission to a submit-and-poll model survives a cancel
 * until its answer names the job, which is then cancelled at the vendor; the job's ref goes on the operation so a
 * deadline or a close leaves it resumable, and in the store's journal ({@link PendingJobs}) until delivered. The request's own progress listener hears each step.
 */
final class VendorCall {

    private final HttpPipeline pipeline;
    private final JobDriver driver;
    private final ImageEventListener listener;
    private final PendingJobs pending;

    VendorCall(HttpPipeline pipeline, JobDriver driver, ImageEventListener listener, PendingJobs pending) {
        this.pipeline = pipeline;
        this.pending = pending;
        this.driver = driver;
        this.listener = listener;
    }

    /** Sends the call and, for a job, polls it to the end: completes with the vendor's result. */
    CompletableFuture<ProviderResult> generate(Route.Plan cand, ImageRequest call, CandidateRunner.CallState state,
                                               Operation op, int calls) {
        Call c = new Call(cand, call, state, op, calls);
        return send(c).thenCompose(c);
    }

    /** What a submission gave: the images of a synchronous vendor, or the accepted job (not polled here). */
    record Submitted(ProviderResult result, TrackedJob job) {
    }

    /** Sends the call: completes with the images, or the job the vendor accepted. */
    CompletableFuture<Submitted> submit(Route.Plan cand, ImageRequest call, CandidateRunner.CallState state, Operation op) {
        return send(new Call(cand, call, state, op, 1)).thenApply(resp -> {
            if (resp instanceof ProviderResponse.Completed c) {
                report(op, cand, null, state, 1, JobStatus.of(JobState.SUCCEEDED));
                return new Submitted(c.result(), null);
            }
            return new Submitted(null, accept(cand, (ProviderResponse.Pending) resp, state, op, 1));
        });
    }

    /** The job of an accepted submission, tracked under the operation: its ref, its cancel, its progress. */
    TrackedJob accept(Route.Plan cand, ProviderResponse.Pending p, CandidateRunner.CallState state, Operation op, int calls) {
        state.jobAccepted = true;
        TrackedJob job = new TrackedJob(cand.cp(), cand.model(), p.job(), p.status(), op.id(), listener);
        pending.accepted(op.id(), job.ref());
        job.watch(s -> report(op, cand, job.id(), state, calls, s));
        report(op, cand, job.id(), state, calls, p.status());
        Operation.AcceptedJob accepted = new Operation.AcceptedJob(job::ref, () -> driver.cancelAtVendor(job));
        op.accepted(accepted);
        job.watch(s -> {
            if (s.state().isTerminal()) {
                accepted.ended();
            }
        });
        return job;
    }

    private CompletableFuture<ProviderResponse> send(Call c) {
        ConfiguredProvider cp = c.cand.cp();
        WireRequest wr = cp.provider().prepare(c.call, c.cand.model());
        Exchange<ProviderResponse> x = Exchange.api(cp.target(), wr, c.op, c, c);
        if (wr.paid() && c.cand.model().asynchronous()) {
            x = x.survivingCancel();
        }
        report(c.op, c.cand, null, c.state, c.calls, JobStatus.of(JobState.RUNNING));
        return pipeline.send(x).whenComplete(c);
    }

    /**
     * One vendor call's callbacks: the provider's error mapping and parsing of the answer, the failure report, and for
     * {@link #generate} what follows the answer. A named class, not four lambdas each spun on a fresh JVM's first call.
     */
    private final class Call implements Exchange.ErrorMapper, Exchange.Handler<ProviderResponse>,
            BiConsumer<ProviderResponse, Throwable>, Function<ProviderResponse, CompletionStage<ProviderResult>> {
        final Route.Plan cand;
        final ImageRequest call;
        final CandidateRunner.CallState state;
        final Operation op;
        final int calls;

        Call(Route.Plan cand, ImageRequest call, CandidateRunner.CallState state, Operation op, int calls) {
            this.cand = cand;
            this.call = call;
            this.state = state;
            this.op = op;
            this.calls = calls;
        }

        @Override
        public ImageGenerationException map(WireResponse response) {
            return cand.cp().provider().mapError(response);
        }

        @Override
        public ProviderResponse handle(WireResponse w) throws IOException {
            return ImageCheck.response(cand.cp().provider().parse(call, cand.model(), w), op);
        }

        @Override
        public void accept(ProviderResponse resp, Throwable e) {
            if (e != null) {
                report(op, cand, null, state, calls, JobStatus.of(JobState.FAILED));
            }
        }

        @Override
        public CompletionStage<ProviderResult> apply(ProviderResponse resp) {
            if (resp instanceof ProviderResponse.Completed c) {
                report(op, cand, null, state, calls, JobStatus.of(JobState.SUCCEEDED));
                return CompletableFuture.completedFuture(c.result());
            }
            TrackedJob job = VendorCall.this.accept(cand, (ProviderResponse.Pending) resp, state, op, calls);
            return driver.await(job, op);
        }
    }

    private static void report(Operation op, Route.Plan cand, String jobId, CandidateRunner.CallState state, int calls,
                               JobStatus status) {
        op.progress(new RequestProgress(cand.id(), jobId, state.index, calls, status));
    }
}
