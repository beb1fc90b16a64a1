package dev.imagegen;

import dev.imagegen.internal.RequestText;
import dev.imagegen.internal.RequestValues;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One image-generation request in provider-neutral terms. Immutable and thread-safe; build with {@link #builder()},
 * derive variants with {@link #toBuilder()}.
 *
 * <p>{@link Builder#build()} checks what can be checked without knowing the model (a blank prompt, a count below 1);
 * a request has a size or an aspect ratio, never both (setting one clears the other). What the chosen model accepts (sizes, formats, ranges) is checked by the client
 * against the provider's model catalog before anything is sent; either way a bad field is an
 * {@link InvalidRequestException} naming it.
 */
public final class ImageRequest {

    /** The values, frozen: the request's own copy of what its builder collected, never changed again. */
    private final RequestValues v;

    private ImageRequest(Builder b) {
        this.v = b.v.frozen();
    }

    /** {@return a new, empty builder} */
    public static Builder builder() {
        return new Builder(new RequestValues());
    }

    /** {@return a builder holding this request's values} */
    public Builder toBuilder() {
        return new Builder(v.copy());
    }

    /** {@return the model: a canonical id, e.g. {@code hidream-i1-fast}, or a vendor's own, e.g. {@code hidream-l1-fast}} */
    @SuppressWarnings("NullAway") // null only inside build(), whose check then throws
    public String model() {
        return v.model;
    }

    /** {@return the provider id the request is pinned to; empty lets the client pick one serving the model} */
    public Optional<String> provider() {
        return Optional.ofNullable(v.provider);
    }

    /** {@return what to draw; never blank} */
    @SuppressWarnings("NullAway") // null only inside build(), whose check then throws
    public String prompt() {
        return v.prompt;
    }

    /** {@return what to avoid drawing; empty when not set} */
    public Optional<String> negativePrompt() {
        return Optional.ofNullable(v.negativePrompt);
    }

    /** {@return the exact output size; empty when not asked for} */
    public Optional<ImageSize> size() {
        return Optional.ofNullable(v.size);
    }

    /** {@return the output aspect ratio (instead of a size); empty when not asked for} */
    public Optional<AspectRatio> aspectRatio() {
        return Optional.ofNullable(v.aspectRatio);
    }

    /** {@return the approximate output megapixels, for models taking an aspect ratio plus a pixel budget; or empty} */
    public Optional<Double> megapixels() {
        return Optional.ofNullable(v.megapixels);
    }

    /**
     * {@return whether a size the model cannot produce may be replaced by the nearest one it can}; the result then has a
     * warning. When false (the default) such a size is an {@link InvalidRequestException}.
     */
    public boolean nearestSize() {
        return v.nearestSize;
    }

    /** {@return how many images, at least 1; more than one vendor call returns are fetched with concurrent calls} */
    public int count() {
        return v.count;
    }

    /** {@return the seed, if fixed; empty lets the vendor pick one (the result reports it when the vendor does)} */
    public Optional<Long> seed() {
        return Optional.ofNullable(v.seed);
    }

    /** {@return the file format to generate; empty for the model's default} */
    public Optional<OutputFormat> outputFormat() {
        return Optional.ofNullable(v.outputFormat);
    }

    /** {@return the lossy-format quality, in the model's range (usually 0..100 or 1..100); or empty} */
    public Optional<Integer> outputQuality() {
        return Optional.ofNullable(v.outputQuality);
    }

    /** {@return the quality/speed trade-off, for models that offer one; or empty} */
    public Optional<SpeedMode> speedMode() {
        return Optional.ofNullable(v.speedMode);
    }

    /** {@return the number of inference steps; empty for the vendor's default} */
    public Optional<Integer> steps() {
        return Optional.ofNullable(v.steps);
    }

    /** {@return the classifier-free guidance scale; empty for the vendor's default} */
    public Optional<Double> guidanceScale() {
        return Optional.ofNullable(v.guidanceScale);
    }

    /** {@return the first input image (image-to-image source, or the image to edit); empty for text-to-image} */
    public Optional<InputImage> inputImage() {
        return v.inputImages.isEmpty() ? Optional.empty() : Optional.of(v.inputImages.get(0));
    }

    /** {@return all input images, unmodifiable; edits on some vendors take several} */
    public List<InputImage> inputImages() {
        return Collections.unmodifiableList(v.inputImages);
    }

    /** {@return the image-to-image strength: how far to move away from the input image (0..1); or empty} */
    public Optional<Double> strength() {
        return Optional.ofNullable(v.strength);
    }

    /** {@return the edit mask: where to change the input image; or empty} */
    public Optional<InputImage> mask() {
        return Optional.ofNullable(v.mask);
    }

    /** {@return the LoRA adapters and their scales, unmodifiable; empty for none} */
    public List<Lora> loras() {
        return Collections.unmodifiableList(v.loras);
    }

    /** {@return whether the vendor's safety checker should run, where the caller may choose; empty: vendor default} */
    public Optional<Boolean> safetyChecker() {
        return Optional.ofNullable(v.safetyChecker);
    }

    /**
     * {@return raw vendor fields per provider id}, merged into the wire request last (so they win): the escape hatch for
     * what the neutral model does not cover. Not validated by the SDK.
     */
    public Map<String, Map<String, Object>> providerOptions() {
        return v.providerOptions;
    }

    /** {@return the raw vendor fields for one provider, unmodifiable; empty when none}
     * @param providerId the provider id, e.g. {@code fal} */
    public Map<String, Object> providerOptions(String providerId) {
        return v.providerOptions.getOrDefault(providerId, Map.of());
    }

    /** {@return the deadline for the whole request (retries, polling), over the client's default; or empty} */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(v.timeout);
    }

    /**
     * {@return whether URL outputs are downloaded and checked as images with the request}, within its deadline (default);
     * when false the result holds the vendor's URLs, unchecked, each fetched on first use within
     * {@code downloadTimeout}, and says so in its warnings.
     */
    public boolean downloadOutputs() {
        return v.downloadOutputs;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return this == o || o instanceof ImageRequest r && v.values().equals(r.v.values());
    }

    @Override
    public int hashCode() {
        return v.values().hashCode();
    }

    /** The fields that are set; a long prompt is cut, input images and provider options are summarised. */
    @Override
    public String toString() {
        return RequestText.describe(this);
    }

    /** Builds an {@link ImageRequest}. Not thread-safe. */
    public static final class Builder {
        private final RequestValues v;

        private Builder(RequestValues values) {
            this.v = values;
        }

        /** The model to generate with. Required.
         * @param model a canonical id, e.g. {@code hidream-i1-fast}, or a vendor's own; not blank
         * @return this builder */
        public Builder model(String model) {
            v.model = model;
            return this;
        }

        /** Pins the request to one provider: no routing, no failover.
         * @param providerId a configured provider's id, e.g. {@code fal}; null (the default) lets the client choose
         * @return this builder */
        public Builder provider(@Nullable String providerId) {
            v.provider = providerId;
            return this;
        }

        /** What to draw. Required.
         * @param prompt the text; not blank, and well-formed Unicode (no unpaired surrogate)
         * @return this builder */
        public Builder prompt(String prompt) {
            v.prompt = prompt;
            return this;
        }

        /** What to avoid drawing, for models that accept a negative prompt.
         * @param negativePrompt the text, well-formed Unicode; null (the default) for none
         * @return this builder */
        public Builder negativePrompt(@Nullable String negativePrompt) {
            v.negativePrompt = negativePrompt;
            return this;
        }

        /** The exact output size; clears any aspect ratio.
         * @param width  pixels, at least 1
         * @param height pixels, at least 1
         * @return this builder
         * @throws InvalidRequestException naming the field {@code size} when a side is below 1 */
        public Builder size(int width, int height) {
            return size(ImageSize.of(width, height));
        }

        /** The exact output size, one the model produces (see {@link #nearestSize}); clears any aspect ratio.
         * @param size the size; null (the default) clears it, for the model's default
         * @return this builder */
        public Builder size(@Nullable ImageSize size) {
            v.setSize(size);
            return this;
        }

        /** The output aspect ratio, instead of a size; clears any size.
         * @param ratio two positive integers separated by a colon, e.g. {@code "16:9"}
         * @return this builder
         * @throws IllegalArgumentException when {@code ratio} is not of that form */
        public Builder aspectRatio(String ratio) {
            return aspectRatio(AspectRatio.parse(ratio));
        }

        /** The output aspect ratio, one the model takes, instead of a size; clears any size.
         * @param ratio the ratio; null (the default) clears it
         * @return this builder */
        public Builder aspectRatio(@Nullable AspectRatio ratio) {
            v.setAspectRatio(ratio);
            return this;
        }

        /** The pixel budget, for models that take one with an aspect ratio.
         * @param megapixels approximate output megapixels, positive, one the model takes; null (the default) for none
         * @return this builder */
        public Builder megapixels(@Nullable Double megapixels) {
            v.megapixels = megapixels;
            return this;
        }

        /** Lets a size the model cannot produce become the nearest one it can (with a warning on the result).
         * @param nearestSize true to allow it; false (the default) refuses such a size with an
         *                    {@link InvalidRequestException}
         * @return this builder */
        public Builder nearestSize(boolean nearestSize) {
            v.nearestSize = nearestSize;
            return this;
        }

        /** How many images; more than one vendor call returns are fetched with concurrent calls.
         * @param count at least 1 (the default), at most the model's {@link ModelInfo#maxCount()}
         * @return this builder */
        public Builder count(int count) {
            v.count = count;
            return this;
        }

        /** A fixed seed, for repeatable output where the vendor offers it.
         * @param seed in the model's {@link ModelInfo#seed()} range; null (the default) lets the vendor pick one
         * @return this builder */
        public Builder seed(@Nullable Long seed) {
            v.seed = seed;
            return this;
        }

        /** The file format to generate.
         * @param outputFormat one of the model's {@link ModelInfo#formats()}; null (the default): the model's default
         * @return this builder */
        public Builder outputFormat(@Nullable OutputFormat outputFormat) {
            v.outputFormat = outputFormat;
            return this;
        }

        /** The quality of a lossy format.
         * @param outputQuality in the model's {@link ModelInfo#quality()} range, usually 0..100 or 1..100; null (the
         *                      default) for the vendor's default
         * @return this builder */
        public Builder outputQuality(@Nullable Integer outputQuality) {
            v.outputQuality = outputQuality;
            return this;
        }

        /** The quality/speed trade-off, for models that offer one.
         * @param speedMode one of the model's {@link ModelInfo#speedModes()}; null (the default): the vendor's default
         * @return this builder */
        public Builder speedMode(@Nullable SpeedMode speedMode) {
            v.speedMode = speedMode;
            return this;
        }

        /** The number of inference steps.
         * @param steps in the model's {@link ModelInfo#steps()} range; null (the default) for the vendor's default
         * @return this builder */
        public Builder steps(@Nullable Integer steps) {
            v.steps = steps;
            return this;
        }

        /** The classifier-free guidance scale: how closely to follow the prompt.
         * @param guidanceScale in the model's {@link ModelInfo#guidanceScale()} range; null (the default) for the
         *                      vendor's default
         * @return this builder */
        public Builder guidanceScale(@Nullable Double guidanceScale) {
            v.guidanceScale = guidanceScale;
            return this;
        }

        /** Sets the single input image, replacing any others: the image-to-image source, or the image to edit.
         * @param image the image; null clears the input images, for text-to-image (the default)
         * @return this builder */
        public Builder inputImage(@Nullable InputImage image) {
            v.setInputImage(image);
            return this;
        }

        /** Adds one more input image (edits on some vendors take several, up to {@link ModelInfo#maxInputImages()}).
         * @param image the image; not null
         * @return this builder */
        public Builder addInputImage(InputImage image) {
            v.inputImages.add(Objects.requireNonNull(image, "image"));
            return this;
        }

        /** The image-to-image strength: how far to move away from the input image. Needs an input image.
         * @param strength in the model's {@link ModelInfo#strength()} range, usually 0..1; null (the default) for the
         *                 vendor's default
         * @return this builder */
        public Builder strength(@Nullable Double strength) {
            v.strength = strength;
            return this;
        }

        /** The edit mask: where to change the input image. Needs an input image.
         * @param mask the mask image; null (the default) for none
         * @return this builder */
        public Builder mask(@Nullable InputImage mask) {
            v.mask = mask;
            return this;
        }

        /** Adds a LoRA adapter after those set before.
         * @param lora the adapter and its scale; not null
         * @return this builder */
        public Builder addLora(Lora lora) {
            v.loras.add(Objects.requireNonNull(lora, "lora"));
            return this;
        }

        /** Replaces the LoRA adapters.
         * @param loras the adapters and their scales, in order; copied; an empty list (the default) for none
         * @return this builder */
        public Builder loras(List<Lora> loras) {
            v.loras.clear();
            v.loras.addAll(loras);
            return this;
        }

        /** Sets the scale of the model's built-in LoRA, replacing any LoRAs: shorthand for
         * {@code loras(List.of(Lora.builtIn(scale)))}.
         * @param scale the strength, a finite number in the model's {@link ModelInfo#loraScale()} range
         * @return this builder */
        public Builder loraScale(double scale) {
            return loras(List.of(Lora.builtIn(scale)));
        }

        /** Whether the vendor's safety checker runs, where the caller may choose.
         * @param enabled true or false; null (the default) for the vendor's default
         * @return this builder */
        public Builder safetyChecker(@Nullable Boolean enabled) {
            v.safetyChecker = enabled;
            return this;
        }

        /** A raw vendor field for one provider, merged into its wire request last (so it wins); not checked by the SDK.
         * @param providerId the provider the field is for, e.g. {@code fal}; other providers ignore it
         * @param field      the field's name in the vendor's request; replaces a value set before
         * @param value      the value, as JSON would carry it (a string, number, boolean, list or map)
         * @return this builder */
        public Builder providerOption(String providerId, String field, Object value) {
            v.providerOptions.computeIfAbsent(providerId, k -> new LinkedHashMap<>()).put(field, value);
            return this;
        }

        /** The overall deadline for this request, retries and polling included.
         * @param timeout positive; null (the default) for the client's {@link ImageClient.Builder#timeout}
         * @return this builder */
        public Builder timeout(@Nullable Duration timeout) {
            v.timeout = timeout;
            return this;
        }

        /** Whether URL outputs are downloaded and checked with the request ({@link ImageRequest#downloadOutputs()}).
         * @param download true (the default) to download them within the request's deadline; false keeps the vendor's
         *                 URLs, fetched on first use
         * @return this builder */
        public Builder downloadOutputs(boolean download) {
            v.downloadOutputs = download;
            return this;
        }

        /**
         * {@return the request, immutable; the builder can be reused}
         *
         * @throws InvalidRequestException naming the field, when a field is wrong whatever the model
         */
        public ImageRequest build() {
            ImageRequest r = new ImageRequest(this);
            RequestText.checkModelIndependent(r);
            return r;
        }
    }
}
