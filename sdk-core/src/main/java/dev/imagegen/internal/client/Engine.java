package dev.imagegen.internal.client;

import dev.imagegen.Cost;
import dev.imagegen.GeneratedImage;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ImageSize;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;
import dev.imagegen.ModelInfo;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an {@link dev.imagegen.ImageClient} does: picks the provider and model, validates, splits large counts, runs
 * the provider's translation over the transport, polls jobs, and assembles results. Thread-safe.
 */
public final class Engine implements AutoCloseable {

    /** Settings beyond the transport's. */
    public record Settings(Duration defaultTimeout, Duration downloadTimeout, Duration pollInitial, Duration pollMax,
                           int maxConcurrentSplits) {
    }

    private final List<ConfiguredProvider> providers;
    private final List<String> unconfigured;
    private final HttpTransport transport;
    private final ScheduledExecutorService scheduler;
    private final Settings settings;

    Engine(List<ConfiguredProvider> providers, List<String> unconfigured, HttpTransport transport,
           ScheduledExecutorService scheduler, Settings settings) {
        this.providers = List.copyOf(providers);
        this.unconfigured = List.copyOf(unconfigured);
        this.transport = transport;
        this.scheduler = scheduler;
        this.settings = settings;
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

    // ---- planning ----

    private record Plan(ConfiguredProvider cp, ModelInfo model, ImageRequest request, List<String> warnings,
                        List<ImageRequest> calls) {
    }

    private Plan plan(ImageRequest r) {
        ConfiguredProvider cp;
        ModelInfo model;
        if (r.provider().isPresent()) {
            String id = r.provider().get();
            cp = providers.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow(() -> {
                String why = unconfigured.contains(id) ? "has no API key (set " + id.toUpperCase(java.util.Locale.ROOT).replace('-', '_')
                        + "_API_KEY or the builder's apiKey)" : "is not a known provider";
                return InvalidRequestException.forField(id, "provider", "'" + id + "' " + why, providerIds());
            });
            model = cp.model(r.model()).orElseThrow(() -> InvalidRequestException.forField(id, "model",
                    "'" + r.model() + "' is not a model of " + id, cp.models().stream().map(ModelInfo::id).toList()));
        } else {
            if (providers.isEmpty()) {
                throw InvalidRequestException.forField(null, "provider", "no provider is configured: set an API key, e.g. "
                        + String.join(", ", unconfigured.stream().map(u -> u.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_API_KEY").toList()),
                        List.of());
            }
            ConfiguredProvider found = null;
            ModelInfo foundModel = null;
            for (ConfiguredProvider p : providers) {
                var m = p.model(r.model());
                if (m.isPresent()) {
                    found = p;
                    foundModel = m.get();
                    break;
                }
            }
            if (found == null) {
                throw InvalidRequestException.forField(null, "model", "'" + r.model() + "' is not served by any configured provider",
                        models().stream().map(ModelInfo::toString).toList());
            }
            cp = found;
            model = foundModel;
        }
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

    /** Blocking generate. */
    public ImageResult generate(ImageRequest r) {
        Plan plan = plan(r);
        if (plan.calls().size() > 1) {
            return join(generateAsync(r));
        }
        long start = System.nanoTime();
        OpContext op = newOp(plan.cp().id(), timeoutOf(plan.request()));
        started(op, plan);
        try {
            ProviderResult pr = runSync(plan, plan.request(), op);
            ImageResult result = assemble(plan.cp(), plan.model(), plan.request(), List.of(pr), plan.warnings(), start);
            ended(op, plan.cp().id(), plan.model().id(), start, result, null);
            return result;
        } catch (ImageGenerationException e) {
            ended(op, plan.cp().id(), plan.model().id(), start, null, e);
            throw e;
        }
    }

    private ProviderResult runSync(Plan plan, ImageRequest call, OpContext op) {
        ConfiguredProvider cp = plan.cp();
        WireRequest wr = cp.provider().prepare(call, plan.model());
        ProviderResponse resp = transport.execute(cp.target(), wr, op, cp.provider()::mapError,
                w -> cp.provider().parse(call, plan.model(), w));
        if (resp instanceof ProviderResponse.Completed c) {
            return c.result();
        }
        ProviderResponse.Pending p = (ProviderResponse.Pending) resp;
        DefaultImageJob job = new DefaultImageJob(this, cp, plan.model(), p.job(), p.status(), timeoutOf(call), op.id());
        op.setJobRef(job.ref());
        return job.pollUntilDone(op);
    }

    /** Asynchronous generate: no thread is held while waiting. Cancelling the future cancels the calls and polls. */
    public CompletableFuture<ImageResult> generateAsync(ImageRequest r) {
        Plan plan;
        try {
            plan = plan(r);
        } catch (ImageGenerationException e) {
            return CompletableFuture.failedFuture(e);
        }
        long start = System.nanoTime();
        Duration timeout = timeoutOf(plan.request());
        List<OpContext> ops = new ArrayList<>();
        for (int i = 0; i < plan.calls().size(); i++) {
            ops.add(newOp(plan.cp().id(), timeout));
        }
        OpContext first = ops.get(0);
        OpFuture<ImageResult> result = new OpFuture<>(ops);
        started(first, plan);
        @SuppressWarnings("unchecked")
        CompletableFuture<ProviderResult>[] parts = new CompletableFuture[plan.calls().size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new CompletableFuture<>();
        }
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(parts.length, Math.max(1, settings.maxConcurrentSplits()));
        for (int w = 0; w < workers; w++) {
            startNext(plan, ops, parts, next, result);
        }
        CompletableFuture.allOf(parts).whenComplete((v, e) -> {
            if (e != null) {
                Throwable cause = unwrap(e);
                ops.forEach(OpContext::cancel);
                result.completeExceptionally(cause);
                return;
            }
            try {
                List<ProviderResult> done = new ArrayList<>();
                for (CompletableFuture<ProviderResult> p : parts) {
                    done.add(p.join());
                }
                result.complete(assemble(plan.cp(), plan.model(), plan.request(), done, plan.warnings(), start));
            } catch (RuntimeException ex) {
                result.completeExceptionally(ex);
            }
        });
        result.whenComplete((v, e) -> ended(first, plan.cp().id(), plan.model().id(), start, v,
                e == null ? null : unwrap(e) instanceof ImageGenerationException ige ? ige : null));
        long ms = first.remainingMillis();
        result.setDeadlineTimer(scheduler.schedule(() -> {
            ops.forEach(OpContext::expire);
            result.completeExceptionally(HttpTransport.deadline(first, null));
        }, ms, TimeUnit.MILLISECONDS));
        return result;
    }

    private void startNext(Plan plan, List<OpContext> ops, CompletableFuture<ProviderResult>[] parts, AtomicInteger next,
                           CompletableFuture<ImageResult> result) {
        int i = next.getAndIncrement();
        if (i >= parts.length || result.isDone()) {
            return;
        }
        runAsync(plan, plan.calls().get(i), ops.get(i)).whenComplete((v, e) -> {
            if (e != null) {
                parts[i].completeExceptionally(unwrap(e));
            } else {
                parts[i].complete(v);
            }
            startNext(plan, ops, parts, next, result);
        });
    }

    private CompletableFuture<ProviderResult> runAsync(Plan plan, ImageRequest call, OpContext op) {
        ConfiguredProvider cp = plan.cp();
        WireRequest wr;
        try {
            wr = cp.provider().prepare(call, plan.model());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return transport.executeAsync(cp.target(), wr, op, cp.provider()::mapError, w -> cp.provider().parse(call, plan.model(), w))
                .thenCompose(resp -> {
                    if (resp instanceof ProviderResponse.Completed c) {
                        return CompletableFuture.completedFuture(c.result());
                    }
                    ProviderResponse.Pending p = (ProviderResponse.Pending) resp;
                    DefaultImageJob job = new DefaultImageJob(this, cp, plan.model(), p.job(), p.status(), timeoutOf(call), op.id());
                    op.setJobRef(job.ref());
                    return job.pollAsync(op);
                });
    }

    // ---- jobs ----

    /** Sends the request and returns its job: running for submit-and-poll vendors, already finished for sync ones. */
    public ImageJob submit(ImageRequest r) {
        Plan plan = plan(r);
        if (plan.calls().size() > 1) {
            throw InvalidRequestException.forField(plan.cp().id(), "count", "submit() sends one vendor call, and "
                    + plan.model() + " returns at most " + plan.model().maxCountPerCall() + " per call; use generate() or generateAsync()",
                    List.of("1.." + plan.model().maxCountPerCall()));
        }
        long start = System.nanoTime();
        ConfiguredProvider cp = plan.cp();
        OpContext op = newOp(cp.id(), timeoutOf(plan.request()));
        started(op, plan);
        ImageRequest call = plan.request();
        WireRequest wr = cp.provider().prepare(call, plan.model());
        ProviderResponse resp;
        try {
            resp = transport.execute(cp.target(), wr, op, cp.provider()::mapError, w -> cp.provider().parse(call, plan.model(), w));
        } catch (ImageGenerationException e) {
            ended(op, cp.id(), plan.model().id(), start, null, e);
            throw e;
        }
        if (resp instanceof ProviderResponse.Completed c) {
            ImageResult result = assemble(cp, plan.model(), call, List.of(c.result()), plan.warnings(), start);
            ended(op, cp.id(), plan.model().id(), start, result, null);
            return DefaultImageJob.finished(this, cp, plan.model(), c.result().requestId(), result);
        }
        ProviderResponse.Pending p = (ProviderResponse.Pending) resp;
        return new DefaultImageJob(this, cp, plan.model(), p.job(), p.status(), timeoutOf(call), op.id());
    }

    /** Rebuilds a job from its ref. */
    public ImageJob resume(String ref) {
        JobHandle h = JobRefs.decode(ref);
        ConfiguredProvider cp = providers.stream().filter(p -> p.id().equals(h.providerId())).findFirst()
                .orElseThrow(() -> InvalidRequestException.forField(h.providerId(), "ref", "names provider '" + h.providerId()
                        + "', which this client has not configured", providerIds()));
        ModelInfo model = cp.model(h.modelId()).orElseThrow(() -> InvalidRequestException.forField(h.providerId(), "ref",
                "names model '" + h.modelId() + "', unknown to " + h.providerId(), cp.models().stream().map(ModelInfo::id).toList()));
        return new DefaultImageJob(this, cp, model, h, JobStatus.of(JobState.RUNNING), settings.defaultTimeout(), 0);
    }

    // ---- estimates and webhooks ----

    /** See {@link dev.imagegen.ImageClient#estimate}. */
    public Cost estimate(ImageRequest r) {
        Plan plan = plan(r);
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
        return assemble(cp, model, null, List.of(u.result()), List.of(), start);
    }

    // ---- results ----

    ImageResult assemble(ConfiguredProvider cp, ModelInfo model, ImageRequest req, List<ProviderResult> parts,
                         List<String> warnings, long startNanos) {
        ImageResult.Builder b = ImageResult.builder().provider(cp.id());
        String modelSent = null;
        String requestId = null;
        Long seed = null;
        Duration inference = null;
        Cost cost = null;
        Map<String, String> meta = new LinkedHashMap<>();
        List<String> requestIds = new ArrayList<>();
        ImageSize size = req != null && req.size().isPresent() ? req.size().get() : model.defaultSize().orElse(null);
        for (ProviderResult pr : parts) {
            for (ImageOutput o : pr.images()) {
                b.addImage(image(cp, o));
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
            Cost c = pr.cost();
            if (c == null && model.price().isPresent()) {
                c = model.price().get().estimate(Math.max(1, pr.images().size()), size, pr.inferenceTime());
            }
            if (c != null) {
                cost = cost == null ? c : cost.plus(c);
            }
            pr.metadata().forEach(meta::putIfAbsent);
            pr.warnings().forEach(b::addWarning);
        }
        if (seed == null && req != null && parts.size() == 1) {
            seed = req.seed().orElse(null);
        }
        warnings.forEach(b::addWarning);
        if (requestIds.size() > 1) {
            meta.put("requestIds", String.join(",", requestIds));
        }
        meta.forEach(b::putMetadata);
        return b.model(modelSent != null ? modelSent : model.vendorId()).requestId(requestId).seed(seed).cost(cost)
                .timings(Timings.of(Duration.ofNanos(System.nanoTime() - startNanos), inference)).build();
    }

    private GeneratedImage image(ConfiguredProvider cp, ImageOutput o) {
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
        return new LazyImage(o.url(), o.nsfw(), o.revisedPrompt(), cp.target(), transport, settings.downloadTimeout());
    }

    // ---- events ----

    private void started(OpContext op, Plan plan) {
        Listeners.safely(transport.settings().listener(), l -> l.requestStarted(new ImageEventListener.RequestStarted(op.id(),
                plan.cp().id(), plan.model().id(), plan.request().count())));
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
