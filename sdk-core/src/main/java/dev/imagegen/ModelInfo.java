package dev.imagegen;

import dev.imagegen.internal.ModelSpec;

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

    /** The values, frozen: the model's own copy of what its builder collected, never changed again. */
    private final ModelSpec v;

    private ModelInfo(Builder b) {
        this.v = b.s.frozen();
    }

    /** {@return a builder for a model of provider {@code providerId} with canonical id {@code id}, nothing else set}
     * @param providerId the id of the provider serving the model, e.g. {@code segmind}; not null
     * @param id         the canonical model id, the same across providers, e.g. {@code hidream-i1-fast}; not null */
    public static Builder builder(String providerId, String id) {
        return new Builder(providerId, id);
    }

    /** {@return the provider serving this entry, e.g. {@code segmind}} */
    public String providerId() {
        return v.providerId;
    }

    /** {@return the canonical id, the same across providers for the same model, e.g. {@code hidream-i1-fast}} */
    public String id() {
        return v.id;
    }

    /** {@return the vendor's own id, e.g. {@code hidream-l1-fast} or {@code wavespeed-ai/hidream-i1-fast}} */
    public String vendorId() {
        return v.vendorId;
    }

    /** {@return one line about the model} */
    public String description() {
        return v.description;
    }

    /** {@return whether {@code modelId} names this model: its canonical or its vendor id, in any case}
     * @param modelId a model id as a caller wrote it */
    public boolean matches(String modelId) {
        return v.id.equalsIgnoreCase(modelId) || v.vendorId.equalsIgnoreCase(modelId);
    }

    /** {@return the optional request fields this model accepts; the prompt is always accepted} */
    public Set<RequestField> fields() {
        return v.fields;
    }

    /** {@return whether the model accepts the field (the prompt, not a {@link RequestField}, always is)}
     * @param field an optional request field */
    public boolean accepts(RequestField field) {
        return v.fields.contains(field);
    }

    /** {@return the sizes the model produces, when enumerated; empty when ranged} */
    public List<ImageSize> sizes() {
        return v.sizes;
    }

    /** {@return the smallest side, for a ranged size; 0 when sizes are enumerated} */
    public int minSide() {
        return v.minSide;
    }

    /** {@return the largest side, for a ranged size; 0 when sizes are enumerated} */
    public int maxSide() {
        return v.maxSide;
    }

    /** {@return the multiple each side must be, for a ranged size (1 means any)} */
    public int sideMultiple() {
        return v.sideMultiple;
    }

    /** {@return the size the vendor generates when none is asked for; empty when not known} */
    public Optional<ImageSize> defaultSize() {
        return Optional.ofNullable(v.defaultSize);
    }

    /** {@return the aspect ratios the model takes (natively, or through a size the provider picks)} */
    public List<AspectRatio> aspectRatios() {
        return v.aspectRatios;
    }

    /** {@return the megapixel budgets the model takes with an aspect ratio} */
    public List<Double> megapixels() {
        return v.megapixels;
    }

    /** {@return the output formats, the vendor's default first (what a request naming none gets; none is sent)} */
    public List<OutputFormat> formats() {
        return v.formats;
    }

    /** {@return the quality range; empty when quality is not accepted} */
    public Optional<ValueRange> quality() {
        return Optional.ofNullable(v.quality);
    }

    /** {@return the speed modes offered; empty when the model has none} */
    public Set<SpeedMode> speedModes() {
        return v.speedModes;
    }

    /** {@return the steps range; empty when steps are not accepted} */
    public Optional<ValueRange> steps() {
        return Optional.ofNullable(v.steps);
    }

    /** {@return the guidance range; empty when guidance is not accepted} */
    public Optional<ValueRange> guidanceScale() {
        return Optional.ofNullable(v.guidanceScale);
    }

    /** {@return the image-to-image strength range; empty when not accepted} */
    public Optional<ValueRange> strength() {
        return Optional.ofNullable(v.strength);
    }

    /** {@return the LoRA scale range; empty when LoRAs are not accepted} */
    public Optional<ValueRange> loraScale() {
        return Optional.ofNullable(v.loraScale);
    }

    /** {@return the seed range; empty when a seed is not accepted} */
    public Optional<ValueRange> seed() {
        return Optional.ofNullable(v.seed);
    }

    /** {@return how many images one vendor call returns at most; larger counts are split into concurrent calls} */
    public int maxCountPerCall() {
        return v.maxCountPerCall;
    }

    /** {@return how many images one request may ask for in all} */
    public int maxCount() {
        return v.maxCount;
    }

    /** {@return how many input images one call takes (0 when none)} */
    public int maxInputImages() {
        return v.maxInputImages;
    }

    /** {@return the largest input image (or mask) one call takes, in bytes; a client may override it per provider} */
    public long maxInputImageBytes() {
        return v.maxInputImageBytes;
    }

    /** {@return the media types an input image (or mask) may be, as recognised from its bytes} */
    public List<String> inputImageTypes() {
        return v.inputImageTypes;
    }

    /** {@return the price formula; empty when the price is not known (no estimates then)} */
    public Optional<PriceFormula> price() {
        return Optional.ofNullable(v.price);
    }

    /** {@return whether the vendor answers with a job to poll rather than the images} */
    public boolean asynchronous() {
        return v.asynchronous;
    }

    /** {@return whether the model produces {@code size} as asked: one of its {@link #sizes()}, or each side within
     * {@link #minSide()}..{@link #maxSide()} and a multiple of {@link #sideMultiple()}}
     * @param size the size a request asks for */
    public boolean allowsSize(ImageSize size) {
        return v.allowsSize(size);
    }

    /** {@return the sizes as text for error messages: the list, or {@code "512..1536 per side"}} */
    public List<String> describeSizes() {
        return v.describeSizes();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelInfo m && v.providerId.equals(m.v.providerId) && v.id.equals(m.v.id) && v.vendorId.equals(m.v.vendorId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(v.providerId, v.id, v.vendorId);
    }

    @Override
    public String toString() {
        return v.providerId + "/" + v.id + (v.vendorId.equals(v.id) ? "" : " (" + v.vendorId + ")");
    }

    /** Builds a {@link ModelInfo}. */
    public static final class Builder {
        private final ModelSpec s;

        private Builder(String providerId, String id) {
            this.s = new ModelSpec(providerId, id);
        }

        /** The vendor's own id, when it differs from the canonical one.
         * @param vendorId the id the vendor's API takes, e.g. {@code wavespeed-ai/hidream-i1-fast}; by default the
         *                 canonical id
         * @return this builder */
        public Builder vendorId(String vendorId) {
            s.vendorId = vendorId;
            return this;
        }

        /** One line about the model, for listings.
         * @param description a short description; empty by default
         * @return this builder */
        public Builder description(String description) {
            s.description = description;
            return this;
        }

        /** Sizes the model produces, when it takes only these (also marks {@link RequestField#SIZE} as accepted).
         * @param sizes the sizes, added to any given before; no nulls
         * @return this builder */
        public Builder sizes(List<ImageSize> sizes) {
            s.sizes.addAll(sizes);
            s.fields.add(RequestField.SIZE);
            return this;
        }

        /** A ranged size: any width and height within {@code minSide..maxSide} that are multiples of {@code multiple}
         * (also marks {@link RequestField#SIZE} as accepted).
         * @param minSide  the smallest side in pixels, at least 1
         * @param maxSide  the largest side in pixels, at least {@code minSide}
         * @param multiple what each side must be a multiple of, at least 1 (1 means any)
         * @return this builder */
        public Builder sizeRange(int minSide, int maxSide, int multiple) {
            s.minSide = minSide;
            s.maxSide = maxSide;
            s.sideMultiple = multiple;
            s.fields.add(RequestField.SIZE);
            return this;
        }

        /** The size the vendor generates when a request asks for none; estimates price such a request at it.
         * @param size the size; without one the default size is not known
         * @return this builder */
        public Builder defaultSize(ImageSize size) {
            s.defaultSize = size;
            return this;
        }

        /** Aspect ratios the model takes (also marks {@link RequestField#ASPECT_RATIO} as accepted).
         * @param ratios the ratios, added to any given before; no nulls
         * @return this builder */
        public Builder aspectRatios(List<AspectRatio> ratios) {
            s.aspectRatios.addAll(ratios);
            s.fields.add(RequestField.ASPECT_RATIO);
            return this;
        }

        /** Megapixel budgets the model takes with an aspect ratio (also marks {@link RequestField#MEGAPIXELS} as
         * accepted).
         * @param values the budgets, e.g. {@code 1.0}, added to any given before; no nulls
         * @return this builder */
        public Builder megapixels(List<Double> values) {
            s.megapixels.addAll(values);
            s.fields.add(RequestField.MEGAPIXELS);
            return this;
        }

        /** Output formats the model produces (also marks {@link RequestField#OUTPUT_FORMAT} as accepted).
         * @param formats the formats, the vendor's default first; added to any given before; no nulls
         * @return this builder */
        public Builder formats(List<OutputFormat> formats) {
            s.formats.addAll(formats);
            s.fields.add(RequestField.OUTPUT_FORMAT);
            return this;
        }

        /** The output quality range for lossy formats (also marks {@link RequestField#OUTPUT_QUALITY} as accepted).
         * @param range the accepted qualities, e.g. 1..100
         * @return this builder */
        public Builder quality(ValueRange range) {
            s.quality = range;
            s.fields.add(RequestField.OUTPUT_QUALITY);
            return this;
        }

        /** Speed modes the model offers (also marks {@link RequestField#SPEED_MODE} as accepted).
         * @param modes the modes, added to any given before; no nulls
         * @return this builder */
        public Builder speedModes(Set<SpeedMode> modes) {
            s.speedModes.addAll(modes);
            s.fields.add(RequestField.SPEED_MODE);
            return this;
        }

        /** The inference steps range (also marks {@link RequestField#STEPS} as accepted).
         * @param range the accepted step counts, usually whole numbers
         * @return this builder */
        public Builder steps(ValueRange range) {
            s.steps = range;
            s.fields.add(RequestField.STEPS);
            return this;
        }

        /** The guidance scale range (also marks {@link RequestField#GUIDANCE_SCALE} as accepted).
         * @param range the accepted guidance scales
         * @return this builder */
        public Builder guidanceScale(ValueRange range) {
            s.guidanceScale = range;
            s.fields.add(RequestField.GUIDANCE_SCALE);
            return this;
        }

        /** How many input images one call takes (also marks {@link RequestField#INPUT_IMAGE} as accepted).
         * @param max the most input images per call, usually 1; a request with more is refused before sending
         * @return this builder */
        public Builder inputImages(int max) {
            s.maxInputImages = max;
            s.fields.add(RequestField.INPUT_IMAGE);
            return this;
        }

        /** What an input image (or mask) may be; a request with another is refused before sending.
         * @param maxBytes   the largest input image in bytes (default 20 MiB); a client may override it per provider
         * @param mediaTypes the media types accepted, e.g. {@code image/png}, replacing the default PNG, JPEG and WebP;
         *                   copied, no nulls
         * @return this builder */
        public Builder inputImageLimits(long maxBytes, List<String> mediaTypes) {
            s.maxInputImageBytes = maxBytes;
            s.inputImageTypes = List.copyOf(mediaTypes);
            return this;
        }

        /** The image-to-image strength range (also marks {@link RequestField#STRENGTH} as accepted).
         * @param range the accepted strengths, usually 0..1
         * @return this builder */
        public Builder strength(ValueRange range) {
            s.strength = range;
            s.fields.add(RequestField.STRENGTH);
            return this;
        }

        /** The LoRA scale range (also marks {@link RequestField#LORAS} as accepted).
         * @param range the accepted scales of each LoRA
         * @return this builder */
        public Builder loraScale(ValueRange range) {
            s.loraScale = range;
            s.fields.add(RequestField.LORAS);
            return this;
        }

        /** The seed range (also marks {@link RequestField#SEED} as accepted).
         * @param range the accepted seeds, whole numbers, with any special values (e.g. -1 for random) as
         *              {@link ValueRange#alsoAllowed()}
         * @return this builder */
        public Builder seed(ValueRange range) {
            s.seed = range;
            s.fields.add(RequestField.SEED);
            return this;
        }

        /** Marks further fields as accepted: those without a range or list here, e.g. a negative prompt, a mask, the
         * safety checker.
         * @param more the fields, added to those marked before; no nulls
         * @return this builder */
        public Builder accepts(RequestField... more) {
            s.fields.addAll(List.of(more));
            return this;
        }

        /** How many images one vendor call returns, and one request may ask for in all (larger counts are split into
         * concurrent calls; default 1 and 1).
         * @param maxPerCall the most images one vendor call returns, at least 1
         * @param maxTotal   the most images one request may ask for, at least {@code maxPerCall}
         * @return this builder */
        public Builder count(int maxPerCall, int maxTotal) {
            s.maxCountPerCall = maxPerCall;
            s.maxCount = maxTotal;
            return this;
        }

        /** What the model costs, for estimates, budgets and cost-based routing.
         * @param price the price formula; without one the price is not known and the catalog estimates nothing
         * @return this builder */
        public Builder price(PriceFormula price) {
            s.price = price;
            return this;
        }

        /** Whether the vendor answers with a job to poll rather than with the images.
         * @param asynchronous true for a job to poll; false (the default) when the answer holds the images
         * @return this builder */
        public Builder asynchronous(boolean asynchronous) {
            s.asynchronous = asynchronous;
            return this;
        }

        /** {@return the entry, immutable; the builder can be used again}
         * @throws NullPointerException     when the provider id or the id is null, or a list holds a null
         * @throws IllegalArgumentException when not {@code 1 <= maxPerCall <= maxTotal}, or
         *                                  {@link RequestField#SIZE} is accepted with neither sizes nor a side range */
        public ModelInfo build() {
            return new ModelInfo(this);
        }
    }
}
