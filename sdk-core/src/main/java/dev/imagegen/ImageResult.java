package dev.imagegen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What a generation produced: the images and everything known about how they were made. Immutable. */
public final class ImageResult {

    private final List<GeneratedImage> images;
    private final String provider;
    private final String model;
    private final @Nullable String requestId;
    private final @Nullable Long seed;
    private final List<String> warnings;
    private final Timings timings;
    private final @Nullable Cost cost;
    private final Map<String, String> metadata;

    private ImageResult(Builder b) {
        this.images = List.copyOf(b.images);
        this.provider = Objects.requireNonNull(b.provider, "provider");
        this.model = Objects.requireNonNull(b.model, "model");
        this.requestId = b.requestId;
        this.seed = b.seed;
        this.warnings = List.copyOf(b.warnings);
        this.timings = Objects.requireNonNull(b.timings, "timings");
        this.cost = b.cost;
        // the builder's map is handed over, not copied: the builder copies it before its next change (copy on write)
        this.metadata = java.util.Collections.unmodifiableMap(b.metadata);
        b.metadataShared = true;
    }

    /**
     * A builder, e.g. for tests of code that consumes results.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The images, in order.
     *
     * @return the images, unmodifiable, in the order the vendor returned them (split calls in call order)
     */
    public List<GeneratedImage> images() {
        return images;
    }

    /**
     * The first image; shorthand for the common single-image case.
     *
     * @return the first image
     * @throws IllegalStateException if the result has no images
     */
    public GeneratedImage image() {
        if (images.isEmpty()) {
            throw new IllegalStateException("result has no images");
        }
        return images.get(0);
    }

    /**
     * The provider that served the request.
     *
     * @return the provider id, e.g. {@code fal} (after a failover, the one that served it)
     */
    public String provider() {
        return provider;
    }

    /**
     * The model id as sent to the vendor.
     *
     * @return the vendor's model id
     */
    public String model() {
        return model;
    }

    /**
     * The vendor's request id (the first one when the request was split into several calls).
     *
     * @return the request id, or empty when the vendor gave none
     */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /**
     * The seed, when the request fixed one or the vendor reported it.
     *
     * @return the seed, or empty when neither the request nor the vendor gave one
     */
    public Optional<Long> seed() {
        return Optional.ofNullable(seed);
    }

    /**
     * What the SDK changed or noticed, e.g. a size replaced by the nearest allowed one.
     *
     * @return the warnings, unmodifiable; empty when there are none
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * How long it took.
     *
     * @return the total time and, when reported, the vendor's inference time
     */
    public Timings timings() {
        return timings;
    }

    /**
     * What it cost: REPORTED by the vendor, or ESTIMATED from the catalog; empty when neither is known.
     *
     * @return the cost of the whole request (all calls of a split request), or empty
     */
    public Optional<Cost> cost() {
        return Optional.ofNullable(cost);
    }

    /**
     * Vendor facts worth keeping (remaining credits, the upstream provider, every request id of a split request under
     * {@code requestIds}).
     *
     * @return the entries by name, unmodifiable, in the order added
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ImageResult r && images.equals(r.images) && provider.equals(r.provider) && model.equals(r.model)
                && Objects.equals(requestId, r.requestId) && Objects.equals(seed, r.seed) && warnings.equals(r.warnings)
                && timings.equals(r.timings) && Objects.equals(cost, r.cost) && metadata.equals(r.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(images, provider, model, requestId, seed, warnings, timings, cost, metadata);
    }

    @Override
    public String toString() {
        return "ImageResult{provider=" + provider + ", model=" + model + ", images=" + images.size()
                + (requestId == null ? "" : ", requestId=" + requestId) + (seed == null ? "" : ", seed=" + seed)
                + (cost == null ? "" : ", cost=" + cost) + ", " + timings
                + (warnings.isEmpty() ? "" : ", warnings=" + warnings) + "}";
    }

    /** Builds an {@link ImageResult}. */
    public static final class Builder {
        private final List<GeneratedImage> images = new ArrayList<>();
        private @Nullable String provider;
        private @Nullable String model;
        private @Nullable String requestId;
        private @Nullable Long seed;
        private final List<String> warnings = new ArrayList<>();
        private @Nullable Timings timings;
        private @Nullable Cost cost;
        private Map<String, String> metadata = new LinkedHashMap<>();
        /** Whether a built result holds {@link #metadata}, so that the next change must go to a copy. */
        private boolean metadataShared;

        private Builder() {
        }

        /**
         * Adds an image.
         *
         * @param image an image, added after those already added
         * @return this builder
         */
        public Builder addImage(GeneratedImage image) {
            images.add(Objects.requireNonNull(image, "image"));
            return this;
        }

        /**
         * The provider id.
         *
         * @param provider the provider id; required
         * @return this builder
         */
        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        /**
         * The model id as sent.
         *
         * @param model the vendor's model id; required
         * @return this builder
         */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /**
         * The vendor's request id.
         *
         * @param requestId the vendor's request id; optional
         * @return this builder
         */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        /**
         * The seed.
         *
         * @param seed the seed used; optional
         * @return this builder
         */
        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Adds a warning.
         *
         * @param warning a note for the caller, in plain text
         * @return this builder
         */
        public Builder addWarning(String warning) {
            warnings.add(warning);
            return this;
        }

        /**
         * The timings.
         *
         * @param timings how long it took; required
         * @return this builder
         */
        public Builder timings(Timings timings) {
            this.timings = timings;
            return this;
        }

        /**
         * The cost.
         *
         * @param cost what it cost; optional
         * @return this builder
         */
        public Builder cost(Cost cost) {
            this.cost = cost;
            return this;
        }

        /**
         * A metadata entry.
         *
         * @param key   the entry's name; an existing entry of that name is replaced
         * @param value the entry's value
         * @return this builder
         */
        public Builder putMetadata(String key, String value) {
            if (metadataShared) {
                metadata = new LinkedHashMap<>(metadata);
                metadataShared = false;
            }
            metadata.put(key, value);
            return this;
        }

        /**
         * Builds the result.
         *
         * @return the result
         * @throws NullPointerException if the provider, the model or the timings are not set
         */
        public ImageResult build() {
            return new ImageResult(this);
        }
    }
}
