package dev.imagegen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One model as one provider serves it: its ids, what it accepts and what it costs. Providers publish these in their
 * catalog; the client validates every request against the entry before sending; {@link ImageClient#models()} lists them.
 * Sizes are enumerated ({@link #sizes()}) or ranged ({@link #minSide()}..{@link #maxSide()}, step {@link #sideMultiple()}).
 */
public final class ModelInfo {

    private final String providerId;
    private final String id;
    private final String vendorId;
    private final String description;
    private final Set<RequestField> fields;
    private final List<ImageSize> sizes;
    private final int minSide;
    private final int maxSide;
    private final int sideMultiple;
    private final @org.jspecify.annotations.Nullable ImageSize defaultSize;
    private final List<AspectRatio> aspectRatios;
    private final List<Double> megapixels;
    private final List<OutputFormat> formats;
    private final @org.jspecify.annotations.Nullable ValueRange quality;
    private final Set<SpeedMode> speedModes;
    private final @org.jspecify.annotations.Nullable ValueRange steps;
    private final @org.jspecify.annotations.Nullable ValueRange guidanceScale;
    private final @org.jspecify.annotations.Nullable ValueRange strength;
    private final @org.jspecify.annotations.Nullable ValueRange loraScale;
    private final @org.jspecify.annotations.Nullable ValueRange seed;
    private final int maxCountPerCall;
    private final int maxCount;
    private final int maxInputImages;
    private final long maxInputImageBytes;
    private final List<String> inputImageTypes;
    private final @org.jspecify.annotations.Nullable PriceFormula price;
    private final boolean asynchronous;

    private ModelInfo(Builder b) {
        this.providerId = Objects.requireNonNull(b.providerId, "providerId");
        this.id = Objects.requireNonNull(b.id, "id");
        this.vendorId = b.vendorId == null ? b.id : b.vendorId;
        this.description = b.description == null ? "" : b.description;
        this.fields = Collections.unmodifiableSet(b.fields.isEmpty() ? EnumSet.noneOf(RequestField.class) : EnumSet.copyOf(b.fields));
        this.sizes = List.copyOf(b.sizes);
        this.minSide = b.minSide;
        this.maxSide = b.maxSide;
        this.sideMultiple = b.sideMultiple;
        this.defaultSize = b.defaultSize;
        this.aspectRatios = List.copyOf(b.aspectRatios);
        this.megapixels = List.copyOf(b.megapixels);
        this.formats = List.copyOf(b.formats);
        this.quality = b.quality;
        this.speedModes = Collections.unmodifiableSet(b.speedModes.isEmpty() ? EnumSet.noneOf(SpeedMode.class) : EnumSet.copyOf(b.speedModes));
        this.steps = b.steps;
        this.guidanceScale = b.guidanceScale;
        this.strength = b.strength;
        this.loraScale = b.loraScale;
        this.seed = b.seed;
        this.maxCountPerCall = b.maxCountPerCall;
        this.maxCount = b.maxCount;
        this.maxInputImages = b.maxInputImages;
        this.maxInputImageBytes = b.maxInputImageBytes;
        this.inputImageTypes = List.copyOf(b.inputImageTypes);
        this.price = b.price;
        this.asynchronous = b.asynchronous;
        if (maxCountPerCall < 1 || maxCount < maxCountPerCall) {
            throw new IllegalArgumentException("model " + id + ": need 1 <= maxCountPerCall <= maxCount");
        }
        if (fields.contains(RequestField.SIZE) && sizes.isEmpty() && minSide <= 0) {
            throw new IllegalArgumentException("model " + id + ": SIZE accepted but neither sizes nor a side range given");
        }
    }

    /** A builder for a model of provider {@code providerId} with canonical id {@code id}. */
    public static Builder builder(String providerId, String id) {
        return new Builder(providerId, id);
    }

    /** {@return the provider serving this entry, e.g. {@code segmind}} */
    public String providerId() {
        return providerId;
    }

    /** {@return the canonical id, the same across providers for the same model, e.g. {@code hidream-i1-fast}} */
    public String id() {
        return id;
    }

    /** {@return the vendor's own id, e.g. {@code hidream-l1-fast} or {@code wavespeed-ai/hidream-i1-fast}} */
    public String vendorId() {
        return vendorId;
    }

    /** {@return one line about the model} */
    public String description() {
        return description;
    }

    /** {@return whether {@code modelId} names this model: its canonical or its vendor id, in any case}
     * @param modelId a model id as a caller wrote it */
    public boolean matches(String modelId) {
        return id.equalsIgnoreCase(modelId) || vendorId.equalsIgnoreCase(modelId);
    }

    /** {@return the optional request fields this model accepts; the prompt is always accepted} */
    public Set<RequestField> fields() {
        return fields;
    }

    /** {@return whether the model accepts the field (the prompt, not a {@link RequestField}, always is)}
     * @param field an optional request field */
    public boolean accepts(RequestField field) {
        return fields.contains(field);
    }

    /** {@return the sizes the model produces, when enumerated; empty when ranged} */
    public List<ImageSize> sizes() {
        return sizes;
    }

    /** {@return the smallest side, for a ranged size; 0 when sizes are enumerated} */
    public int minSide() {
        return minSide;
    }

    /** {@return the largest side, for a ranged size; 0 when sizes are enumerated} */
    public int maxSide() {
        return maxSide;
    }

    /** {@return the multiple each side must be, for a ranged size (1 means any)} */
    public int sideMultiple() {
        return sideMultiple;
    }

    /** {@return the size the vendor generates when none is asked for; empty when not known} */
    public Optional<ImageSize> defaultSize() {
        return Optional.ofNullable(defaultSize);
    }

    /** {@return the aspect ratios the model takes (natively, or through a size the provider picks)} */
    public List<AspectRatio> aspectRatios() {
        return aspectRatios;
    }

    /** {@return the megapixel budgets the model takes with an aspect ratio} */
    public List<Double> megapixels() {
        return megapixels;
    }

    /** {@return the output formats, the vendor's default first (what a request naming none gets; none is sent)} */
    public List<OutputFormat> formats() {
        return formats;
    }

    /** {@return the quality range; empty when quality is not accepted} */
    public Optional<ValueRange> quality() {
        return Optional.ofNullable(quality);
    }

    /** {@return the speed modes offered; empty when the model has none} */
    public Set<SpeedMode> speedModes() {
        return speedModes;
    }

    /** {@return the steps range; empty when steps are not accepted} */
    public Optional<ValueRange> steps() {
        return Optional.ofNullable(steps);
    }

    /** {@return the guidance range; empty when guidance is not accepted} */
    public Optional<ValueRange> guidanceScale() {
        return Optional.ofNullable(guidanceScale);
    }

    /** {@return the image-to-image strength range; empty when not accepted} */
    public Optional<ValueRange> strength() {
        return Optional.ofNullable(strength);
    }

    /** {@return the LoRA scale range; empty when LoRAs are not accepted} */
    public Optional<ValueRange> loraScale() {
        return Optional.ofNullable(loraScale);
    }

    /** {@return the seed range; empty when a seed is not accepted} */
    public Optional<ValueRange> seed() {
        return Optional.ofNullable(seed);
    }

    /** {@return how many images one vendor call returns at most; larger counts are split into concurrent calls} */
    public int maxCountPerCall() {
        return maxCountPerCall;
    }

    /** {@return how many images one request may ask for in all} */
    public int maxCount() {
        return maxCount;
    }

    /** {@return how many input images one call takes (0 when none)} */
    public int maxInputImages() {
        return maxInputImages;
    }

    /** {@return the largest input image (or mask) one call takes, in bytes; a client may override it per provider} */
    public long maxInputImageBytes() {
        return maxInputImageBytes;
    }

    /** {@return the media types an input image (or mask) may be, as recognised from its bytes} */
    public List<String> inputImageTypes() {
        return inputImageTypes;
    }

    /** {@return the price formula; empty when the price is not known (no estimates then)} */
    public Optional<PriceFormula> price() {
        return Optional.ofNullable(price);
    }

    /** {@return whether the vendor answers with a job to poll rather than the images} */
    public boolean asynchronous() {
        return asynchronous;
    }

    /** Whether the size can be produced as asked. */
    public boolean allowsSize(ImageSize size) {
        if (!sizes.isEmpty()) {
            return sizes.contains(size);
        }
        return size.width() >= minSide && size.width() <= maxSide && size.height() >= minSide && size.height() <= maxSide
                && size.width() % sideMultiple == 0 && size.height() % sideMultiple == 0;
    }

    /** {@return the sizes as text for error messages: the list, or {@code "512..1536 per side"}} */
    public List<String> describeSizes() {
        if (!sizes.isEmpty()) {
            return sizes.stream().map(ImageSize::toString).toList();
        }
        return List.of(minSide + ".." + maxSide + " per side" + (sideMultiple > 1 ? ", multiple of " + sideMultiple : ""));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelInfo m && providerId.equals(m.providerId) && id.equals(m.id) && vendorId.equals(m.vendorId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(providerId, id, vendorId);
    }

    @Override
    public String toString() {
        return providerId + "/" + id + (vendorId.equals(id) ? "" : " (" + vendorId + ")");
    }

    /** Builds a {@link ModelInfo}. */
    public static final class Builder {
        private final String providerId;
        private final String id;
        private @org.jspecify.annotations.Nullable String vendorId;
        private @org.jspecify.annotations.Nullable String description;
        private final Set<RequestField> fields = new LinkedHashSet<>();
        private final List<ImageSize> sizes = new ArrayList<>();
        private int minSide;
        private int maxSide;
        private int sideMultiple = 1;
        private @org.jspecify.annotations.Nullable ImageSize defaultSize;
        private final List<AspectRatio> aspectRatios = new ArrayList<>();
        private final List<Double> megapixels = new ArrayList<>();
        private final List<OutputFormat> formats = new ArrayList<>();
        private @org.jspecify.annotations.Nullable ValueRange quality;
        private final Set<SpeedMode> speedModes = new LinkedHashSet<>();
        private @org.jspecify.annotations.Nullable ValueRange steps;
        private @org.jspecify.annotations.Nullable ValueRange guidanceScale;
        private @org.jspecify.annotations.Nullable ValueRange strength;
        private @org.jspecify.annotations.Nullable ValueRange loraScale;
        private @org.jspecify.annotations.Nullable ValueRange seed;
        private int maxCountPerCall = 1;
        private int maxCount = 1;
        private int maxInputImages;
        private long maxInputImageBytes = 20L * 1024 * 1024;
        private List<String> inputImageTypes = List.of("image/png", "image/jpeg", "image/webp"); // the core's default
        private @org.jspecify.annotations.Nullable PriceFormula price;
        private boolean asynchronous;

        private Builder(String providerId, String id) {
            this.providerId = providerId;
            this.id = id;
        }

        /** The vendor's own id (defaults to the canonical id). */
        public Builder vendorId(String vendorId) {
            this.vendorId = vendorId;
            return this;
        }

        /** One line about the model. */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Enumerated sizes (also marks SIZE as accepted). */
        public Builder sizes(List<ImageSize> sizes) {
            this.sizes.addAll(sizes);
            fields.add(RequestField.SIZE);
            return this;
        }

        /** A ranged size (also marks SIZE as accepted). */
        public Builder sizeRange(int minSide, int maxSide, int multiple) {
            this.minSide = minSide;
            this.maxSide = maxSide;
            this.sideMultiple = multiple;
            fields.add(RequestField.SIZE);
            return this;
        }

        /** The size generated when none is asked for. */
        public Builder defaultSize(ImageSize size) {
            this.defaultSize = size;
            return this;
        }

        /** Accepted aspect ratios (also marks ASPECT_RATIO as accepted). */
        public Builder aspectRatios(List<AspectRatio> ratios) {
            this.aspectRatios.addAll(ratios);
            fields.add(RequestField.ASPECT_RATIO);
            return this;
        }

        /** Accepted megapixel budgets (also marks MEGAPIXELS as accepted). */
        public Builder megapixels(List<Double> values) {
            this.megapixels.addAll(values);
            fields.add(RequestField.MEGAPIXELS);
            return this;
        }

        /** Accepted formats, the vendor's default first (also marks OUTPUT_FORMAT as accepted). */
        public Builder formats(List<OutputFormat> formats) {
            this.formats.addAll(formats);
            fields.add(RequestField.OUTPUT_FORMAT);
            return this;
        }

        /** Quality range (also marks OUTPUT_QUALITY as accepted). */
        public Builder quality(ValueRange range) {
            this.quality = range;
            fields.add(RequestField.OUTPUT_QUALITY);
            return this;
        }

        /** Speed modes (also marks SPEED_MODE as accepted). */
        public Builder speedModes(Set<SpeedMode> modes) {
            this.speedModes.addAll(modes);
            fields.add(RequestField.SPEED_MODE);
            return this;
        }

        /** Steps range (also marks STEPS as accepted). */
        public Builder steps(ValueRange range) {
            this.steps = range;
            fields.add(RequestField.STEPS);
            return this;
        }

        /** Guidance range (also marks GUIDANCE_SCALE as accepted). */
        public Builder guidanceScale(ValueRange range) {
            this.guidanceScale = range;
            fields.add(RequestField.GUIDANCE_SCALE);
            return this;
        }

        /** Input images per call (also marks INPUT_IMAGE as accepted). */
        public Builder inputImages(int max) {
            this.maxInputImages = max;
            fields.add(RequestField.INPUT_IMAGE);
            return this;
        }

        /** What an input image (or mask) may be: at most {@code maxBytes}, of these media types (default 20 MiB, PNG/JPEG/WebP). */
        public Builder inputImageLimits(long maxBytes, List<String> mediaTypes) {
            this.maxInputImageBytes = maxBytes;
            this.inputImageTypes = List.copyOf(mediaTypes);
            return this;
        }

        /** Strength range (also marks STRENGTH as accepted). */
        public Builder strength(ValueRange range) {
            this.strength = range;
            fields.add(RequestField.STRENGTH);
            return this;
        }

        /** LoRA scale range (also marks LORAS as accepted). */
        public Builder loraScale(ValueRange range) {
            this.loraScale = range;
            fields.add(RequestField.LORAS);
            return this;
        }

        /** Seed range (also marks SEED as accepted). */
        public Builder seed(ValueRange range) {
            this.seed = range;
            fields.add(RequestField.SEED);
            return this;
        }

        /** Marks further fields as accepted (those without a range: negative prompt, mask, safety checker). */
        public Builder accepts(RequestField... more) {
            fields.addAll(List.of(more));
            return this;
        }

        /** Images per vendor call, and per request in all. */
        public Builder count(int maxPerCall, int maxTotal) {
            this.maxCountPerCall = maxPerCall;
            this.maxCount = maxTotal;
            return this;
        }

        /** The price formula. */
        public Builder price(PriceFormula price) {
            this.price = price;
            return this;
        }

        /** Whether the vendor answers with a job to poll. */
        public Builder asynchronous(boolean asynchronous) {
            this.asynchronous = asynchronous;
            return this;
        }

        /** {@return the entry, immutable} */
        public ModelInfo build() {
            return new ModelInfo(this);
        }
    }
}
