package dev.imagegen.internal.client;

import dev.imagegen.Budget;
import dev.imagegen.BudgetExceededException;
import dev.imagegen.BudgetStatus;
import dev.imagegen.CircuitOpenException;
import dev.imagegen.ConnectionException;
import dev.imagegen.Cost;
import dev.imagegen.GeneratedImage;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ImageSize;
import dev.imagegen.InsufficientCreditsException;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.ProviderLimits;
import dev.imagegen.ProviderServerException;
import dev.imagegen.RateLimitedException;
import dev.imagegen.RoutingPolicy;
import dev.imagegen.Timings;
import dev.imagegen.internal.Base64Images;
import dev.imagegen.internal.JobRefs;
import dev.imagegen.internal.LazyImage;
import dev.imagegen.internal.Listeners;
import dev.imagegen.internal.LoadedImage;
import dev.imagegen.internal.http.HttpTransport;
import dev.imagegen.internal.http.OpContext;
import dev.imagegen.spi.ImageOutput;
import dev.imagegen.spi.JobHandle;
import dev.imagegen.spi.ProviderResponse;
import dev.imagegen.spi.ProviderResult;
import dev.imagegen.spi.WireRequest;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * What an {@link dev.imagegen.ImageClient} does: routes a request to the providers that can serve it, validates,
 * splits large counts, runs the provider's translation over the transport (failing over to the next candidate when
 * that is safe), applies each provider's limits and circuit breaker and the client's budget, polls jobs, and
 * assembles results. Thread-safe.
 */
public final class Engine implements AutoCloseable {

    /**
     * Settings beyond the transport's.
     *
     * @param routing the routing policy; null: preference order (the provider order)
     * @param limits  per-provider limits; providers not in the map get {@link ProviderLimits#defaults()}
     * @param budget  the spending cap, or null
     */
    public record Settings(Duration defaultTimeout, Duration downloadTimeout, Duration pollInitial, Duration pollMax,
                           int maxConcurrentSplits, RoutingPolicy routing, Map<String, ProviderLimits> limits, Budget budget) {

        /** Settings without routing policy, limits or budget (the defaults). */
        public Settings(Duration defaultTimeout, Duration downloadTimeout, Duration pollInitial, Duration pollMax,
                        int maxConcurrentSplits) {
            this(defaultTimeout, downloadTimeout, pollInitial, pollMax, maxConcurrentSplits, null, Map.of(), null);
        }
    }

    private final List<ConfiguredProvider> providers;
    private final List<String> unconfigured;
    private final HttpTransport transport;
    private final ScheduledExecutorService scheduler;
    private final Settings settings;
    private final RoutingPolicy routing;
    private final Map<String, ProviderGate> gates = new LinkedHashMap<>();
    private final BudgetTracker budget;

    Engine(List<ConfiguredProvider> providers, List<String> unconfigured, HttpTransport transport,
           ScheduledExecutorService scheduler, Settings settings) {
        this.providers = List.copyOf(providers);
        this.unconfigured = List.copyOf(unconfigured);
        this.transport = transport;
        this.scheduler = scheduler;
        this.settings = settings;
        this.routing = settings.routing() != null ? settings.routing() : RoutingPolicy.preferenceOrder();
        for (ConfiguredProvider cp : this.providers) {
            ProviderLimits l = settings.limits().getOrDefault(cp.id(), ProviderLimits.defaults());
            gates.put(cp.id(), new ProviderGate(cp.id(), l, transport.settings().clock(), transport.settings().sleeper(), scheduler));
        }
        this.budget = settings.budget() == null ? null : new BudgetTracker(settings.budget(), transport.settings().clock());
    }

    HttpTransport transport() {
        return transport;
    }

    Settings settings() {
        return settings;
    }

    /** The ids of the providers this client can call, in preference order. */
    public List<String> providerIds() {
        return providers.stream().map(ConfiguredProvider::id).toList();
    }

    /** Every model of every configured provider. */
    public List<ModelInfo> models() {
        return providers.stream().flatMap(p -> p.models().stream()).toList();
    }

    /** See {@link dev.imagegen.ImageClient#budgetStatus()}. */
    public Optional<BudgetStatus> budgetStatus() {
        return budget == null ? Optional.empty() : Optional.of(budget.status());
    }

    // ---- routing and planning ----

    /** One provider's way of serving a request: its model, the validated request, warnings, and the vendor calls. */
    private record Plan(ConfiguredProvider cp, ModelInfo model, ImageRequest request, List<String> warnings,
                        List<ImageRequest> calls) {
        String id() {
            return cp.id();
        }
    }

    /** The candidates of a request in the order to try them; the first one's calls are the request's calls. */
    private record Route(String policy, String reason, List<Plan> candidates) {
        Plan primary() {
            return candidates.get(0);
        }
    }

    /** What one vendor call produced and who produced it. */
    private record Served<T>(ConfiguredProvider cp, ModelInfo model, ImageRequest call, T value) {
    }

    /** A provider that failed (or was skipped) for one call, and why. */
    private record Failed(String providerId, ImageGenerationException error) {
    }

    /** What each call of a request tried: "provider:outcome" entries per call. */
    private static final class CallLog {
        private final List<List<String>> calls = new ArrayList<>();

        CallLog(int n) {
            for (int i = 0; i < n; i++) {
                calls.add(new ArrayList<>());
            }
        }

        synchronized void add(int call, String providerId, String outcome) {
            calls.get(call).add(providerId + ":" + outcome);
        }

        synchronized String attempts() {
            return calls.stream().map(c -> String.join(",", c)).collect(Collectors.joining(";"));
        }

        synchronized List<String> failedBeforeFirstSuccess() {
            List<String> out = new ArrayList<>();
            for (String a : calls.get(0)) {
                if (a.endsWith(":ok")) {
                    break;
                }
                out.add(a);
            }
            return out;
        }
    }

    private Route route(ImageRequest r) {
        if (r.provider().isPresent()) {
            String id = r.provider().get();
            ConfiguredProvider cp = providers.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow(() -> {
                String why = unconfigured.contains(id) ? "has no API key (set " + id.toUpperCase(java.util.Locale.ROOT).replace('-', '_')
                        + "_API_KEY or the builder's apiKey)" : "is not a known provider";
                return InvalidRequestException.forField(id, "provider", "'" + id + "' " + why, providerIds());
            });
            ModelInfo model = cp.model(r.model()).orElseThrow(() -> InvalidRequestException.forField(id, "model",
                    "'" + r.model() + "' is not a model of " + id, cp.models().stream().map(ModelInfo::id).toList()));
            return new Route("pinned", "the request names provider " + id, List.of(plan(cp, model, r)));
        }
        if (providers.isEmpty()) {
            throw InvalidRequestException.forField(null, "provider", "no provider is configured: set an API key, e.g. "
                    + String.join(", ", unconfigured.stream().map(u -> u.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_API_KEY").toList()),
                    List.of());
        }
        List<Plan> plans = new ArrayList<>();
        InvalidRequestException firstInvalid = null;
        boolean known = false;
        for (ConfiguredProvider p : providers) {
            Optional<ModelInfo> m = p.model(r.model());
            if (m.isEmpty()) {
                continue;
            }
            known = true;
            try {
                plans.add(plan(p, m.get(), r));
            } catch (InvalidRequestException e) {
                firstInvalid = firstInvalid != null ? firstInvalid : e;
            }
        }
        if (!known) {
            throw InvalidRequestException.forField(null, "model", "'" + r.model() + "' is not served by any configured provider",
                    models().stream().map(ModelInfo::toString).toList());
        }
        if (plans.isEmpty()) {
            throw firstInvalid;
        }
        List<RoutingPolicy.Candidate> candidates = plans.stream()
                .map(p -> new RoutingPolicy.Candidate(p.id(), p.model(), estimateOf(p))).toList();
        List<RoutingPolicy.Candidate> ordered = routing.order(r, candidates);
        if (ordered == null || ordered.isEmpty()) {
            throw InvalidRequestException.forField(null, "provider", "the routing policy " + routing.name()
                    + " left no provider to try", candidates.stream().map(RoutingPolicy.Candidate::providerId).toList());
        }
        List<Plan> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (RoutingPolicy.Candidate c : ordered) {
            Plan p = plans.stream().filter(x -> x.id().equals(c.providerId())).findFirst().orElseThrow(() ->
                    new IllegalStateException("routing policy " + routing.name() + " returned provider '" + c.providerId()
                            + "', which was not a candidate"));
            if (seen.add(p.id())) {
                out.add(p);
            }
        }
        return new Route(routing.name(), routing.reason(ordered), List.copyOf(out));
    }

    /** Validates {@code r} against {@code model} and splits it into vendor calls. */
    private Plan plan(ConfiguredProvider cp, ModelInfo model, ImageRequest r) {
        RequestValidator.Validated v = RequestValidator.validate(r, model);
        ImageRequest req = v.request();
        List<String> warnings = new ArrayList<>(v.warnings());
        List<ImageRequest> calls = new ArrayList<>();
        int per = model.maxCountPerCall();
        if (req.count() <= per) {
            calls.add(req);
        } else {
            int left = req.count();
            int i = 0;
            while (left > 0) {
                int n = Math.min(per, left);
                ImageRequest.Builder b = req.toBuilder().count(n);
                if (req.seed().isPresent() && req.seed().get() >= 0) {
                    b.seed(splitSeed(req.seed().get(), i, model));
                }
                calls.add(b.build());
                left -= n;
                i++;
            }
            warnings.add(model + " returns at most " + per + " image(s) per call: the request ran as " + calls.size()
                    + " calls" + (req.seed().isPresent() && req.seed().get() >= 0 ? " with seeds "
                    + String.join(", ", calls.stream().map(c -> String.valueOf(c.seed().orElseThrow())).toList()) : ""));
        }
        return new Plan(cp, model, req, warnings, calls);
    }

    /** The catalog estimate of all of a plan's calls; empty without a price. */
    private static Optional<Cost> estimateOf(Plan p) {
        Cost total = null;
        for (ImageRequest call : p.calls()) {
            Cost c = catalogEstimate(p.model(), call);
            if (c == null) {
                return Optional.empty();
            }
            total = total == null ? c : total.plus(c);
        }
        return Optional.ofNullable(total);
    }

    /** The catalog estimate of one call, or null without a price. */
    private static Cost catalogEstimate(ModelInfo model, ImageRequest call) {
        ImageSize size = call.size().orElse(model.defaultSize().orElse(null));
        return model.price().map(p -> p.estimate(call.count(), size, null)).orElse(null);
    }

    /**
     * The request of call {@code i} as {@code cand} would send it: the primary's own call, the candidate's own single
     * call, or the primary's split call re-validated for the candidate; null when the candidate cannot take it in one
     * vendor call.
     */
    private static ImageRequest callFor(Route route, int i, Plan cand) {
        Plan primary = route.primary();
        ImageRequest call = primary.calls().get(i);
        if (cand == primary) {
            return call;
        }
        if (primary.calls().size() == 1 && cand.calls().size() == 1) {
            return cand.calls().get(0);
        }
        if (call.count() > cand.model().maxCountPerCall()) {
            return null;
        }
        ImageRequest.Builder b = cand.request().toBuilder().count(call.count());
        call.seed().ifPresent(b::seed);
        try {
            return RequestValidator.validate(b.build(), cand.model()).request();
        } catch (InvalidRequestException e) {
            return null;
        }
    }

    /** Before anything is sent: at least one candidate's estimate must fit in what is left of the budget. */
    private void checkBudget(Route route) {
        if (budget == null) {
            return;
        }
        BudgetExceededException first = null;
        for (Plan p : route.candidates()) {
            try {
                budget.check(estimateOf(p).map(Cost::amount).orElse(null), p.id(), describe(p, p.request()));
                return;
            } catch (BudgetExceededException e) {
                first = first != null ? first : e;
            }
        }
        throw first;
    }

    private static String describe(Plan p, ImageRequest call) {
        return p.id() + "/" + p.model().id() + " x" + call.count();
    }

    private BudgetTracker.Reservation reserve(Plan cand, ImageRequest call) {
        if (budget == null) {
            return null;
        }
        Cost c = catalogEstimate(cand.model(), call);
        return budget.reserve(c == null ? null : c.amount(), cand.id(), describe(cand, call));
    }

    /**
     * Ends a call's reservation: the actual cost on success ({@code actual}, null for the estimate); the estimate when
     * the vendor may have billed (an unknown outcome, or any end after it accepted a job); nothing otherwise.
     */
    private static void settle(BudgetTracker.Reservation res, OpContext op, BigDecimal actual, boolean success, Throwable error) {
        if (res == null) {
            return;
        }
        if (success) {
            res.charge(actual);
        } else if (error instanceof OutcomeUnknownException || op.jobRef() != null) {
            res.charge(null);
        } else {
            res.release();
        }
    }

    /** The cost of a finished call: reported, else the catalog estimate with the real generation time; null if unknown. */
    private static BigDecimal actualCost(ModelInfo model, ImageRequest call, ProviderResult pr) {
        Cost c = costOf(model, call, pr);
        return c == null ? null : c.amount();
    }

    private static Cost costOf(ModelInfo model, ImageRequest call, ProviderResult pr) {
        if (pr.cost() != null) {
            return pr.cost();
        }
        ImageSize size = call != null && call.size().isPresent() ? call.size().get() : model.defaultSize().orElse(null);
        return model.price().map(p -> p.estimate(Math.max(1, pr.images().size()), size, pr.inferenceTime())).orElse(null);
    }

    /** Whether {@code e} lets the call move on to the next candidate: nothing was billed, and another vendor may succeed. */
    static boolean failsOver(ImageGenerationException e, OpContext op) {
        if (op.jobRef() != null) {
            return false; // the vendor accepted the job: it may bill, so it is never re-sent elsewhere
        }
        return e instanceof RateLimitedException || e instanceof ProviderServerException || e instanceof ConnectionException
                || e instanceof InsufficientCreditsException || e instanceof BudgetExceededException;
    }

    /** What an outcome says about the provider's health, for its circuit breaker. */
    static ProviderGate.Health health(Throwable e) {
        if (e == null) {
            return ProviderGate.Health.SUCCESS;
        }
        if (e instanceof RateLimitedException || e instanceof ProviderServerException || e instanceof ConnectionException
                || e instanceof InsufficientCreditsException || e instanceof OutcomeUnknownException) {
            return ProviderGate.Health.FAILURE;
        }
        return ProviderGate.Health.NEUTRAL;
    }

    /**
     * The error when every candidate failed: the last one's type and details, its message naming every provider tried,
     * the earlier errors suppressed. A single failure is returned as it is.
     */
    private static ImageGenerationException exhausted(List<Failed> failures) {
        ImageGenerationException last = failures.get(failures.size() - 1).error();
        if (failures.size() == 1) {
            return last;
        }
        String tried = failures.stream().map(f -> f.providerId() + " (" + f.error().getClass().getSimpleName() + ")")
                .collect(Collectors.joining(", "));
        ImageGenerationException.Details d = last.details();
        ImageGenerationException.Details nd = new ImageGenerationException.Details(d.summary() + "; every provider failed, tried "
                + tried, failures.get(failures.size() - 1).providerId(), d.httpStatus(), d.vendorCode(), d.vendorMessage(), d.requestId());
        ImageGenerationException out;
        if (last.getClass() == CircuitOpenException.class) {
            out = new CircuitOpenException(nd, ((CircuitOpenException) last).retryAfter());
        } else if (last.getClass() == RateLimitedException.class) {
            out = new RateLimitedException(nd, ((RateLimitedException) last).retryAfter().orElse(null), last);
        } else if (last.getClass() == ProviderServerException.class) {
            out = new ProviderServerException(nd, last);
        } else if (last.getClass() == ConnectionException.class) {
            out = new ConnectionException(nd, last);
        } else if (last.getClass() == InsufficientCreditsException.class) {
            out = new InsufficientCreditsException(nd, last);
        } else if (last.getClass() == BudgetExceededException.class) {
            BudgetExceededException b = (BudgetExceededException) last;
            out = new BudgetExceededException(nd, b.estimate().orElse(null), b.remaining(), b.period(), b.windowEnd());
        } else {
            out = last;
        }
        for (Failed f : failures.subList(0, failures.size() - 1)) {
            out.addSuppressed(f.error());
        }
        return out;
    }

    private static void suppress(Throwable e, List<Failed> earlier) {
        for (Failed f : earlier) {
            if (f.error() != e) {
                e.addSuppressed(f.error());
            }
        }
    }

    private void announceFailover(OpContext op, Route route, int k, ImageGenerationException e) {
        if (k + 1 >= route.candidates().size()) {
            return;
        }
        String from = route.candidates().get(k).id();
        String to = route.candidates().get(k + 1).id();
        Listeners.safely(transport.settings().listener(), l -> l.failover(new ImageEventListener.Failover(op.id(), from, to, e)));
    }

    /** Runs one vendor call (what {@code body} does) on the candidates in order, failing over where that is safe. */
    private interface CallBody<T> {
        T run(Plan cand, ImageRequest call, OpContext op);
    }

    private <T> Served<T> callSync(Route route, int i, OpContext op, CallLog log, CallBody<T> body,
                                   java.util.function.BiFunction<Served<T>, Plan, BigDecimal> actual) {
        List<Failed> failures = new ArrayList<>();
        List<Plan> cands = route.candidates();
        for (int k = 0; k < cands.size(); k++) {
            Plan cand = cands.get(k);
            ImageRequest call = callFor(route, i, cand);
            if (call == null) {
                log.add(i, cand.id(), "skipped");
                continue;
            }
            ProviderGate gate = gates.get(cand.id());
            if (!gate.tryEnter()) {
                CircuitOpenException e = gate.circuitOpen();
                log.add(i, cand.id(), e.getClass().getSimpleName());
                failures.add(new Failed(cand.id(), e));
                announceFailover(op, route, k, e);
                continue;
            }
            ProviderGate.Health health = ProviderGate.Health.NEUTRAL;
            BudgetTracker.Reservation res = null;
            ProviderGate.Permit permit = null;
            Served<T> served = null;
            Throwable error = null;
            try {
                res = reserve(cand, call);
                permit = gate.acquireBlocking(op);
                served = new Served<>(cand.cp(), cand.model(), call, body.run(cand, call, op));
                health = ProviderGate.Health.SUCCESS;
                log.add(i, cand.id(), "ok");
                return served;
            } catch (ImageGenerationException e) {
                error = e;
                health = health(e);
                log.add(i, cand.id(), e.getClass().getSimpleName());
                if (!failsOver(e, op)) {
                    suppress(e, failures);
                    throw e;
                }
                failures.add(new Failed(cand.id(), e));
                announceFailover(op, route, k, e);
            } catch (RuntimeException e) {
                error = e;
                throw e;
            } finally {
                gate.exit(health);
                if (permit != null) {
                    permit.release();
                }
                settle(res, op, served == null ? null : actual.apply(served, cand), served != null, error);
            }
        }
        throw exhausted(failures);
    }

    private <T> CompletableFuture<Served<T>> callAsync(Route route, int i, OpContext op, CallLog log, int k, List<Failed> failures,
                                                       CompletableFuture<?> whole, java.util.function.Function<Plan, AsyncBody<T>> bodyOf,
                                                       java.util.function.BiFunction<Served<T>, Plan, BigDecimal> actual) {
        List<Plan> cands = route.candidates();
        if (k >= cands.size()) {
            return CompletableFuture.failedFuture(exhausted(failures));
        }
        Plan cand = cands.get(k);
        ImageRequest call = callFor(route, i, cand);
        if (call == null) {
            log.add(i, cand.id(), "skipped");
            return callAsync(route, i, op, log, k + 1, failures, whole, bodyOf, actual);
        }
        ProviderGate gate = gates.get(cand.id());
        if (!gate.tryEnter()) {
            CircuitOpenException e = gate.circuitOpen();
            log.add(i, cand.id(), e.getClass().getSimpleName());
            failures.add(new Failed(cand.id(), e));
            announceFailover(op, route, k, e);
            return callAsync(route, i, op, log, k + 1, failures, whole, bodyOf, actual);
        }
        BudgetTracker.Reservation res;
        try {
            res = reserve(cand, call);
        } catch (BudgetExceededException e) {
            gate.exit(ProviderGate.Health.NEUTRAL);
            log.add(i, cand.id(), e.getClass().getSimpleName());
            failures.add(new Failed(cand.id(), e));
            announceFailover(op, route, k, e);
            return callAsync(route, i, op, log, k + 1, failures, whole, bodyOf, actual);
        }
        CompletableFuture<Served<T>> out = new CompletableFuture<>();
        CompletableFuture<ProviderGate.Permit> pf = gate.acquire(op);
        whole.whenComplete((v, e) -> pf.cancel(false));
        pf.thenCompose(permit -> {
            CompletableFuture<T> f;
            try {
                f = bodyOf.apply(cand).run(call, op);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            return f.whenComplete((v, e) -> permit.release());
        }).whenComplete((v, e) -> {
            Throwable c = e == null ? null : unwrap(e);
            Served<T> served = c == null ? new Served<>(cand.cp(), cand.model(), call, v) : null;
            gate.exit(health(c));
            try {
                settle(res, op, served == null ? null : actual.apply(served, cand), served != null, c);
            } catch (RuntimeException ex) {
                c = c != null ? c : ex;
            }
            if (c == null) {
                log.add(i, cand.id(), "ok");
                out.complete(served);
                return;
            }
            log.add(i, cand.id(), c.getClass().getSimpleName());
            if (c instanceof ImageGenerationException ige && failsOver(ige, op) && !whole.isDone()) {
                failures.add(new Failed(cand.id(), ige));
                announceFailover(op, route, k, ige);
                callAsync(route, i, op, log, k + 1, failures, whole, bodyOf, actual).whenComplete((v2, e2) -> {
                    if (e2 != null) {
                        out.completeExceptionally(unwrap(e2));
                    } else {
                        out.complete(v2);
                    }
                });
            } else {
                suppress(c, failures);
                out.completeExceptionally(c);
            }
        });
        return out;
    }

    private interface AsyncBody<T> {
        CompletableFuture<T> run(ImageRequest call, OpContext op);
    }

    /** The routing metadata of a result. */
    private static Map<String, String> routingMetadata(Route route, CallLog log, List<? extends Served<?>> parts) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("routing.policy", route.policy());
        m.put("routing.chosen", parts.stream().map(p -> p.cp().id()).distinct().collect(Collectors.joining(",")));
        List<String> failed = log.failedBeforeFirstSuccess();
        m.put("routing.reason", route.reason() + (failed.isEmpty() ? "" : "; failed over after " + String.join(", ", failed)));
        m.put("routing.attempts", log.attempts());
        return m;
    }

    private static List<String> warningsOf(Route route, List<? extends Served<?>> parts) {
        Set<String> out = new LinkedHashSet<>();
        for (Served<?> s : parts) {
            Plan p = route.candidates().stream().filter(c -> c.cp() == s.cp()).findFirst().orElseThrow();
            out.addAll(p == route.primary() || route.primary().calls().size() == 1 ? p.warnings() : route.primary().warnings());
        }
        return List.copyOf(out);
    }

    /** Seed of the i-th split call: seed+i, or seed-i where seed+i would leave the model's seed range. */
    private static long splitSeed(long seed, int i, ModelInfo model) {
        double max = model.seed().map(dev.imagegen.ValueRange::max).orElse((double) Long.MAX_VALUE);
        return seed <= max - i && seed <= Long.MAX_VALUE - i ? seed + i : seed - i;
    }

    private OpContext newOp(String providerId, Duration timeout) {
        return new OpContext(providerId, Instant.ofEpochMilli(transport.settings().clock().millis()).plus(timeout),
                transport.settings().clock());
    }

    private Duration timeoutOf(ImageRequest r) {
        return r.timeout().orElse(settings.defaultTimeout());
    }

    // ---- generate ----

    private final java.util.function.BiFunction<Served<ProviderResult>, Plan, BigDecimal> resultCost =
            (s, p) -> actualCost(s.model(), s.call(), s.value());

    /** Blocking generate. */
    public ImageResult generate(ImageRequest r) {
        Route route = route(r);
        checkBudget(route);
        if (route.primary().calls().size() > 1) {
            return join(generateAsync(route));
        }
        long start = System.nanoTime();
        Plan primary = route.primary();
        OpContext op = newOp(primary.id(), timeoutOf(primary.request()));
        started(op, route);
        CallLog log = new CallLog(1);
        try {
            Served<ProviderResult> part = callSync(route, 0, op, log, this::runSync, resultCost);
            List<Served<ProviderResult>> parts = List.of(part);
            ImageResult result = assemble(parts, warningsOf(route, parts), start, routingMetadata(route, log, parts), op.id());
            ended(op, part.cp().id(), part.model().id(), start, result, null);
            return result;
        } catch (ImageGenerationException e) {
            ended(op, e.providerId().orElse(primary.id()), primary.model().id(), start, null, e);
            throw e;
        }
    }

    private ProviderResult runSync(Plan cand, ImageRequest call, OpContext op) {
        ConfiguredProvider cp = cand.cp();
        WireRequest wr = cp.provider().prepare(call, cand.model());
        ProviderResponse resp = transport.execute(cp.target(), wr, op, cp.provider()::mapError,
                w -> cp.provider().parse(call, cand.model(), w));
        if (resp instanceof ProviderResponse.Completed c) {
            return c.result();
        }
        ProviderResponse.Pending p = (ProviderResponse.Pending) resp;
        DefaultImageJob job = new DefaultImageJob(this, cp, cand.model(), p.job(), p.status(), timeoutOf(call), op.id());
        op.setJobRef(job.ref());
        return job.pollUntilDone(op);
    }

    /** Asynchronous generate: no thread is held while waiting. Cancelling the future cancels the calls and polls. */
    public CompletableFuture<ImageResult> generateAsync(ImageRequest r) {
        Route route;
        try {
            route = route(r);
            checkBudget(route);
        } catch (ImageGenerationException e) {
            return CompletableFuture.failedFuture(e);
        }
        return generateAsync(route);
    }

    private CompletableFuture<ImageResult> generateAsync(Route route) {
        Plan primary = route.primary();
        long start = System.nanoTime();
        Duration timeout = timeoutOf(primary.request());
        int n = primary.calls().size();
        List<OpContext> ops = new ArrayList<>();
        OpContext first = newOp(primary.id(), timeout);
        ops.add(first);
        for (int i = 1; i < n; i++) {
            // one generation, one id in events: the further calls report under the first call's id
            ops.add(new OpContext(primary.id(), first.deadline(), transport.settings().clock(), first.id()));
        }
        OpFuture<ImageResult> result = new OpFuture<>(ops);
        started(first, route);
        CallLog log = new CallLog(n);
        @SuppressWarnings("unchecked")
        CompletableFuture<Served<ProviderResult>>[] parts = new CompletableFuture[n];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new CompletableFuture<>();
        }
        result.onSettle((v, e) -> {
            ImageGenerationException err = e == null ? null : unwrap(e) instanceof ImageGenerationException ige ? ige : null;
            ended(first, v != null ? v.provider() : err != null ? err.providerId().orElse(primary.id()) : primary.id(),
                    primary.model().id(), start, v, err);
        });
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(parts.length, Math.max(1, settings.maxConcurrentSplits()));
        for (int w = 0; w < workers; w++) {
            startNext(route, ops, log, parts, next, result);
        }
        CompletableFuture.allOf(parts).whenComplete((v, e) -> {
            if (e != null) {
                Throwable cause = unwrap(e);
                ops.forEach(OpContext::cancel);
                result.completeExceptionally(cause);
                return;
            }
            try {
                List<Served<ProviderResult>> done = new ArrayList<>();
                for (CompletableFuture<Served<ProviderResult>> p : parts) {
                    done.add(p.join());
                }
                result.complete(assemble(done, warningsOf(route, done), start, routingMetadata(route, log, done), first.id()));
            } catch (RuntimeException ex) {
                result.completeExceptionally(ex);
            }
        });
        long ms = first.remainingMillis();
        result.setDeadlineTimer(scheduler.schedule(() -> {
            ops.forEach(OpContext::expire);
            result.completeExceptionally(HttpTransport.deadline(first, null));
        }, ms, TimeUnit.MILLISECONDS));
        return result;
    }

    private void startNext(Route route, List<OpContext> ops, CallLog log, CompletableFuture<Served<ProviderResult>>[] parts,
                           AtomicInteger next, CompletableFuture<ImageResult> result) {
        int i = next.getAndIncrement();
        if (i >= parts.length || result.isDone()) {
            return;
        }
        callAsync(route, i, ops.get(i), log, 0, new ArrayList<>(), result, cand -> (call, op) -> runAsync(cand, call, op), resultCost)
                .whenComplete((v, e) -> {
                    if (e != null) {
                        parts[i].completeExceptionally(unwrap(e));
                    } else {
                        parts[i].complete(v);
                    }
                    startNext(route, ops, log, parts, next, result);
                });
    }

    private CompletableFuture<ProviderResult> runAsync(Plan cand, ImageRequest call, OpContext op) {
        ConfiguredProvider cp = cand.cp();
        WireRequest wr;
        try {
            wr = cp.provider().prepare(call, cand.model());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return transport.executeAsync(cp.target(), wr, op, cp.provider()::mapError, w -> cp.provider().parse(call, cand.model(), w))
                .thenCompose(resp -> {
                    if (resp instanceof ProviderResponse.Completed c) {
                        return CompletableFuture.completedFuture(c.result());
                    }
                    ProviderResponse.Pending p = (ProviderResponse.Pending) resp;
                    DefaultImageJob job = new DefaultImageJob(this, cp, cand.model(), p.job(), p.status(), timeoutOf(call), op.id());
                    op.setJobRef(job.ref());
                    return job.pollAsync(op);
                });
    }

    // ---- jobs ----

    /**
     * Sends the request and returns its job: running for submit-and-poll vendors, already finished for sync ones. Routed
     * and failed over like {@link #generate}; limits hold a permit only for the submitting call, and the budget counts
     * the estimate of an accepted job (its result is not seen here).
     */
    public ImageJob submit(ImageRequest r) {
        Route route = route(r);
        Plan primary = route.primary();
        if (primary.calls().size() > 1) {
            throw InvalidRequestException.forField(primary.id(), "count", "submit() sends one vendor call, and "
                    + primary.model() + " returns at most " + primary.model().maxCountPerCall() + " per call; use generate() or generateAsync()",
                    List.of("1.." + primary.model().maxCountPerCall()));
        }
        checkBudget(route);
        long start = System.nanoTime();
        OpContext op = newOp(primary.id(), timeoutOf(primary.request()));
        started(op, route);
        CallLog log = new CallLog(1);
        Served<ProviderResponse> s;
        try {
            s = callSync(route, 0, op, log, (cand, call, o) -> {
                WireRequest wr = cand.cp().provider().prepare(call, cand.model());
                ProviderResponse resp = transport.execute(cand.cp().target(), wr, o, cand.cp().provider()::mapError,
                        w -> cand.cp().provider().parse(call, cand.model(), w));
                if (resp instanceof ProviderResponse.Pending p) {
                    o.setJobRef(JobRefs.encode(p.job()));
                }
                return resp;
            }, (sv, p) -> sv.value() instanceof ProviderResponse.Completed c ? actualCost(sv.model(), sv.call(), c.result()) : null);
        } catch (ImageGenerationException e) {
            ended(op, e.providerId().orElse(primary.id()), primary.model().id(), start, null, e);
            throw e;
        }
        if (s.value() instanceof ProviderResponse.Completed c) {
            Served<ProviderResult> part = new Served<>(s.cp(), s.model(), s.call(), c.result());
            List<Served<ProviderResult>> parts = List.of(part);
            ImageResult result = assemble(parts, warningsOf(route, parts), start, routingMetadata(route, log, parts), op.id());
            ended(op, s.cp().id(), s.model().id(), start, result, null);
            return DefaultImageJob.finished(this, s.cp(), s.model(), c.result().requestId(), result);
        }
        ProviderResponse.Pending p = (ProviderResponse.Pending) s.value();
        return new DefaultImageJob(this, s.cp(), s.model(), p.job(), p.status(), timeoutOf(s.call()), op.id());
    }

    /** Rebuilds a job from its ref. */
    public ImageJob resume(String ref) {
        JobHandle h = JobRefs.decode(ref);
        ConfiguredProvider cp = providers.stream().filter(p -> p.id().equals(h.providerId())).findFirst()
                .orElseThrow(() -> InvalidRequestException.forField(h.providerId(), "ref", "names provider '" + h.providerId()
                        + "', which this client has not configured", providerIds()));
        ModelInfo model = cp.model(h.modelId()).orElseThrow(() -> InvalidRequestException.forField(h.providerId(), "ref",
                "names model '" + h.modelId() + "', unknown to " + h.providerId(), cp.models().stream().map(ModelInfo::id).toList()));
        OpContext op = newOp(cp.id(), settings.defaultTimeout());
        Listeners.safely(transport.settings().listener(), l -> l.requestStarted(new ImageEventListener.RequestStarted(op.id(),
                cp.id(), model.id(), 1)));
        return new DefaultImageJob(this, cp, model, h, JobStatus.of(JobState.RUNNING), settings.defaultTimeout(), op.id());
    }

    // ---- estimates and webhooks ----

    /** See {@link dev.imagegen.ImageClient#estimate}: the cost on the provider routing puts first. */
    public Cost estimate(ImageRequest r) {
        Plan plan = route(r).primary();
        ConfiguredProvider cp = plan.cp();
        Cost total = null;
        for (ImageRequest call : plan.calls()) {
            Cost c;
            var wire = cp.provider().estimateRequest(call, plan.model());
            if (wire.isPresent()) {
                if (wire.get().paid()) {
                    throw new IllegalStateException(cp.id() + " marked its estimate request as paid");
                }
                OpContext op = newOp(cp.id(), timeoutOf(call));
                c = transport.execute(cp.target(), wire.get(), op, cp.provider()::mapError, w -> cp.provider().parseEstimate(w));
                c = Cost.estimated(c.amount());
            } else {
                ImageSize size = call.size().orElse(plan.model().defaultSize().orElse(null));
                c = plan.model().price().map(p -> p.estimate(call.count(), size, null)).orElseThrow(() ->
                        InvalidRequestException.forField(cp.id(), "model", plan.model() + " has no known price", List.of()));
            }
            total = total == null ? c : total.plus(c);
        }
        return total;
    }

    /** See {@link dev.imagegen.ImageClient#parseWebhook}. */
    public ImageResult parseWebhook(String providerId, byte[] payload) {
        ConfiguredProvider cp = providers.stream().filter(p -> p.id().equals(providerId)).findFirst()
                .orElseThrow(() -> InvalidRequestException.forField(providerId, "provider", "'" + providerId
                        + "' is not configured in this client", providerIds()));
        long start = System.nanoTime();
        dev.imagegen.spi.JobUpdate u;
        try {
            u = cp.provider().parseWebhook(dev.imagegen.internal.http.BytesWireResponse.json(payload));
        } catch (UnsupportedOperationException e) {
            throw InvalidRequestException.forField(providerId, "provider", providerId + " sends no webhooks", List.of());
        } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
            throw new dev.imagegen.InvalidResponseException(new ImageGenerationException.Details(
                    "unreadable webhook payload: " + e.getMessage(), providerId, -1, null, null, null), e);
        }
        if (u.error() != null) {
            throw u.error();
        }
        if (u.result() == null) {
            throw new dev.imagegen.InvalidResponseException(new ImageGenerationException.Details(
                    "the webhook payload reports a job that has not ended (" + u.status() + ")", providerId, -1, null, null, null), null);
        }
        String modelId = u.result().modelId();
        ModelInfo model = modelId == null ? cp.models().get(0) : cp.model(modelId).orElse(cp.models().get(0));
        return assemble(cp, model, null, List.of(u.result()), List.of(), start, 0);
    }

    // ---- results ----

    ImageResult assemble(ConfiguredProvider cp, ModelInfo model, ImageRequest req, List<ProviderResult> parts,
                         List<String> warnings, long startNanos, long operationId) {
        List<Served<ProviderResult>> served = new ArrayList<>();
        for (ProviderResult pr : parts) {
            // without a request (a job's or a webhook's result) the catalog's default size prices it
            served.add(new Served<>(cp, model, req, pr));
        }
        return assemble(served, warnings, startNanos, Map.of(), operationId);
    }

    /** The result; {@code operationId} is the request's, so lazy downloads report under it (0: a fresh id). */
    private ImageResult assemble(List<Served<ProviderResult>> parts, List<String> warnings, long startNanos,
                                 Map<String, String> routingMeta, long operationId) {
        Served<ProviderResult> firstPart = parts.get(0);
        ImageResult.Builder b = ImageResult.builder().provider(firstPart.cp().id());
        String modelSent = null;
        String requestId = null;
        Long seed = null;
        Duration inference = null;
        Cost cost = null;
        Map<String, String> meta = new LinkedHashMap<>();
        List<String> requestIds = new ArrayList<>();
        for (Served<ProviderResult> part : parts) {
            ProviderResult pr = part.value();
            for (ImageOutput o : pr.images()) {
                b.addImage(image(part.cp(), o, operationId));
            }
            modelSent = modelSent != null ? modelSent : pr.modelId();
            if (pr.requestId() != null) {
                requestIds.add(pr.requestId());
                requestId = requestId != null ? requestId : pr.requestId();
            }
            seed = seed != null ? seed : pr.seed();
            if (pr.inferenceTime() != null && (inference == null || pr.inferenceTime().compareTo(inference) > 0)) {
                inference = pr.inferenceTime();
            }
            Cost c = costOf(part.model(), part.call(), pr);
            if (c != null) {
                cost = cost == null ? c : cost.plus(c);
            }
            pr.metadata().forEach(meta::putIfAbsent);
            pr.warnings().forEach(b::addWarning);
        }
        ImageRequest req = firstPart.call();
        if (seed == null && req != null && parts.size() == 1) {
            seed = req.seed().orElse(null);
        }
        warnings.forEach(b::addWarning);
        if (requestIds.size() > 1) {
            meta.put("requestIds", String.join(",", requestIds));
        }
        meta.putAll(routingMeta);
        meta.forEach(b::putMetadata);
        return b.model(modelSent != null ? modelSent : firstPart.model().vendorId()).requestId(requestId).seed(seed).cost(cost)
                .timings(Timings.of(Duration.ofNanos(System.nanoTime() - startNanos), inference)).build();
    }

    private GeneratedImage image(ConfiguredProvider cp, ImageOutput o, long operationId) {
        if (o.bytes() != null) {
            return LoadedImage.of(o.bytes(), o.nsfw(), o.revisedPrompt());
        }
        if (o.url().startsWith("data:")) {
            try {
                return LoadedImage.of(Base64Images.decode(o.url()), o.nsfw(), o.revisedPrompt());
            } catch (IllegalArgumentException e) {
                // the vendor's answer, not the caller, is at fault: typed like any unusable output
                throw new dev.imagegen.InvalidResponseException(new ImageGenerationException.Details(
                        "an output data: URL is not valid base64 image data", cp.id(), -1, null, null, null), e);
            }
        }
        return new LazyImage(o.url(), o.nsfw(), o.revisedPrompt(), cp.target(), transport, settings.downloadTimeout(),
                operationId);
    }

    // ---- events ----

    private void started(OpContext op, Route route) {
        Plan plan = route.primary();
        Listeners.safely(transport.settings().listener(), l -> l.requestStarted(new ImageEventListener.RequestStarted(op.id(),
                plan.cp().id(), plan.model().id(), plan.request().count())));
    }

    /** The end of a job handed to the caller (from submit or resume): its result, its error, or its cancellation. */
    void jobEnded(long operationId, String provider, String model, long start, ImageResult result, Throwable error) {
        Throwable cause = error == null ? null : unwrap(error);
        ImageGenerationException e = cause instanceof ImageGenerationException ige ? ige : null;
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Listeners.safely(transport.settings().listener(), l -> l.requestEnded(new ImageEventListener.RequestEnded(operationId,
                provider, model, elapsed, result, e)));
    }

    private void ended(OpContext op, String provider, String model, long start, ImageResult result, ImageGenerationException e) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Listeners.safely(transport.settings().listener(), l -> l.requestEnded(new ImageEventListener.RequestEnded(op.id(),
                provider, model, elapsed, result, e)));
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Joins a future, rethrowing the SDK's exceptions as they are. */
    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ImageGenerationException(ImageGenerationException.Details.of("interrupted"), false, e);
        } catch (ExecutionException e) {
            Throwable c = unwrap(e);
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new ImageGenerationException(ImageGenerationException.Details.of("failed: " + c), false, c);
        } catch (CancellationException e) {
            throw e;
        }
    }

    @Override
    public void close() {
        transport.close();
        scheduler.shutdownNow();
    }
}
