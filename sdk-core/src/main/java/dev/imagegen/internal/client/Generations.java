package dev.imagegen.internal.client;

import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ProgressListener;
import dev.imagegen.internal.op.ClientLifecycle;
import dev.imagegen.internal.op.Operation;
import dev.imagegen.internal.op.OperationFuture;
import dev.imagegen.spi.ProviderResult;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;

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
        result.onSettle(new Settled(op, primary, start));
        Run run = new Run(route, op, result, start);
        int workers = Math.min(run.n, Math.max(1, maxConcurrentSplits));
        if (workers > 1) {
            op.runsStepsInParallel();
        }
        for (int w = workers; w > 0; w--) {
            run.run();
        }
        return result;
    }

    // Named classes, not lambdas, for the callbacks below: each lambda (most capture many values) costs a fresh JVM a
    // class spun at run time and a method-handle form on its first generation.

    /** Ends the request's journal entry and reports the end. */
    private final class Settled implements BiConsumer<ImageResult, Throwable> {
        private final Operation op;
        private final Route.Plan primary;
        private final long start;

        Settled(Operation op, Route.Plan primary, long start) {
            this.op = op;
            this.primary = primary;
            this.start = start;
        }

        @Override
        public void accept(ImageResult v, Throwable e) {
            pending.settled(op.id(), e);
            events.ended(op.id(), primary.id(), primary.model().id(), start, v, e);
        }
    }

    /** The request's vendor calls: {@link #run} starts the next one; each is a generation step priced by its result. */
    private final class Run implements Runnable, CandidateRunner.Step<ProviderResult>,
            Function<CandidateRunner.Served<ProviderResult>, BigDecimal> {
        private final Route route;
        private final Operation op;
        private final OperationFuture<ImageResult> result;
        private final long start;
        private final int n;
        private final CallLog log;
        /** Each call's served result, collected when the request is split; null for the usual one call. */
        private final List<CompletableFuture<CandidateRunner.Served<ProviderResult>>> parts;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();

        Run(Route route, Operation op, OperationFuture<ImageResult> result, long start) {
            this.route = route;
            this.op = op;
            this.result = result;
            this.start = start;
            this.n = route.calls();
            this.log = new CallLog(n);
            this.parts = n == 1 ? null : new ArrayList<>(n);
            for (int i = 0; parts != null && i < n; i++) {
                parts.add(new CompletableFuture<>());
            }
        }

        @Override
        public void run() {
            int i = next.getAndIncrement();
            if (i >= n || result.isDone()) {
                return;
            }
            runner.run(route, i, op, log, this, this).whenComplete(new PartDone(this, i));
        }

        @Override
        public CompletableFuture<ProviderResult> run(Route.Plan cand, ImageRequest call, CandidateRunner.CallState state) {
            return calls.generate(cand, call, state, op, n);
        }

        @Override
        public BigDecimal apply(CandidateRunner.Served<ProviderResult> s) {
            return Pricing.amountOf(s.cp(), s.model(), s.call(), s.value());
        }

        void served(int i, CandidateRunner.Served<ProviderResult> served, Throwable e) {
            if (e != null) {
                result.completeExceptionally(e);
                return;
            }
            if (parts == null) { // the usual request, one vendor call: nothing to collect
                assemble(route, log, java.util.Collections.singletonList(served), start, op).whenComplete(new Completes(result));
                return;
            }
            parts.get(i).complete(served);
            if (done.incrementAndGet() == n) {
                List<CandidateRunner.Served<ProviderResult>> all = new ArrayList<>(n);
                for (CompletableFuture<CandidateRunner.Served<ProviderResult>> part : parts) {
                    all.add(part.join());
                }
                assemble(route, log, all, start, op).whenComplete(new Completes(result));
            } else {
                run();
            }
        }
    }

    /** The end of vendor call {@code i}. */
    private static final class PartDone implements BiConsumer<CandidateRunner.Served<ProviderResult>, Throwable> {
        private final Run run;
        private final int i;

        PartDone(Run run, int i) {
            this.run = run;
            this.i = i;
        }

        @Override
        public void accept(CandidateRunner.Served<ProviderResult> served, Throwable e) {
            run.served(i, served, e);
        }
    }

    /** Completes the operation's future from the assembled result. */
    private static final class Completes implements BiConsumer<ImageResult, Throwable> {
        private final OperationFuture<ImageResult> result;

        Completes(OperationFuture<ImageResult> result) {
            this.result = result;
        }

        @Override
        public void accept(ImageResult v, Throwable e) {
            result.completeFrom(v, e);
        }
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
