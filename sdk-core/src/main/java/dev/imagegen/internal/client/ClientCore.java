package dev.imagegen.internal.client;

import dev.imagegen.Budget;
import dev.imagegen.BudgetStatus;
import dev.imagegen.CircuitState;
import dev.imagegen.Cost;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ModelInfo;
import dev.imagegen.ProgressListener;
import dev.imagegen.ProviderLimits;
import dev.imagegen.RoutingPolicy;
import dev.imagegen.Sleeper;
import dev.imagegen.internal.ConfiguredProvider;
import dev.imagegen.internal.Downloads;
import dev.imagegen.internal.InProcessStore;
import dev.imagegen.internal.http.HttpPipeline;
import dev.imagegen.internal.job.JobDriver;
import dev.imagegen.internal.op.ClientLifecycle;
import dev.imagegen.internal.op.Futures;
import dev.imagegen.spi.SharedStore;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What an {@link dev.imagegen.ImageClient} is inside: its providers, its lifecycle, its one pipeline and job driver,
 * and the operations built on them. It only wires and delegates; each operation lives in its own class
 * ({@link Generations}, {@link Jobs}, {@link Estimates}, {@link Webhooks}). Thread-safe.
 */
public final class ClientCore implements AutoCloseable {

    /**
     * Settings beyond the pipeline's.
     *
     * @param routing the routing policy; null: preference order (the provider order)
     * @param limits  per-provider limits; providers not in the map get {@link ProviderLimits#defaults()}
     * @param budget  the spending cap, or null
     * @param inputImageLimits per provider, the largest input image in bytes, overriding the catalog's
     * @param store   where budgets, shared limits and the journal of pending jobs are kept; null: in this client
     */
    public record Settings(Duration defaultTimeout, Duration downloadTimeout, Duration pollInitial, Duration pollMax,
                           int maxConcurrentSplits, RoutingPolicy routing, Map<String, ProviderLimits> limits, Budget budget,
                           Map<String, Long> inputImageLimits, SharedStore store) {
    }

    private final ProviderSet providers;
    private final ClientLifecycle lifecycle;
    private final HttpPipeline pipeline;
    private final BudgetTracker budget;
    private final Generations generations;
    private final Map<String, ProviderGate> gates;
    private final Duration storeWait;
    // Jobs, Estimates and Webhooks are built on first use (a fresh JVM that only generates never loads them); their
    // constructors only store what they are given, so building them later changes nothing but when their classes load.
    private final Router router;
    private final CandidateRunner runner;
    private final VendorCall calls;
    private final JobDriver driver;
    private final ResultAssembler assembler;
    private final RequestEvents events;
    private final ImageEventListener listener;
    private final Duration defaultTimeout;
    private final PendingJobs pending;
    private final Object lazyLock = new Object();
    private volatile Jobs jobs;
    private volatile Estimates estimates;
    private volatile Webhooks webhooks;

    ClientCore(ProviderSet providers, ClientLifecycle lifecycle, HttpPipeline pipeline, Settings s, ImageEventListener listener,
               Sleeper sleeper) {
        this.providers = providers;
        this.lifecycle = lifecycle;
        this.pipeline = pipeline;
        Map<String, ProviderGate> gates = new LinkedHashMap<>();
        this.gates = gates;
        SharedStore store = s.store() != null ? s.store() : new InProcessStore(lifecycle.clock());
        for (ConfiguredProvider cp : providers.all()) {
            gates.put(cp.id(), new ProviderGate(cp.id(), s.limits().getOrDefault(cp.id(), ProviderLimits.defaults()),
                    lifecycle.clock(), sleeper, lifecycle.scheduler(), listener, s.store()));
        }
        this.budget = s.budget() == null ? null : new BudgetTracker(s.budget(), store);
        // a question to the store outside any request (budgetStatus, adoptOrphanedJobs) waits at most this long
        this.storeWait = s.defaultTimeout().compareTo(Duration.ofSeconds(10)) < 0 ? s.defaultTimeout() : Duration.ofSeconds(10);
        PendingJobs pending = new PendingJobs(store.jobs());
        Router router = new Router(providers, s.routing() != null ? s.routing() : RoutingPolicy.preferenceOrder(),
                s.inputImageLimits());
        CandidateRunner runner = new CandidateRunner(gates, budget, listener);
        JobDriver driver = new JobDriver(pipeline, lifecycle, s.pollInitial(), s.pollMax());
        VendorCall calls = new VendorCall(pipeline, driver, listener, pending);
        ResultAssembler assembler = new ResultAssembler(new Downloads(pipeline, lifecycle, listener, s.downloadTimeout()),
                pipeline.redaction());
        RequestEvents events = new RequestEvents(listener);
        this.generations = new Generations(router, runner, calls, assembler, lifecycle, events, s.defaultTimeout(),
                s.maxConcurrentSplits(), pending);
        this.router = router;
        this.runner = runner;
        this.calls = calls;
        this.driver = driver;
        this.assembler = assembler;
        this.events = events;
        this.listener = listener;
        this.defaultTimeout = s.defaultTimeout();
        this.pending = pending;
    }

    private Jobs jobs() {
        Jobs j = jobs;
        if (j == null) {
            synchronized (lazyLock) {
                j = jobs;
                if (j == null) {
                    j = new Jobs(providers, router, runner, calls, driver, assembler, lifecycle, events, listener, defaultTimeout,
                            pending);
                    jobs = j;
                }
            }
        }
        return j;
    }

    private Estimates estimates() {
        Estimates e = estimates;
        if (e == null) {
            synchronized (lazyLock) {
                e = estimates;
                if (e == null) {
                    e = new Estimates(router, pipeline, lifecycle, defaultTimeout);
                    estimates = e;
                }
            }
        }
        return e;
    }

    private Webhooks webhooks() {
        Webhooks w = webhooks;
        if (w == null) {
            synchronized (lazyLock) {
                w = webhooks;
                if (w == null) {
                    w = new Webhooks(providers, assembler, pipeline, lifecycle);
                    webhooks = w;
                }
            }
        }
        return w;
    }

    /** Blocking generate: waits on {@link #generateAsync}'s implementation. */
    public ImageResult generate(ImageRequest r, ProgressListener progress) {
        Objects.requireNonNull(r, "request");
        Objects.requireNonNull(progress, "progress");
        lifecycle.checkOpen(r.provider().orElse(null));
        return Futures.await(generations.start(r, progress, true), r.provider().orElse(null));
    }

    /** Asynchronous generate: every failure, a request refused before sending included, completes the future. */
    public CompletableFuture<ImageResult> generateAsync(ImageRequest r, ProgressListener progress) {
        Objects.requireNonNull(r, "request");
        Objects.requireNonNull(progress, "progress");
        try {
            lifecycle.checkOpen(r.provider().orElse(null));
            return generations.start(r, progress, false);
        } catch (ImageGenerationException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public ImageJob submit(ImageRequest r, ProgressListener progress) {
        Objects.requireNonNull(r, "request");
        Objects.requireNonNull(progress, "progress");
        lifecycle.checkOpen(r.provider().orElse(null));
        return jobs().submit(r, progress);
    }

    public ImageJob resume(String ref) {
        lifecycle.checkOpen(null);
        return jobs().resume(ref);
    }

    public Cost estimate(ImageRequest r) {
        Objects.requireNonNull(r, "request");
        lifecycle.checkOpen(r.provider().orElse(null));
        return estimates().estimate(r);
    }

    public ImageResult parseWebhook(String providerId, dev.imagegen.WebhookDelivery delivery) {
        Objects.requireNonNull(delivery, "delivery");
        lifecycle.checkOpen(providerId);
        return webhooks().parseVerified(providerId, delivery);
    }

    public ImageResult parseUnverifiedWebhook(String providerId, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        lifecycle.checkOpen(providerId);
        return webhooks().parse(providerId, payload);
    }

    public Optional<BudgetStatus> budgetStatus() {
        return budget == null ? Optional.empty() : Optional.of(budget.status(storeWait));
    }

    /** Claims and resumes the jobs of processes that are gone (see {@link Jobs#adoptOrphans}). */
    public List<ImageJob> adoptOrphanedJobs(int max) {
        lifecycle.checkOpen(null);
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, got " + max);
        }
        return jobs().adoptOrphans(max, storeWait);
    }

    /** Each configured provider's circuit state, in preference order. */
    public Map<String, CircuitState> circuitStates() {
        Map<String, CircuitState> out = new LinkedHashMap<>();
        gates.forEach((id, g) -> out.put(id, g.circuitState()));
        return out;
    }

    /** The ids of the providers this client can call, in preference order. */
    public List<String> providerIds() {
        return providers.ids();
    }

    /** Every model of every configured provider. */
    public List<ModelInfo> models() {
        return providers.models();
    }

    HttpPipeline.Stats transportStats() {
        return pipeline.stats();
    }

    /** Ends everything in flight with a {@code ClientClosedException}, then stops the pipeline and the threads. */
    @Override
    public void close() {
        lifecycle.close();
    }
}
