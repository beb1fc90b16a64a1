package dev.imagegen.internal;

import dev.imagegen.ImageRequest;
import dev.imagegen.InvalidRequestException;

import java.util.List;

/**
 * What {@link ImageRequest} says of itself without knowing the model: the checks its builder makes (what any model
 * would refuse), and its {@code toString}.
 */
public final class RequestText {

    private RequestText() {
    }

    /** The checks {@code ImageRequest.Builder.build()} makes; an {@link InvalidRequestException} names the field. */
    public static void checkModelIndependent(ImageRequest r) {
        String p = r.provider().orElse(null);
        if (r.model() == null || r.model().isBlank()) {
            throw InvalidRequestException.forField(p, "model", "is required", List.of());
        }
        if (r.prompt() == null || r.prompt().isBlank()) {
            throw InvalidRequestException.forField(p, "prompt", "must not be blank", List.of());
        }
        wellFormed(p, "prompt", r.prompt());
        if (r.negativePrompt().isPresent()) { // no lambda to spin on a fresh JVM's first request
            wellFormed(p, "negativePrompt", r.negativePrompt().get());
        }
        if (r.count() < 1) {
            throw InvalidRequestException.forField(p, "count", "must be at least 1, got " + r.count(), List.of(">= 1"));
        }
        if (r.megapixels().isPresent() && !(r.megapixels().get() > 0)) {
            throw InvalidRequestException.forField(p, "megapixels", "must be positive, got " + r.megapixels().get(), List.of("> 0"));
        }
        if (r.strength().isPresent() && r.inputImages().isEmpty()) {
            throw InvalidRequestException.forField(p, "strength", "needs an inputImage", List.of());
        }
        if (r.mask().isPresent() && r.inputImages().isEmpty()) {
            throw InvalidRequestException.forField(p, "mask", "needs an inputImage", List.of());
        }
        if (r.timeout().isPresent() && (r.timeout().get().isNegative() || r.timeout().get().isZero())) {
            throw InvalidRequestException.forField(p, "timeout", "must be positive, got " + r.timeout().get(), List.of("> 0"));
        }
    }

    /**
     * Refuses text with an unpaired surrogate: it has no UTF-8 form, and an encoder would silently send {@code ?} in
     * its place (a form body did).
     */
    private static void wellFormed(String providerId, String field, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw InvalidRequestException.forField(providerId, field, String.format(
                        "holds an unpaired surrogate (U+%04X at index %d), which no UTF-8 text can carry", (int) c, i),
                        List.of("well-formed Unicode text"));
            }
        }
    }

    /** The fields that are set; a long prompt is cut, input images and provider options are summarised. */
    public static String describe(ImageRequest r) {
        StringBuilder sb = new StringBuilder("ImageRequest{model=").append(r.model());
        append(sb, "provider", r.provider().orElse(null));
        String prompt = r.prompt();
        sb.append(", prompt=\"").append(prompt.length() > 80 ? prompt.substring(0, 77) + "..." : prompt).append('"');
        append(sb, "negativePrompt", r.negativePrompt().orElse(null));
        append(sb, "size", r.size().orElse(null));
        append(sb, "aspectRatio", r.aspectRatio().orElse(null));
        append(sb, "megapixels", r.megapixels().orElse(null));
        if (r.nearestSize()) {
            sb.append(", nearestSize=true");
        }
        if (r.count() != 1) {
            sb.append(", count=").append(r.count());
        }
        append(sb, "seed", r.seed().orElse(null));
        append(sb, "outputFormat", r.outputFormat().orElse(null));
        append(sb, "outputQuality", r.outputQuality().orElse(null));
        append(sb, "speedMode", r.speedMode().orElse(null));
        append(sb, "steps", r.steps().orElse(null));
        append(sb, "guidanceScale", r.guidanceScale().orElse(null));
        if (!r.inputImages().isEmpty()) {
            sb.append(", inputImages=").append(r.inputImages());
        }
        append(sb, "strength", r.strength().orElse(null));
        append(sb, "mask", r.mask().orElse(null));
        if (!r.loras().isEmpty()) {
            sb.append(", loras=").append(r.loras());
        }
        append(sb, "safetyChecker", r.safetyChecker().orElse(null));
        if (!r.providerOptions().isEmpty()) {
            sb.append(", providerOptions=").append(r.providerOptions().keySet());
        }
        append(sb, "timeout", r.timeout().orElse(null));
        append(sb, "downloadOutputs", r.downloadOutputs() ? null : false);
        return sb.append('}').toString();
    }

    private static void append(StringBuilder sb, String name, Object value) {
        if (value != null) {
            sb.append(", ").append(name).append('=').append(value);
        }
    }
}
