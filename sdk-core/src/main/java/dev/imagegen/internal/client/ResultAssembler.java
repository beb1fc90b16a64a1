package dev.imagegen.internal.client;

import dev.imagegen.Cost;
import dev.imagegen.GeneratedImage;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.ModelInfo;
import dev.imagegen.Timings;
import dev.imagegen.internal.Base64Images;
import dev.imagegen.internal.ConfiguredProvider;
import dev.imagegen.internal.Downloads;
import dev.imagegen.internal.LazyImage;
import dev.imagegen.internal.LoadedImage;
import dev.imagegen.internal.Redaction;
import dev.imagegen.spi.ImageOutput;
import dev.imagegen.spi.ProviderResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns what the vendor calls of a request produced into one {@link ImageResult}: images (bytes, decoded {@code data:}
 * URLs, or lazily downloaded URLs), seed, request ids, cost (reported, else the catalog estimate), timings, warnings,
 * and the routing metadata that says what was tried.
 */
final class ResultAssembler {

    private final Downloads downloads;
    private final Redaction redaction;

    ResultAssembler(Downloads downloads, Redaction redaction) {
        this.downloads = downloads;
        this.redaction = redaction;
    }

    /** The result of a routed request; {@code operationId} is the request's, so lazy downloads report under it. */
    ImageResult routed(Route route, CallLog log, List<CandidateRunner.Served<ProviderResult>> parts, long startNanos,
                       long operationId) {
        return assemble(parts, warningsOf(route, parts), startNanos, routingMetadata(route, log, parts), operationId);
    }

    /** The result of a job or a webhook (no request at hand: the catalog's default size prices it). */
    ImageResult ofJob(ConfiguredProvider cp, ModelInfo model, ProviderResult pr, long startNanos, long operationId) {
        return assemble(List.of(new CandidateRunner.Served<>(cp, model, null, pr)), List.of(), startNanos, Map.of(), operationId);
    }

    private ImageResult assemble(List<CandidateRunner.Served<ProviderResult>> parts, List<String> warnings, long startNanos,
                                 Map<String, String> routingMeta, long operationId) {
        CandidateRunner.Served<ProviderResult> firstPart = parts.get(0);
        ImageResult.Builder b = ImageResult.builder().provider(firstPart.cp().id());
        String modelSent = null;
        String requestId = null;
        Long seed = null;
        Duration inference = null;
        Cost cost = null;
        Map<String, String> meta = new LinkedHashMap<>();
        List<String> requestIds = new ArrayList<>();
        for (CandidateRunner.Served<ProviderResult> part : parts) {
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
            Cost c = Pricing.costOf(part.cp(), part.model(), part.call(), pr);
            if (c != null) {
                cost = cost == null ? c : cost.plus(c);
            }
            // vendor text: the client's secrets are scrubbed from it like from every error
            pr.metadata().forEach((k, val) -> meta.putIfAbsent(k, redaction.scrub(val)));
            pr.warnings().forEach(w -> b.addWarning(redaction.scrub(w)));
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
                throw new InvalidResponseException(new ImageGenerationException.Details(
                        "an output data: URL is not valid base64 image data", cp.id(), -1, null, null, null), e);
            }
        }
        return new LazyImage(o.url(), o.nsfw(), o.revisedPrompt(), cp.target(), downloads, operationId);
    }

    private static Map<String, String> routingMetadata(Route route, CallLog log, List<? extends CandidateRunner.Served<?>> parts) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("routing.policy", route.policy());
        m.put("routing.chosen", parts.stream().map(p -> p.cp().id()).distinct().collect(Collectors.joining(",")));
        List<String> failed = log.failedBeforeFirstSuccess();
        m.put("routing.reason", route.reason() + (failed.isEmpty() ? "" : "; failed over after " + String.join(", ", failed)));
        m.put("routing.attempts", log.attempts());
        return m;
    }

    private static List<String> warningsOf(Route route, List<? extends CandidateRunner.Served<?>> parts) {
        Set<String> out = new LinkedHashSet<>();
        for (CandidateRunner.Served<?> s : parts) {
            Route.Plan p = route.candidates().stream().filter(c -> c.cp() == s.cp()).findFirst().orElseThrow();
            out.addAll(p == route.primary() || route.primary().calls().size() == 1 ? p.warnings() : route.primary().warnings());
        }
        return List.copyOf(out);
    }
}
