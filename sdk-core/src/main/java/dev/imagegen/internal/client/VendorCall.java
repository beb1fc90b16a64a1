package dev.imagegen.internal.client;

import dev.imagegen.ImageEventListener;
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

import java.util.concurrent.CompletableFuture;

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
        return send(cand, call, state, op, calls).thenCompose(resp -> {
            if (resp instanceof ProviderResponse.Completed c) {
                report(op, cand, null, state, calls, JobStatus.of(JobState.SUCCEEDED));
                return CompletableFuture.completedFuture(c.result());
            }
            TrackedJob job = accept(cand, (ProviderResponse.Pending) resp, state, op, calls);
            return driver.await(job, op);
        });
    }

    /** What a submission gave: the images of a synchronous vendor, or the accepted job (not polled here). */
    record Submitted(ProviderResult result, TrackedJob job) {
    }

    /** Sends the call: completes with the images, or the job the vendor accepted. */
    CompletableFuture<Submitted> submit(Route.Plan cand, ImageRequest call, CandidateRunner.CallState state, Operation op) {
        return send(cand, call, state, op, 1).thenApply(resp -> {
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

    private CompletableFuture<ProviderResponse> send(Route.Plan cand, ImageRequest call, CandidateRunner.CallState state,
                                                     Operation op, int calls) {
        ConfiguredProvider cp = cand.cp();
        WireRequest wr = cp.provider().prepare(call, cand.model());
        Exchange<ProviderResponse> x = Exchange.api(cp.target(), wr, op, cp.provider()::mapError,
                w -> ImageCheck.response(cp.provider().parse(call, cand.model(), w), op));
        if (wr.paid() && cand.model().asynchronous()) {
            x = x.survivingCancel();
        }
        report(op, cand, null, state, calls, JobStatus.of(JobState.RUNNING));
        return pipeline.send(x).whenComplete((resp, e) -> {
            if (e != null) {
                report(op, cand, null, state, calls, JobStatus.of(JobState.FAILED));
            }
        });
    }

    private static void report(Operation op, Route.Plan cand, String jobId, CandidateRunner.CallState state, int calls,
                               JobStatus status) {
        op.progress(new RequestProgress(cand.id(), jobId, state.index, calls, status));
    }
}
