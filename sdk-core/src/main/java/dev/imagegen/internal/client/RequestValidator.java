package dev.imagegen.internal.client;

import dev.imagegen.AspectRatio;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageSize;
import dev.imagegen.InputImage;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.Lora;
import dev.imagegen.ModelInfo;
import dev.imagegen.RequestField;
import dev.imagegen.SpeedMode;
import dev.imagegen.ValueRange;
import dev.imagegen.internal.MediaTypes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Checks a request against a model's catalog entry before anything is sent. A field the model does not take, or a
 * value outside what it allows, is an {@link InvalidRequestException} naming the field and the allowed values; a size
 * may instead be replaced by the nearest allowed one when the request asks for that, with a warning.
 */
final class RequestValidator {

    /** A request ready to translate, and what was changed on the way. */
    record Validated(ImageRequest request, List<String> warnings) {
    }

    private RequestValidator() {
    }

    /** Validates {@code r} for {@code m}; input images may be at most {@code maxInputBytes} each. */
    static Validated validate(ImageRequest r, ModelInfo m, long maxInputBytes) {
        List<String> warnings = new ArrayList<>();
        String p = m.providerId();
        ImageSize nearestSize = null;

        if (r.count() > m.maxCount()) {
            throw InvalidRequestException.forField(p, "count", "is " + r.count() + ", more than " + m + " allows per request",
                    List.of("1.." + m.maxCount()));
        }
        require(r.negativePrompt().isPresent(), m, RequestField.NEGATIVE_PROMPT);

        if (r.size().isPresent()) {
            require(true, m, RequestField.SIZE);
            ImageSize s = r.size().get();
            if (!m.allowsSize(s)) {
                if (!r.nearestSize()) {
                    throw InvalidRequestException.forField(p, "size", s + " is not a size " + m + " produces",
                            m.describeSizes());
                }
                ImageSize n = nearest(s, m);
                warnings.add("size " + s + " is not available for " + m + "; using the nearest, " + n);
                nearestSize = n;
            }
        }
        if (r.aspectRatio().isPresent()) {
            require(true, m, RequestField.ASPECT_RATIO);
            AspectRatio a = r.aspectRatio().get();
            if (!m.aspectRatios().contains(a)) {
                throw InvalidRequestException.forField(p, "aspectRatio", a + " is not an aspect ratio " + m + " takes",
                        m.aspectRatios().stream().map(AspectRatio::toString).toList());
            }
        }
        if (r.megapixels().isPresent()) {
            require(true, m, RequestField.MEGAPIXELS);
            double mp = r.megapixels().get();
            if (m.megapixels().stream().noneMatch(v -> Math.abs(v - mp) < 1e-9)) {
                throw InvalidRequestException.forField(p, "megapixels", mp + " is not a budget " + m + " takes",
                        m.megapixels().stream().map(RequestValidator::num).toList());
            }
        }
        if (r.seed().isPresent()) {
            require(true, m, RequestField.SEED);
            range(p, "seed", r.seed().get(), m.seed());
        }
        if (r.outputFormat().isPresent()) {
            require(true, m, RequestField.OUTPUT_FORMAT);
            if (!m.formats().contains(r.outputFormat().get())) {
                throw InvalidRequestException.forField(p, "outputFormat", r.outputFormat().get() + " is not a format " + m + " produces",
                        m.formats().stream().map(Object::toString).toList());
            }
        }
        if (r.outputQuality().isPresent()) {
            require(true, m, RequestField.OUTPUT_QUALITY);
            range(p, "outputQuality", r.outputQuality().get(), m.quality());
        }
        if (r.speedMode().isPresent()) {
            require(true, m, RequestField.SPEED_MODE);
            if (!m.speedModes().contains(r.speedMode().get())) {
                throw InvalidRequestException.forField(p, "speedMode", r.speedMode().get() + " is not offered by " + m,
                        m.speedModes().stream().map(SpeedMode::name).toList());
            }
        }
        if (r.steps().isPresent()) {
            require(true, m, RequestField.STEPS);
            range(p, "steps", r.steps().get(), m.steps());
        }
        if (r.guidanceScale().isPresent()) {
            require(true, m, RequestField.GUIDANCE_SCALE);
            range(p, "guidanceScale", r.guidanceScale().get(), m.guidanceScale());
        }
        if (!r.inputImages().isEmpty()) {
            require(true, m, RequestField.INPUT_IMAGE);
            if (r.inputImages().size() > m.maxInputImages()) {
                throw InvalidRequestException.forField(p, "inputImage", r.inputImages().size() + " input images, more than "
                        + m + " takes", List.of("0.." + m.maxInputImages()));
            }
            for (int i = 0; i < r.inputImages().size(); i++) {
                checkImage(p, r.inputImages().size() == 1 ? "inputImage" : "inputImages[" + i + "]", r.inputImages().get(i), m,
                        maxInputBytes);
            }
        }
        if (r.mask().isPresent()) {
            checkImage(p, "mask", r.mask().get(), m, maxInputBytes);
        }
        if (r.strength().isPresent()) {
            require(true, m, RequestField.STRENGTH);
            range(p, "strength", r.strength().get(), m.strength());
        }
        require(r.mask().isPresent(), m, RequestField.MASK);
        if (!r.loras().isEmpty()) {
            require(true, m, RequestField.LORAS);
            for (Lora l : r.loras()) {
                range(p, "loras", l.scale(), m.loraScale());
            }
        }
        require(r.safetyChecker().isPresent(), m, RequestField.SAFETY_CHECKER);
        // the request is immutable: copied only when something in it changes
        return new Validated(nearestSize == null ? r : r.toBuilder().size(nearestSize).build(), warnings);
    }

    /**
     * An input image must be one, of a type the model takes, within its size limit: a 0-byte file, a text file or a
     * 200 MB file would otherwise be uploaded in full as a paid request.
     */
    private static void checkImage(String p, String field, InputImage image, ModelInfo m, long maxBytes) {
        byte[] b = image.bytes();
        if (b.length == 0) {
            throw InvalidRequestException.forField(p, field, "is empty (0 bytes)", m.inputImageTypes());
        }
        Optional<String> type = MediaTypes.sniff(b, b.length);
        if (type.isEmpty() || !m.inputImageTypes().contains(type.get())) {
            throw InvalidRequestException.forField(p, field, "is " + type.map(t -> "a " + t + " image, a type " + m + " does not take")
                    .orElse("not an image (" + b.length + " bytes, no PNG, JPEG, WebP, GIF or AVIF header)"), m.inputImageTypes());
        }
        if (b.length > maxBytes) {
            throw InvalidRequestException.forField(p, field, "is " + b.length + " bytes, more than the " + maxBytes + " bytes " + m
                    + " takes", List.of("<= " + maxBytes + " bytes"));
        }
    }

    private static void require(boolean present, ModelInfo m, RequestField f) {
        if (present && !m.accepts(f)) {
            throw InvalidRequestException.forField(m.providerId(), f.fieldName(), "is not supported by " + m,
                    List.of("fields " + m + " takes: prompt" + (m.fields().isEmpty() ? "" : ", ")
                            + String.join(", ", m.fields().stream().map(RequestField::fieldName).toList())));
        }
    }

    private static void range(String provider, String field, double value, Optional<ValueRange> range) {
        if (range.isPresent() && !range.get().contains(value)) {
            throw InvalidRequestException.forField(provider, field, num(value) + " is out of range", List.of(range.get().toString()));
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** The allowed size closest in shape first, then in area. */
    static ImageSize nearest(ImageSize s, ModelInfo m) {
        if (!m.sizes().isEmpty()) {
            return m.sizes().stream().min(Comparator
                    .comparingDouble((ImageSize c) -> Math.abs(Math.log(c.ratio() / s.ratio())))
                    .thenComparingDouble(c -> Math.abs(Math.log((double) c.pixels() / s.pixels())))).orElseThrow();
        }
        return new ImageSize(clamp(s.width(), m), clamp(s.height(), m));
    }

    private static int clamp(int side, ModelInfo m) {
        int k = m.sideMultiple();
        int v = Math.max(m.minSide(), Math.min(m.maxSide(), side));
        v = Math.round((float) v / k) * k;
        if (v > m.maxSide()) {
            v -= k;
        }
        if (v < m.minSide()) {
            v += k;
        }
        return v;
    }
}
