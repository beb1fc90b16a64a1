package dev.imagegen.spi;

import dev.imagegen.Cost;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one vendor call produced, in the provider's words; the core adds timings, estimates a cost when none is
 * reported, and merges split calls into one {@link dev.imagegen.ImageResult}.
 */
public final class ProviderResult {

    private final List<ImageOutput> images;
    private final @Nullable String modelId;
    private final @Nullable String requestId;
    private final @Nullable Long seed;
    private final @Nullable Cost cost;
    private final @Nullable Duration inferenceTime;
    private final Map<String, String> metadata;
    private final List<String> warnings;

    private ProviderResult(Builder b) {
        this.images = List.copyOf(b.images);
        this.modelId = b.modelId;
        this.requestId = b.requestId;
        this.seed = b.seed;
        this.cost = b.cost;
        this.inferenceTime = b.inferenceTime;
        if (b.metadata.containsKey(null)) {
            throw new NullPointerException("a metadata entry has a null name");
        }
        // the builder's map is handed over, not copied (it keeps the order added): the builder copies it before its
        // next change
        this.metadata = b.metadata.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(b.metadata);
        b.metadataShared = !b.metadata.isEmpty();
        this.warnings = List.copyOf(b.warnings);
    }

    /**
     * A new builder.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A copy with other images in place of these (the core's output checks decode {@code data:} URLs with it).
     *
     * @param images the images replacing this result's, in order
     * @return a copy with those images and every other field kept
     */
    public ProviderResult withImages(List<ImageOutput> images) {
        return new ProviderResult(this, images);
    }

    /** {@code base} with other images: its metadata and warnings are immutable already, so they are shared, not copied. */
    private ProviderResult(ProviderResult base, List<ImageOutput> images) {
        this.images = List.copyOf(images);
        this.modelId = base.modelId;
        this.requestId = base.requestId;
        this.seed = base.seed;
        this.cost = base.cost;
        this.inferenceTime = base.inferenceTime;
        this.metadata = base.metadata;
        this.warnings = base.warnings;
    }

    /**
     * The images, in the vendor's order.
     *
     * @return the images, unmodifiable; may be empty when the vendor returned none
     */
    public List<ImageOutput> images() {
        return images;
    }

    /**
     * The model id as sent to the vendor, or null.
     *
     * @return the vendor's model id, or null when the provider did not set it
     */
    public @Nullable String modelId() {
        return modelId;
    }

    /**
     * The vendor's request id, or null.
     *
     * @return the vendor's request id, or null when the vendor gave none
     */
    public @Nullable String requestId() {
        return requestId;
    }

    /**
     * The seed used, when the vendor reports it, or null.
     *
     * @return the seed, or null when the vendor does not report it
     */
    public @Nullable Long seed() {
        return seed;
    }

    /**
     * The vendor-reported cost, or null.
     *
     * @return the cost the vendor reported, or null (the core then estimates one from the catalog)
     */
    public @Nullable Cost cost() {
        return cost;
    }

    /**
     * The vendor-reported generation time, or null.
     *
     * @return the generation time the vendor reported, or null when it reported none
     */
    public @Nullable Duration inferenceTime() {
        return inferenceTime;
    }

    /**
     * Vendor headers and fields worth keeping (remaining credits, upstream provider).
     *
     * @return the entries by name, unmodifiable, in the order added
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Notes for the caller.
     *
     * @return the warnings, unmodifiable, in the order added
     */
    public List<String> warnings() {
        return warnings;
    }

    /** Builds a {@link ProviderResult}. */
    public static final class Builder {
        private final List<ImageOutput> images = new ArrayList<>();
        private @Nullable String modelId;
        private @Nullable String requestId;
        private @Nullable Long seed;
        private @Nullable Cost cost;
        private @Nullable Duration inferenceTime;
        private Map<String, String> metadata = new LinkedHashMap<>();
        /** Whether a built result holds {@link #metadata}, so that the next change must go to a copy. */
        private boolean metadataShared;
        private final List<String> warnings = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds an image.
         *
         * @param image one image, added after those already added
         * @return this builder
         */
        public Builder addImage(ImageOutput image) {
            images.add(image);
            return this;
        }

        /**
         * The model id as sent.
         *
         * @param modelId the vendor's model id, or null to leave it unknown
         * @return this builder
         */
        public Builder modelId(@Nullable String modelId) {
            this.modelId = modelId;
            return this;
        }

        /**
         * The vendor's request id.
         *
         * @param requestId the vendor's request id, or null when it gave none
         * @return this builder
         */
        public Builder requestId(@Nullable String requestId) {
            this.requestId = requestId;
            return this;
        }

        /**
         * The seed the vendor used.
         *
         * @param seed the seed, or null when the vendor does not report it
         * @return this builder
         */
        public Builder seed(@Nullable Long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The cost the vendor reported.
         *
         * @param cost the reported cost, or null to let the core estimate it
         * @return this builder
         */
        public Builder cost(@Nullable Cost cost) {
            this.cost = cost;
            return this;
        }

        /**
         * The vendor's generation time.
         *
         * @param inferenceTime the vendor's generation time, or null when not reported
         * @return this builder
         */
        public Builder inferenceTime(@Nullable Duration inferenceTime) {
            this.inferenceTime = inferenceTime;
            return this;
        }

        /**
         * A metadata entry; null values are skipped.
         *
         * @param key   the entry's name; a second entry with the same name replaces the first
         * @param value the entry's value, or null to add nothing
         * @return this builder
         */
        public Builder metadata(String key, @Nullable String value) {
            if (value != null) {
                if (metadataShared) {
                    metadata = new LinkedHashMap<>(metadata);
                    metadataShared = false;
                }
                metadata.put(key, value);
            }
            return this;
        }

        /**
         * A warning.
         *
         * @param warning a note for the caller, in plain text
         * @return this builder
         */
        public Builder warning(String warning) {
            warnings.add(warning);
            return this;
        }

        /**
         * Builds the result.
         *
         * @return a new, immutable result; the builder can be reused
         */
        public ProviderResult build() {
            return new ProviderResult(this);
        }
    }
}
