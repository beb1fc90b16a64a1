package dev.imagegen.internal.client;

import dev.imagegen.BudgetExceededException;
import dev.imagegen.Cost;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.internal.ConfiguredProvider;
import dev.imagegen.internal.Listeners;
import dev.imagegen.internal.Logs;
import dev.imagegen.internal.op.Futures;
import dev.imagegen.internal.op.Operation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The one place that runs a vendor call on a route's candidates: for each candidate in order, its circuit breaker, a
 * budget reservation of the call's estimate, a limits permit, the call itself, then the breaker's verdict, the permit's
 * release and the reservation's settlement; and failover to the next candidate when {@link FailoverRules} says that is
 * safe. Every operation that calls a vendor to generate (generate, generateAsync, submit, each call of a split request)
 * goes through {@link #run}.
 */
final class CandidateRunner {

    /** What one candidate does for one call: its future value. It tells {@code call} when the vendor accepts a job. */
    interface Step<T> {
        CompletableFuture<T> run(Route.Plan candidate, ImageRequest request, CallState call);
    }

    /** One call on one candidate: whether the vendor accepted a job (then it may bill, and it never fails over). */
    static final class CallState {
        final int index;
        volatile boolean jobAccepted;

        CallState(int index) {
            this.index = index;
        }
    }

    /** What one vendor call produced and who produced it. */
    record Served<T>(ConfiguredProvider cp, ModelInfo model, ImageRequest call, T value) {
    }


    private final Map<String, ProviderGate> gates;
    private final BudgetTracker budget;
    private final ImageEventListener listener;

    CandidateRunner(Map<String, ProviderGate> gates, BudgetTracker budget, ImageEventListener listener) {
        this.gates = gates;
        this.budget = budget;
        this.listener = listener;
    }

    /**
     * Runs call {@code i} of {@code route} with {@code step}, failing over where safe. {@code actual} is what a served
     * call cost (null: its estimate), for the budget.
     */
    <T> CompletableFuture<Served<T>> run(Route route, int i, Operation op, CallLog log, Step<T> step,
                                         Function<Served<T>, BigDecimal> actual) {
        return attempt(route, i, op, log, 0, new ArrayList<>(), step, actual);
    }

    private <T> CompletableFuture<Served<T>> attempt(Route route, int i, Operation op, CallLog log, int k,
                                                     List<FailoverRules.Failed> failures, Step<T> step,
                                                     Function<Served<T>, BigDecimal> actual) {
        List<Route.Plan> cands = route.candidates();
        if (k >= cands.size()) {
            return CompletableFuture.failedFuture(FailoverRules.exhausted(failures));
        }
        if (op.stopped() != null) {
            return CompletableFuture.failedFuture(op.stopError(null));
        }
        Route.Plan cand = cands.get(k);
        ImageRequest call = route.callFor(i, cand);
        if (call == null) {
            log.add(i, cand.id(), "skipped");
            return attempt(route, i, op, log, k + 1, failures, step, actual);
        }
        ProviderGate gate = gates.get(cand.id());
        if (!gate.tryEnter()) {
            return skip(route, i, op, log, k, failures, step, actual, gate.circuitOpen());
        }
        CompletableFuture<Served<T>> out = new CompletableFuture<>();
        reserve(cand, call, op).whenComplete(new Attempt<>(route, i, op, log, k, failures, step, actual, cand, call, gate, out));
        return out;
    }

    // Named classes, not lambdas, for the callbacks of an attempt: each lambda here captured a dozen values, and each
    // cost a fresh JVM a class spun at run time and a method-handle form on its first generation.

    /** Candidate {@code k} of call {@code i}, once its budget reservation is settled: skip it, fail, or call it. */
    private final class Attempt<T> implements BiConsumer<BudgetTracker.Reservation, Throwable> {
        final Route route;
        final int i;
        final Operation op;
        final CallLog log;
        final int k;
        final List<FailoverRules.Failed> failures;
        final Step<T> step;
        final Function<Served<T>, BigDecimal> actual;
        final Route.Plan cand;
        final ImageRequest call;
        final ProviderGate gate;
        final CompletableFuture<Served<T>> out;

        Attempt(Route route, int i, Operation op, CallLog log, int k, List<FailoverRules.Failed> failures, Step<T> step,
                Function<Served<T>, BigDecimal> actual, Route.Plan cand, ImageRequest call, ProviderGate gate,
                CompletableFuture<Served<T>> out) {
            this.route = route;
            this.i = i;
            this.op = op;
            this.log = log;
            this.k = k;
            this.failures = failures;
            this.step = step;
            this.actual = actual;
            this.cand = cand;
            this.call = call;
            this.gate = gate;
            this.out = out;
        }

        @Override
        public void accept(BudgetTracker.Reservation res, Throwable re) {
            Throwable rc = re == null ? null : Futures.unwrap(re);
            if (rc instanceof BudgetExceededException e) {
                gate.exit(ProviderGate.Health.NEUTRAL);
                skip(route, i, op, log, k, failures, step, actual, e).whenComplete(new Forward<>(out));
            } else if (rc != null) {
                gate.exit(ProviderGate.Health.NEUTRAL);
                log.add(i, cand.id(), rc.getClass().getSimpleName());
                FailoverRules.suppress(rc, failures);
                out.completeExceptionally(rc);
            } else {
                call(this, res);
            }
        }
    }

    /** Calls one candidate that has its breaker's leave and its budget reservation: a permit, the call, the settlement. */
    private <T> void call(Attempt<T> a, BudgetTracker.Reservation res) {
        CompletableFuture<ProviderGate.Permit> pf = a.gate.acquire(a.op);
        Operation.Registration waiting = a.op.register(new CancelWait(pf), false);
        Call<T> c = new Call<>(a, res, new CallState(a.i), waiting);
        pf.thenComposeAsync(c, a.op.executor()).whenComplete(c);
    }

    /** Stops waiting for a permit. */
    private static final class CancelWait implements Operation.Cancellable {
        private final CompletableFuture<ProviderGate.Permit> pf;

        CancelWait(CompletableFuture<ProviderGate.Permit> pf) {
            this.pf = pf;
        }

        @Override
        public void cancel() {
            pf.cancel(false);
        }
    }

    /** Hands the permit back when the step ends. */
    private static final class Release implements BiConsumer<Object, Throwable> {
        private final ProviderGate.Permit permit;

        Release(ProviderGate.Permit permit) {
            this.permit = permit;
        }

        @Override
        public void accept(Object v, Throwable e) {
            permit.release();
        }
    }

    /** Completes {@code out} from another attempt's end. */
    private static final class Forward<T> implements BiConsumer<T, Throwable> {
        private final CompletableFuture<T> out;

        Forward(CompletableFuture<T> out) {
            this.out = out;
        }

        @Override
        public void accept(T v, Throwable e) {
            complete(out, v, e);
        }
    }

    /** The call with a permit ({@link #apply}), then its end: settle the budget, complete, or fail over. */
    private final class Call<T> implements Function<ProviderGate.Permit, CompletableFuture<T>>, BiConsumer<T, Throwable> {
        private final Attempt<T> a;
        private final BudgetTracker.Reservation res;
        private final CallState state;
        private final Operation.Registration waiting;

        Call(Attempt<T> a, BudgetTracker.Reservation res, CallState state, Operation.Registration waiting) {
            this.a = a;
            this.res = res;
            this.state = state;
            this.waiting = waiting;
        }

        @Override
        public CompletableFuture<T> apply(ProviderGate.Permit permit) {
            waiting.done();
            CompletableFuture<T> f;
            try {
                f = a.step.run(a.cand, a.call, state);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            return f.whenComplete(new Release(permit));
        }

        @Override
        public void accept(T v, Throwable e) {
            waiting.done();
            Operation op = a.op;
            Throwable c = e == null ? null : Futures.unwrap(e);
            if (c instanceof java.util.concurrent.CancellationException && op.stopped() != null) {
                c = op.stopError(null); // a wait the operation's stop cut short ends with the stop's own error
            }
            Served<T> served = c == null ? new Served<>(a.cand.cp(), a.cand.model(), a.call, v) : null;
            a.gate.exit(FailoverRules.health(c));
            try {
                // the actual cost only for a reservation to charge: the result prices itself again when assembled
                settle(res, state, served == null || res == null ? null : a.actual.apply(served), served != null, c);
            } catch (RuntimeException ex) {
                c = c != null ? c : ex;
            }
            if (c == null) {
                a.log.add(a.i, a.cand.id(), "ok");
                a.out.complete(served);
                return;
            }
            a.log.add(a.i, a.cand.id(), c.getClass().getSimpleName());
            if (c instanceof ImageGenerationException ige && FailoverRules.failsOver(ige, state.jobAccepted) && op.stopped() == null) {
                a.failures.add(new FailoverRules.Failed(a.cand.id(), ige));
                announceFailover(op, a.route, a.k, ige);
                attempt(a.route, a.i, op, a.log, a.k + 1, a.failures, a.step, a.actual).whenComplete(new Forward<>(a.out));
            } else {
                FailoverRules.suppress(c, a.failures);
                a.out.completeExceptionally(c);
            }
        }
    }

    /** Moves on from a candidate that was not called (open circuit, budget) to the next one. */
    private <T> CompletableFuture<Served<T>> skip(Route route, int i, Operation op, CallLog log, int k,
                                                  List<FailoverRules.Failed> failures, Step<T> step,
                                                  Function<Served<T>, BigDecimal> actual, ImageGenerationException why) {
        String id = route.candidates().get(k).id();
        log.add(i, id, why.getClass().getSimpleName());
        failures.add(new FailoverRules.Failed(id, why));
        announceFailover(op, route, k, why);
        return attempt(route, i, op, log, k + 1, failures, step, actual);
    }

    private static <T> void complete(CompletableFuture<T> out, T v, Throwable e) {
        if (e != null) {
            out.completeExceptionally(Futures.unwrap(e));
        } else {
            out.complete(v);
        }
    }

    /** The call's budget reservation (null without a budget), within the operation's deadline. */
    private CompletableFuture<BudgetTracker.Reservation> reserve(Route.Plan cand, ImageRequest call, Operation op) {
        if (budget == null) {
            return CompletableFuture.completedFuture(null);
        }
        Cost c;
        try {
            c = Pricing.estimate(cand.cp(), cand.model(), call);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return budget.reserve(c == null ? null : c.amount(), cand.id(), cand.id() + "/" + cand.model().id() + " x" + call.count(),
                op.remainingMillis());
    }

    /**
     * Ends a call's reservation: the actual cost on success ({@code actual}, null for the estimate); the estimate when
     * the vendor may have billed (an unknown outcome, or any end after it accepted a job); nothing otherwise.
     */
    private static void settle(BudgetTracker.Reservation res, CallState state, BigDecimal actual, boolean success, Throwable error) {
        if (res == null) {
            return;
        }
        if (success) {
            res.charge(actual);
        } else if (error instanceof OutcomeUnknownException || state.jobAccepted) {
            res.charge(null);
        } else {
            res.release();
        }
    }

    private void announceFailover(Operation op, Route route, int k, ImageGenerationException e) {
        if (k + 1 >= route.candidates().size()) {
            return;
        }
        String from = route.candidates().get(k).id();
        String to = route.candidates().get(k + 1).id();
        Logs.ROUTING.info("operation {}: failing over from {} to {} after {}: {}", op.id(), from, to, e.getClass().getSimpleName(),
                e.getMessage());
        Listeners.safely(listener, l -> l.failover(new ImageEventListener.Failover(op.id(), from, to, e)));
    }

    /** Before anything is sent: at least one candidate's estimate must fit in what is left of the budget. */
    void checkBudget(Route route) {
        if (budget == null) {
            return;
        }
        BudgetExceededException first = null;
        for (Route.Plan p : route.candidates()) {
            try {
                budget.check(Pricing.estimateOf(p).map(Cost::amount).orElse(null), p.id(),
                        p.id() + "/" + p.model().id() + " x" + p.request().count());
                return;
            } catch (BudgetExceededException e) {
                first = first != null ? first : e;
            }
        }
        throw first;
    }
}
