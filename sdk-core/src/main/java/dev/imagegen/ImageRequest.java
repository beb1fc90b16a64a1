package dev.imagegen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One image-generation request in provider-neutral terms. Immutable and thread-safe; build with {@link #builder()},
 * derive variants with {@link #toBuilder()}.
 *
 * <p>{@link Builder#build()} checks what can be checked without knowing the model (a blank prompt, a count below 1,
 * both a size and an aspect ratio). What the chosen model accepts (sizes, formats, ranges) is checked by the client
 * against the provider's model catalog before anything is sent; either way a bad field is an
 * {@link InvalidRequestException} naming it.
 */
public final class ImageRequest {

    private final String model;
    private final String provider;
    private final String prompt;
    private final String negativePrompt;
    private final ImageSize size;
    private final AspectRatio aspectRatio;
    private final Double megapixels;
    private final boolean nearestSize;
    private final int count;
    private final Long seed;
    private final OutputFormat outputFormat;
    private final Integer outputQuality;
    private final SpeedMode speedMode;
    private final Integer steps;
    private final Double guidanceScale;
    private final List<InputImage> inputImages;
    private final Double strength;
    private final InputImage mask;
    private final List<Lora> loras;
    private final Boolean safetyChecker;
    private final Map<String, Map<String, Object>> providerOptions;
    private final Duration timeout;

    private ImageRequest(Builder b) {
        this.model = b.model;
        this.provider = b.provider;
        this.prompt = b.prompt;
        this.negativePrompt = b.negativePrompt;
        this.size = b.size;
        this.aspectRatio = b.aspectRatio;
        this.megapixels = b.megapixels;
        this.nearestSize = b.nearestSize;
        this.count = b.count;
        this.seed = b.seed;
        this.outputFormat = b.outputFormat;
        this.outputQuality = b.outputQuality;
        this.speedMode = b.speedMode;
        this.steps = b.steps;
        this.guidanceScale = b.guidanceScale;
        this.inputImages = List.copyOf(b.inputImages);
        this.strength = b.strength;
        this.mask = b.mask;
        this.loras = List.copyOf(b.loras);
        this.safetyChecker = b.safetyChecker;
        Map<String, Map<String, Object>> opts = new LinkedHashMap<>();
        b.providerOptions.forEach((k, v) -> opts.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        this.providerOptions = Collections.unmodifiableMap(opts);
        this.timeout = b.timeout;
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this request's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The model: a canonical id such as {@code hidream-i1-fast}, or a vendor's own id such as {@code hidream-l1-fast}. */
    public String model() {
        return model;
    }

    /** The provider id this request is pinned to, if any; otherwise the client picks one that serves the model. */
    public Optional<String> provider() {
        return Optional.ofNullable(provider);
    }

    /** What to draw. */
    public String prompt() {
        return prompt;
    }

    /** What to avoid drawing. */
    public Optional<String> negativePrompt() {
        return Optional.ofNullable(negativePrompt);
    }

    /** Exact output size, if asked for. */
    public Optional<ImageSize> size() {
        return Optional.ofNullable(size);
    }

    /** Output aspect ratio, if asked for (instead of a size). */
    public Optional<AspectRatio> aspectRatio() {
        return Optional.ofNullable(aspectRatio);
    }

    /** Approximate output megapixels, for models that take an aspect ratio plus a pixel budget. */
    public Optional<Double> megapixels() {
        return Optional.ofNullable(megapixels);
    }

    /**
     * Whether a size the model cannot produce may be replaced by the nearest one it can; the result then carries a
     * warning. When false (the default) such a size is an {@link InvalidRequestException}.
     */
    public boolean nearestSize() {
        return nearestSize;
    }

    /** How many images; more than one vendor call returns are fetched with several concurrent calls. */
    public int count() {
        return count;
    }

    /** The seed, if fixed; otherwise the vendor picks one (the result reports it when the vendor does). */
    public Optional<Long> seed() {
        return Optional.ofNullable(seed);
    }

    /** The file format to generate. */
    public Optional<OutputFormat> outputFormat() {
        return Optional.ofNullable(outputFormat);
    }

    /** Lossy-format quality, in the model's range (usually 0..100 or 1..100). */
    public Optional<Integer> outputQuality() {
        return Optional.ofNullable(outputQuality);
    }

    /** The quality/speed trade-off, for models that offer one. */
    public Optional<SpeedMode> speedMode() {
        return Optional.ofNullable(speedMode);
    }

    /** Number of inference steps. */
    public Optional<Integer> steps() {
        return Optional.ofNullable(steps);
    }

    /** Classifier-free guidance scale. */
    public Optional<Double> guidanceScale() {
        return Optional.ofNullable(guidanceScale);
    }

    /** The first input image (image-to-image source, or the image to edit), if any. */
    public Optional<InputImage> inputImage() {
        return inputImages.isEmpty() ? Optional.empty() : Optional.of(inputImages.get(0));
    }

    /** All input images; edits on some vendors take several. */
    public List<InputImage> inputImages() {
        return inputImages;
    }

    /** Image-to-image strength: how far to move away from the input image (0..1). */
    public Optional<Double> strength() {
        return Optional.ofNullable(strength);
    }

    /** The edit mask: where to change the input image. */
    public Optional<InputImage> mask() {
        return Optional.ofNullable(mask);
    }

    /** LoRA adapters and their scales. */
    public List<Lora> loras() {
        return loras;
    }

    /** Whether the vendor's safety checker should run, when the vendor lets the caller choose. */
    public Optional<Boolean> safetyChecker() {
        return Optional.ofNullable(safetyChecker);
    }

    /**
     * Raw vendor fields per provider id, merged into the wire request last (so they win): the escape hatch for what
     * the neutral model does not cover. Not validated by the SDK.
     */
    public Map<String, Map<String, Object>> providerOptions() {
        return providerOptions;
    }

    /** The raw vendor fields for one provider; empty when none. */
    public Map<String, Object> providerOptions(String providerId) {
        return providerOptions.getOrDefault(providerId, Map.of());
    }

    /** The overall deadline for this request (retries and polling included), overriding the client's default. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ImageRequest r)) {
            return false;
        }
        return nearestSize == r.nearestSize && count == r.count && Objects.equals(model, r.model)
                && Objects.equals(provider, r.provider) && Objects.equals(prompt, r.prompt)
                && Objects.equals(negativePrompt, r.negativePrompt) && Objects.equals(size, r.size)
                && Objects.equals(aspectRatio, r.aspectRatio) && Objects.equals(megapixels, r.megapixels)
                && Objects.equals(seed, r.seed) && Objects.equals(outputFormat, r.outputFormat)
                && Objects.equals(outputQuality, r.outputQuality) && speedMode == r.speedMode
                && Objects.equals(steps, r.steps) && Objects.equals(guidanceScale, r.guidanceScale)
                && inputImages.equals(r.inputImages) && Objects.equals(strength, r.strength)
                && Objects.equals(mask, r.mask) && loras.equals(r.loras)
                && Objects.equals(safetyChecker, r.safetyChecker) && providerOptions.equals(r.providerOptions)
                && Objects.equals(timeout, r.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, provider, prompt, negativePrompt, size, aspectRatio, megapixels, nearestSize, count,
                seed, outputFormat, outputQuality, speedMode, steps, guidanceScale, inputImages, strength, mask, loras,
                safetyChecker, providerOptions, timeout);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ImageRequest{model=").append(model);
        append(sb, "provider", provider);
        sb.append(", prompt=\"").append(prompt.length() > 80 ? prompt.substring(0, 77) + "..." : prompt).append('"');
        append(sb, "negativePrompt", negativePrompt);
        append(sb, "size", size);
        append(sb, "aspectRatio", aspectRatio);
        append(sb, "megapixels", megapixels);
        if (nearestSize) {
            sb.append(", nearestSize=true");
        }
        if (count != 1) {
            sb.append(", count=").append(count);
        }
        append(sb, "seed", seed);
        append(sb, "outputFormat", outputFormat);
        append(sb, "outputQuality", outputQuality);
        append(sb, "speedMode", speedMode);
        append(sb, "steps", steps);
        append(sb, "guidanceScale", guidanceScale);
        if (!inputImages.isEmpty()) {
            sb.append(", inputImages=").append(inputImages);
        }
        append(sb, "strength", strength);
        append(sb, "mask", mask);
        if (!loras.isEmpty()) {
            sb.append(", loras=").append(loras);
        }
        append(sb, "safetyChecker", safetyChecker);
        if (!providerOptions.isEmpty()) {
            sb.append(", providerOptions=").append(providerOptions.keySet());
        }
        append(sb, "timeout", timeout);
        return sb.append('}').toString();
    }

    private static void append(StringBuilder sb, String name, Object value) {
        if (value != null) {
            sb.append(", ").append(name).append('=').append(value);
        }
    }

    /** Builds an {@link ImageRequest}. Not thread-safe. */
    public static final class Builder {
        private String model;
        private String provider;
        private String prompt;
        private String negativePrompt;
        private ImageSize size;
        private AspectRatio aspectRatio;
        private Double megapixels;
        private boolean nearestSize;
        private int count = 1;
        private Long seed;
        private OutputFormat outputFormat;
        private Integer outputQuality;
        private SpeedMode speedMode;
        private Integer steps;
        private Double guidanceScale;
        private final List<InputImage> inputImages = new ArrayList<>();
        private Double strength;
        private InputImage mask;
        private final List<Lora> loras = new ArrayList<>();
        private Boolean safetyChecker;
        private final Map<String, Map<String, Object>> providerOptions = new LinkedHashMap<>();
        private Duration timeout;

        private Builder() {
        }

        private Builder(ImageRequest r) {
            model = r.model;
            provider = r.provider;
            prompt = r.prompt;
            negativePrompt = r.negativePrompt;
            size = r.size;
            aspectRatio = r.aspectRatio;
            megapixels = r.megapixels;
            nearestSize = r.nearestSize;
            count = r.count;
            seed = r.seed;
            outputFormat = r.outputFormat;
            outputQuality = r.outputQuality;
            speedMode = r.speedMode;
            steps = r.steps;
            guidanceScale = r.guidanceScale;
            inputImages.addAll(r.inputImages);
            strength = r.strength;
            mask = r.mask;
            loras.addAll(r.loras);
            safetyChecker = r.safetyChecker;
            r.providerOptions.forEach((k, v) -> providerOptions.put(k, new LinkedHashMap<>(v)));
            timeout = r.timeout;
        }

        /** The model id, canonical or the vendor's. Required. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** Pins the request to one provider id; null lets the client choose. */
        public Builder provider(String providerId) {
            this.provider = providerId;
            return this;
        }

        /** What to draw. Required, not blank. */
        public Builder prompt(String prompt) {
            this.prompt = prompt;
            return this;
        }

        /** What to avoid drawing. */
        public Builder negativePrompt(String negativePrompt) {
            this.negativePrompt = negativePrompt;
            return this;
        }

        /** The exact output size; clears any aspect ratio. */
        public Builder size(int width, int height) {
            return size(ImageSize.of(width, height));
        }

        /** The exact output size; clears any aspect ratio. Null clears it. */
        public Builder size(ImageSize size) {
            this.size = size;
            if (size != null) {
                this.aspectRatio = null;
            }
            return this;
        }

        /** The aspect ratio, e.g. {@code "16:9"}; clears any size. */
        public Builder aspectRatio(String ratio) {
            return aspectRatio(AspectRatio.parse(ratio));
        }

        /** The aspect ratio; clears any size. Null clears it. */
        public Builder aspectRatio(AspectRatio ratio) {
            this.aspectRatio = ratio;
            if (ratio != null) {
                this.size = null;
            }
            return this;
        }

        /** The pixel budget in megapixels, for models that take one with an aspect ratio. */
        public Builder megapixels(Double megapixels) {
            this.megapixels = megapixels;
            return this;
        }

        /** Let a size the model cannot produce become the nearest one it can (with a warning on the result). */
        public Builder nearestSize(boolean nearestSize) {
            this.nearestSize = nearestSize;
            return this;
        }

        /** How many images; default 1. */
        public Builder count(int count) {
            this.count = count;
            return this;
        }

        /** A fixed seed; null (the default) lets the vendor choose. */
        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        /** The output format. */
        public Builder outputFormat(OutputFormat outputFormat) {
            this.outputFormat = outputFormat;
            return this;
        }

        /** Quality for lossy formats. */
        public Builder outputQuality(Integer outputQuality) {
            this.outputQuality = outputQuality;
            return this;
        }

        /** The quality/speed trade-off. */
        public Builder speedMode(SpeedMode speedMode) {
            this.speedMode = speedMode;
            return this;
        }

        /** Inference steps. */
        public Builder steps(Integer steps) {
            this.steps = steps;
            return this;
        }

        /** Guidance scale. */
        public Builder guidanceScale(Double guidanceScale) {
            this.guidanceScale = guidanceScale;
            return this;
        }

        /** Sets the single input image (replacing any others); null clears them. */
        public Builder inputImage(InputImage image) {
            inputImages.clear();
            if (image != null) {
                inputImages.add(image);
            }
            return this;
        }

        /** Adds one more input image (edits may take several). */
        public Builder addInputImage(InputImage image) {
            inputImages.add(Objects.requireNonNull(image, "image"));
            return this;
        }

        /** Image-to-image strength (0..1). */
        public Builder strength(Double strength) {
            this.strength = strength;
            return this;
        }

        /** The edit mask. */
        public Builder mask(InputImage mask) {
            this.mask = mask;
            return this;
        }

        /** Adds a LoRA. */
        public Builder addLora(Lora lora) {
            loras.add(Objects.requireNonNull(lora, "lora"));
            return this;
        }

        /** Replaces the LoRAs. */
        public Builder loras(List<Lora> loras) {
            this.loras.clear();
            this.loras.addAll(loras);
            return this;
        }

        /** Sets the scale of the model's built-in LoRA: shorthand for {@code loras(List.of(Lora.builtIn(scale)))}. */
        public Builder loraScale(double scale) {
            return loras(List.of(Lora.builtIn(scale)));
        }

        /** Whether the vendor's safety checker runs. */
        public Builder safetyChecker(Boolean enabled) {
            this.safetyChecker = enabled;
            return this;
        }

        /** A raw vendor field for one provider, merged into its wire request last. */
        public Builder providerOption(String providerId, String field, Object value) {
            providerOptions.computeIfAbsent(providerId, k -> new LinkedHashMap<>()).put(field, value);
            return this;
        }

        /** The overall deadline for this request, retries and polling included. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Builds the request.
         *
         * @throws InvalidRequestException naming the field, when a field is wrong whatever the model
         */
        public ImageRequest build() {
            if (model == null || model.isBlank()) {
                throw InvalidRequestException.forField(provider, "model", "is required", List.of());
            }
            if (prompt == null || prompt.isBlank()) {
                throw InvalidRequestException.forField(provider, "prompt", "must not be blank", List.of());
            }
            if (count < 1) {
                throw InvalidRequestException.forField(provider, "count", "must be at least 1, got " + count, List.of(">= 1"));
            }
            if (megapixels != null && !(megapixels > 0)) {
                throw InvalidRequestException.forField(provider, "megapixels", "must be positive, got " + megapixels, List.of("> 0"));
            }
            if (strength != null && inputImages.isEmpty()) {
                throw InvalidRequestException.forField(provider, "strength", "needs an inputImage", List.of());
            }
            if (mask != null && inputImages.isEmpty()) {
                throw InvalidRequestException.forField(provider, "mask", "needs an inputImage", List.of());
            }
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw InvalidRequestException.forField(provider, "timeout", "must be positive, got " + timeout, List.of("> 0"));
            }
            return new ImageRequest(this);
        }
    }
}
