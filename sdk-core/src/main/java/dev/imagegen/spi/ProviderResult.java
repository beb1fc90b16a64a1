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
        this.metadata = Map.copyOf(b.metadata);
        this.warnings = List.copyOf(b.warnings);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A copy with other images in place of these (the core's output checks decode {@code data:} URLs with it). */
    public ProviderResult withImages(List<ImageOutput> images) {
        Builder b = builder().modelId(modelId).requestId(requestId).seed(seed).cost(cost).inferenceTime(inferenceTime);
        images.forEach(b::addImage);
        metadata.forEach(b::metadata);
        warnings.forEach(b::warning);
        return b.build();
    }

    /** The images, in the vendor's order. */
    public List<ImageOutput> images() {
        return images;
    }

    /** The model id as sent to the vendor, or null. */
    public @Nullable String modelId() {
        return modelId;
    }

    /** The vendor's request id, or null. */
    public @Nullable String requestId() {
        return requestId;
    }

    /** The seed used, when the vendor reports it, or null. */
    public @Nullable Long seed() {
        return seed;
    }

    /** The vendor-reported cost, or null. */
    public @Nullable Cost cost() {
        return cost;
    }

    /** The vendor-reported generation time, or null. */
    public @Nullable Duration inferenceTime() {
        return inferenceTime;
    }

    /** Vendor headers and fields worth keeping (remaining credits, upstream provider). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Notes for the caller. */
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
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final List<String> warnings = new ArrayList<>();

        private Builder() {
        }

        /** Adds an image. */
        public Builder addImage(ImageOutput image) {
            images.add(image);
            return this;
        }

        /** The model id as sent. */
        public Builder modelId(@Nullable String modelId) {
            this.modelId = modelId;
            return this;
        }

        /** The vendor's request id. */
        public Builder requestId(@Nullable String requestId) {
            this.requestId = requestId;
            return this;
        }

        /** The seed the vendor used. */
        public Builder seed(@Nullable Long seed) {
            this.seed = seed;
            return this;
        }

        /** The cost the vendor reported. */
        public Builder cost(@Nullable Cost cost) {
            this.cost = cost;
            return this;
        }

        /** The vendor's generation time. */
        public Builder inferenceTime(@Nullable Duration inferenceTime) {
            this.inferenceTime = inferenceTime;
            return this;
        }

        /** A metadata entry; null values are skipped. */
        public Builder metadata(String key, @Nullable String value) {
            if (value != null) {
                metadata.put(key, value);
            }
            return this;
        }

        /** A warning. */
        public Builder warning(String warning) {
            warnings.add(warning);
            return this;
        }

        /** Builds the result. */
        public ProviderResult build() {
            return new ProviderResult(this);
        }
    }
}
