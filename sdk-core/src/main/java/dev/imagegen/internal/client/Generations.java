package dev.imagegen.internal.client;

import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ProgressListener;
import dev.imagegen.internal.op.ClientLifecycle;
import dev.imagegen.internal.op.Operation;
import dev.imagegen.internal.op.OperationFuture;
import dev.imagegen.spi.ProviderResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code generate} and {@code generateAsync}, one implementation: route, check the budget, start the operation, run
 * each vendor call of the request through the {@link CandidateRunner} (at most {@code maxConcurrentSplits} at once),
 * and assemble the result. The first call that fails ends the request; its other calls are stopped. The blocking
 * form waits on this.
 */
final class Generations {

    private final Router router;
    private final CandidateRunner runner;
    private final VendorCall calls;
    private final ResultAssembler assembler;
    private final ClientLifecycle lifecycle;
    private final RequestEvents events;
    private final Duration defaultTimeout;
    private final int maxConcurrentSplits;
    private final PendingJobs pending;

    Generations(Router router, CandidateRunner runner, VendorCall calls, ResultAssembler assembler, ClientLifecycle lifecycle,
                RequestEvents events, Duration defaultTimeout, int maxConcurrentSplits, PendingJobs pending) {
        this.pending = pending;
        this.router = router;
        this.runner = runner;
        this.calls = calls;
        this.assembler = assembler;
        this.lifecycle = lifecycle;
        this.events = events;
        this.defaultTimeout = defaultTimeout;
        this.maxConcurrentSplits = maxConcurrentSplits;
    }

    /**
     * Starts the request. Invalid requests, a budget that cannot take it and a closed client throw here, before
     * anything is sent; everything after that completes the future.
     */
    CompletableFuture<ImageResult> start(ImageRequest r, ProgressListener progress, boolean blocking) {
        Route route = router.route(r);
        runner.checkBudget(route);
        Route.Plan primary = route.primary();
        OperationFuture<ImageResult> result = lifecycle.start(primary.id(), r.timeout().orElse(defaultTimeout), 0, progress,
                blocking);
        Operation op = result.operation();
        long start = System.nanoTime();
        events.started(op.id(), primary.id(), primary.model().id(), primary.request().count());
        result.onSettle((v, e) -> {
            pending.settled(op.id(), e);
            events.ended(op.id(), primary.id(), primary.model().id(), start, v, e);
        });
        int n = route.calls();
        CallLog log = new CallLog(n);
        if (n == 1) { // the usual request, one vendor call: no parts to collect, no workers to start one after another
            if (!result.isDone()) {
                runner.run(route, 0, op, log, (cand, call, state) -> calls.generate(cand, call, state, op, 1),
                        s -> Pricing.amountOf(s.cp(), s.model(), s.call(), s.value())).whenComplete((served, e) -> {
                            if (e != null) {
                                result.completeExceptionally(e);
                                return;
                            }
                            assemble(route, log, java.util.Collections.singletonList(served), start, op)
                                    .whenComplete(result::completeFrom);
                        });
            }
            return result;
        }
        List<CompletableFuture<CandidateRunner.Served<ProviderResult>>> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(new CompletableFuture<>());
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Runnable[] startNext = new Runnable[1];
        startNext[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= n || result.isDone()) {
                return;
            }
            runner.run(route, i, op, log, (cand, call, state) -> calls.generate(cand, call, state, op, n),
                    s -> Pricing.amountOf(s.cp(), s.model(), s.call(), s.value())).whenComplete((served, e) -> {
                        if (e != null) {
                            result.completeExceptionally(e);
                            return;
                        }
                        parts.get(i).complete(served);
                        if (done.incrementAndGet() == n) {
                            List<CandidateRunner.Served<ProviderResult>> all = new ArrayList<>(n);
                            for (CompletableFuture<CandidateRunner.Served<ProviderResult>> part : parts) {
                                all.add(part.join());
                            }
                            assemble(route, log, all, start, op).whenComplete(result::completeFrom);
                        } else {
                            startNext[0].run();
                        }
                    });
        };
        int workers = Math.min(n, Math.max(1, maxConcurrentSplits));
        if (workers > 1) {
            op.runsStepsInParallel();
        }
        for (int w = workers; w > 0; w--) {
            startNext[0].run();
        }
        return result;
    }

    /** The result, once its outputs are downloaded and checked; what the assembler throws fails the future. */
    private CompletableFuture<ImageResult> assemble(Route route, CallLog log, List<CandidateRunner.Served<ProviderResult>> parts,
                                                    long start, Operation op) {
        try {
            return assembler.routed(route, log, parts, start, op);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
