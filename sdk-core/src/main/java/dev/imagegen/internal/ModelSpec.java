package dev.imagegen.internal;

import dev.imagegen.AspectRatio;
import dev.imagegen.ImageSize;
import dev.imagegen.OutputFormat;
import dev.imagegen.PriceFormula;
import dev.imagegen.RequestField;
import dev.imagegen.SpeedMode;
import dev.imagegen.ValueRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@code ModelInfo.Builder} collects, with the defaults, and what a {@code ModelInfo} holds: the builder
 * fills one, {@link #frozen()} gives the model its own unmodifiable copy, which is never changed again. Not
 * thread-safe while being filled (like the builder).
 */
public final class ModelSpec {

    public final String providerId;
    public final String id;
    /** Null in the builder: the canonical id. */
    public String vendorId;
    /** Null in the builder: empty. */
    public String description;
    public Set<RequestField> fields = new LinkedHashSet<>();
    public List<ImageSize> sizes = new ArrayList<>();
    public int minSide;
    public int maxSide;
    public int sideMultiple = 1;
    /** Null: not known. */
    public ImageSize defaultSize;
    public List<AspectRatio> aspectRatios = new ArrayList<>();
    public List<Double> megapixels = new ArrayList<>();
    public List<OutputFormat> formats = new ArrayList<>();
    /** Null (as the other ranges): the field is not accepted. */
    public ValueRange quality;
    public Set<SpeedMode> speedModes = new LinkedHashSet<>();
    public ValueRange steps;
    public ValueRange guidanceScale;
    public ValueRange strength;
    public ValueRange loraScale;
    public ValueRange seed;
    public int maxCountPerCall = 1;
    public int maxCount = 1;
    public int maxInputImages;
    public long maxInputImageBytes = 20L * 1024 * 1024;
    public List<String> inputImageTypes = List.of("image/png", "image/jpeg", "image/webp"); // the core's default
    /** Null: the price is not known. */
    public PriceFormula price;
    public boolean asynchronous;

    public ModelSpec(String providerId, String id) {
        this.providerId = providerId;
        this.id = id;
    }

    /**
     * {@return an unmodifiable copy, defaults filled in}
     * @throws NullPointerException     when the provider id or the id is null
     * @throws IllegalArgumentException when the counts or the sizes do not make sense
     */
    public ModelSpec frozen() {
        ModelSpec m = new ModelSpec(Objects.requireNonNull(providerId, "providerId"), Objects.requireNonNull(id, "id"));
        m.vendorId = vendorId == null ? id : vendorId;
        m.description = description == null ? "" : description;
        m.fields = Collections.unmodifiableSet(fields.isEmpty() ? EnumSet.noneOf(RequestField.class) : EnumSet.copyOf(fields));
        m.sizes = List.copyOf(sizes);
        m.minSide = minSide;
        m.maxSide = maxSide;
        m.sideMultiple = sideMultiple;
        m.defaultSize = defaultSize;
        m.aspectRatios = List.copyOf(aspectRatios);
        m.megapixels = List.copyOf(megapixels);
        m.formats = List.copyOf(formats);
        m.quality = quality;
        m.speedModes = Collections.unmodifiableSet(speedModes.isEmpty() ? EnumSet.noneOf(SpeedMode.class) : EnumSet.copyOf(speedModes));
        m.steps = steps;
        m.guidanceScale = guidanceScale;
        m.strength = strength;
        m.loraScale = loraScale;
        m.seed = seed;
        m.maxCountPerCall = maxCountPerCall;
        m.maxCount = maxCount;
        m.maxInputImages = maxInputImages;
        m.maxInputImageBytes = maxInputImageBytes;
        m.inputImageTypes = List.copyOf(inputImageTypes);
        m.price = price;
        m.asynchronous = asynchronous;
        if (m.maxCountPerCall < 1 || m.maxCount < m.maxCountPerCall) {
            throw new IllegalArgumentException("model " + id + ": need 1 <= maxCountPerCall <= maxCount");
        }
        if (m.fields.contains(RequestField.SIZE) && m.sizes.isEmpty() && m.minSide <= 0) {
            throw new IllegalArgumentException("model " + id + ": SIZE accepted but neither sizes nor a side range given");
        }
        return m;
    }

    /** {@return whether {@code size} is one of the sizes, or within the side range and on its multiple} */
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
}
