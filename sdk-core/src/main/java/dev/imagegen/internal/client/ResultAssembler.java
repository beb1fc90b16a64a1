package dev.imagegen.internal.client;

import dev.imagegen.Cost;
import dev.imagegen.GeneratedImage;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ModelInfo;
import dev.imagegen.Timings;
import dev.imagegen.internal.ConfiguredProvider;
import dev.imagegen.internal.Downloads;
import dev.imagegen.internal.ImageCheck;
import dev.imagegen.internal.LazyImage;
import dev.imagegen.internal.LoadedImage;
import dev.imagegen.internal.Redaction;
import dev.imagegen.internal.op.Operation;
import dev.imagegen.spi.ImageOutput;
import dev.imagegen.spi.ProviderResult;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Turns what the vendor calls of a request produced into one {@link ImageResult}: images (the outputs' checked bytes,
 * URL outputs downloaded within the request's operation, or left for later when the caller opted out), seed, request
 * ids, cost (reported, else the catalog estimate), timings, warnings, and the routing metadata that says what was
 * tried.
 */
final class ResultAssembler {

    /** Said by a result whose URL outputs were not fetched with it. */
    static final String DEFERRED = "outputs not downloaded or checked with the request: each URL is fetched and checked"
            + " as an image on first use, within downloadTimeout";

    private final Downloads downloads;
    private final Redaction redaction;

    ResultAssembler(Downloads downloads, Redaction redaction) {
        this.downloads = downloads;
        this.redaction = redaction;
    }

    /**
     * The result of a routed request, once its URL outputs are downloaded and checked within {@code op} (unless the
     * request opted out with {@code downloadOutputs(false)}).
     */
    CompletableFuture<ImageResult> routed(Route route, CallLog log, List<CandidateRunner.Served<ProviderResult>> parts,
                                          long startNanos, Operation op) {
        boolean download = route.primary().request().downloadOutputs();
        return downloaded(parts, download, op).thenApply(new java.util.function.Function<>() { // a class: no lambda spun
            @Override
            public ImageResult apply(List<CandidateRunner.Served<ProviderResult>> done) {
                return assemble(done, warningsOf(route, parts), startNanos, route, log, op.id());
            }
        });
    }

    /**
     * The result of a job (no request at hand: the catalog's default size prices it), once its URL outputs are
     * downloaded within {@code op} when {@code download}.
     */
    CompletableFuture<ImageResult> ofJob(ConfiguredProvider cp, ModelInfo model, ProviderResult pr, long startNanos,
                                         Operation op, boolean download, long eventId) {
        List<CandidateRunner.Served<ProviderResult>> parts = List.of(new CandidateRunner.Served<>(cp, model, null, pr));
        return downloaded(parts, download, op).thenApply(done -> assemble(done, List.of(), startNanos, null, null, eventId));
    }

    /** The result a webhook delivered: it has no request whose deadline a download could run within, so URLs stay lazy. */
    ImageResult ofWebhook(ConfiguredProvider cp, ModelInfo model, ProviderResult pr, long startNanos) {
        return assemble(List.of(new CandidateRunner.Served<>(cp, model, null, pr)), List.of(), startNanos, null, null, 0);
    }

    /**
     * The parts with each URL output replaced by its downloaded, checked bytes (all downloads started at once; a
     * blocking caller's run one after the other on its thread). The first that fails ends the request.
     */
    private CompletableFuture<List<CandidateRunner.Served<ProviderResult>>> downloaded(
            List<CandidateRunner.Served<ProviderResult>> parts, boolean download, Operation op) {
        int total = 0;
        boolean allLoaded = true;
        for (CandidateRunner.Served<ProviderResult> part : parts) { // loops: this runs on every request
            for (ImageOutput o : part.value().images()) {
                total++;
                allLoaded &= o.bytes() != null;
            }
        }
        if (!download || allLoaded) {
            return CompletableFuture.completedFuture(parts);
        }
        if (total == 1 && parts.size() == 1) { // the usual case: one URL, one download, without the lists and joins of the general case
            CandidateRunner.Served<ProviderResult> part = parts.get(0);
            ImageOutput o = part.value().images().get(0);
            return downloads.fetch(part.cp().target(), o.url(), ImageCheck.name(0, 1), op).thenApply(bytes -> List.of(
                    new CandidateRunner.Served<>(part.cp(), part.model(), part.call(), part.value().withImages(List.of(o.withBytes(bytes))))));
        }
        List<CompletableFuture<CandidateRunner.Served<ProviderResult>>> out = new ArrayList<>();
        int index = 0;
        for (CandidateRunner.Served<ProviderResult> part : parts) {
            List<CompletableFuture<ImageOutput>> images = new ArrayList<>();
            for (ImageOutput o : part.value().images()) {
                String what = ImageCheck.name(index++, total);
                images.add(o.bytes() != null ? CompletableFuture.completedFuture(o)
                        : downloads.fetch(part.cp().target(), o.url(), what, op).thenApply(o::withBytes));
            }
            out.add(CompletableFuture.allOf(images.toArray(CompletableFuture[]::new)).thenApply(v -> new CandidateRunner.Served<>(
                    part.cp(), part.model(), part.call(), part.value().withImages(images.stream().map(CompletableFuture::join).toList()))));
        }
        return CompletableFuture.allOf(out.toArray(CompletableFuture[]::new))
                .thenApply(v -> out.stream().map(CompletableFuture::join).toList());
    }

    private ImageResult assemble(List<CandidateRunner.Served<ProviderResult>> parts, List<String> warnings, long startNanos,
                                 @Nullable Route route, @Nullable CallLog log, long operationId) {
        CandidateRunner.Served<ProviderResult> firstPart = parts.get(0);
        ImageResult.Builder b = ImageResult.builder().provider(firstPart.cp().id());
        String modelSent = null;
        String requestId = null;
        Long seed = null;
        Duration inference = null;
        Cost cost = null;
        // one part (the usual case): its metadata goes straight into the builder, whose keys it cannot repeat
        Map<String, String> meta = parts.size() == 1 ? null : new LinkedHashMap<>();
        List<String> requestIds = parts.size() == 1 ? null : new ArrayList<>();
        boolean deferred = false;
        for (int pi = 0; pi < parts.size(); pi++) { // indexed loops: no iterator per list on every request
            CandidateRunner.Served<ProviderResult> part = parts.get(pi);
            ProviderResult pr = part.value();
            for (int oi = 0; oi < pr.images().size(); oi++) {
                ImageOutput o = pr.images().get(oi);
                b.addImage(image(part.cp(), o, operationId));
                deferred |= o.bytes() == null;
            }
            modelSent = modelSent != null ? modelSent : pr.modelId();
            if (pr.requestId() != null) {
                if (requestIds != null) {
                    requestIds.add(pr.requestId());
                }
                requestId = requestId != null ? requestId : pr.requestId();
            }
            seed = seed != null ? seed : pr.seed();
            if (pr.inferenceTime() != null && (inference == null || pr.inferenceTime().compareTo(inference) > 0)) {
                inference = pr.inferenceTime();
            }
            Cost c = Pricing.costOf(part.cp(), part.model(), part.call(), pr);
            if (c != null) {
                cost = cost == null ? c : cost.plus(c);
            }
            // vendor text: the client's secrets are scrubbed from it like from every error
            for (Map.Entry<String, String> m : pr.metadata().entrySet()) {
                if (meta == null) {
                    b.putMetadata(m.getKey(), redaction.scrub(m.getValue()));
                } else {
                    meta.putIfAbsent(m.getKey(), redaction.scrub(m.getValue()));
                }
            }
            for (int wi = 0; wi < pr.warnings().size(); wi++) {
                b.addWarning(redaction.scrub(pr.warnings().get(wi)));
            }
        }
        ImageRequest req = firstPart.call();
        if (seed == null && req != null && parts.size() == 1) {
            seed = req.seed().orElse(null);
        }
        for (int wi = 0; wi < warnings.size(); wi++) {
            b.addWarning(warnings.get(wi));
        }
        if (deferred) {
            b.addWarning(DEFERRED);
        }
        if (meta != null) {
            if (requestIds.size() > 1) {
                meta.put("requestIds", String.join(",", requestIds));
            }
            for (Map.Entry<String, String> m : meta.entrySet()) {
                b.putMetadata(m.getKey(), m.getValue());
            }
        }
        if (route != null && log != null) {
            putRouting(b, route, log, parts);
        }
        return b.model(modelSent != null ? modelSent : firstPart.model().vendorId()).requestId(requestId).seed(seed).cost(cost)
                .timings(Timings.of(Duration.ofNanos(System.nanoTime() - startNanos), inference)).build();
    }

    private GeneratedImage image(ConfiguredProvider cp, ImageOutput o, long operationId) {
        if (o.bytes() != null) {
            return LoadedImage.of(o.bytes(), o.url(), o.nsfw(), o.revisedPrompt());
        }
        return new LazyImage(o.url(), o.nsfw(), o.revisedPrompt(), cp.target(), downloads, operationId);
    }

    /** The routing metadata of a routed request (none for a job or a webhook), written over the vendor's keys. */
    private static void putRouting(ImageResult.Builder b, Route route, CallLog log,
                                   List<? extends CandidateRunner.Served<?>> parts) {
        b.putMetadata("routing.policy", route.policy());
        if (parts.size() == 1) {
            b.putMetadata("routing.chosen", parts.get(0).cp().id());
        } else {
            Set<String> chosen = new LinkedHashSet<>();
            for (CandidateRunner.Served<?> p : parts) {
                chosen.add(p.cp().id());
            }
            b.putMetadata("routing.chosen", String.join(",", chosen));
        }
        List<String> failed = log.failedBeforeFirstSuccess();
        b.putMetadata("routing.reason", failed.isEmpty() ? route.reason()
                : route.reason() + "; failed over after " + String.join(", ", failed));
        b.putMetadata("routing.attempts", log.attempts());
    }

    private static List<String> warningsOf(Route route, List<? extends CandidateRunner.Served<?>> parts) {
        if (parts.size() == 1) { // one part: its plan's warnings, without a set to take out repeats of other parts'
            Route.Plan p = planOf(route, parts.get(0));
            List<String> w = p == route.primary() || route.primary().calls().size() == 1 ? p.warnings() : route.primary().warnings();
            if (w.size() <= 1) {
                return w.isEmpty() ? List.of() : List.of(w.get(0));
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (CandidateRunner.Served<?> s : parts) {
            Route.Plan p = planOf(route, s);
            out.addAll(p == route.primary() || route.primary().calls().size() == 1 ? p.warnings() : route.primary().warnings());
        }
        return out.isEmpty() ? List.of() : List.copyOf(out);
    }

    private static Route.Plan planOf(Route route, CandidateRunner.Served<?> s) {
        for (Route.Plan c : route.candidates()) {
            if (c.cp() == s.cp()) {
                return c;
            }
        }
        throw new java.util.NoSuchElementException("no plan for " + s.cp().id());
    }
}
