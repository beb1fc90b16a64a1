package dev.imagegen.provider.lumoz;

import dev.imagegen.AspectRatio;
import dev.imagegen.ImageSize;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.PriceFormula;
import dev.imagegen.SpeedMode;
import dev.imagegen.ValueRange;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two LumozAI models and the vendor's enumerated strings for them.
 *
 * <p>{@code hidream-l1} is listed under the canonical id {@code hidream-i1-fast}: it takes exactly the field set of
 * the fast HiDream-I1 endpoints (Segmind's {@code hidream-l1-fast}, whose only {@code model_type} is "fast"): no
 * steps, guidance or negative prompt, which the dev and full variants take, and the same "juiced" speed modes and
 * seven resolutions.
 */
final class LumozCatalog {

    static final String PROVIDER_ID = "lumoz";

    static final String HIDREAM_ID = "hidream-i1-fast";
    static final String HIDREAM_VENDOR_ID = "hidream-l1";
    static final String FLUX_KAWAII_ID = "flux-cute-3d-kawaii";

    /** The generation time assumed for a HiDream estimate before the vendor's own is known. */
    static final Duration HIDREAM_TYPICAL_DURATION = Duration.ofSeconds(4);
    static final String HIDREAM_PRICE_PER_SECOND = "0.0023";

    /** HiDream resolutions: the size as labelled, and the vendor's string (the × is U+00D7). */
    static final Map<ImageSize, String> RESOLUTIONS = resolutions();

    /** HiDream speed modes (🍋 U+1F34B, 🍊 U+1F34A, 🔥 U+1F525, 🚀 U+1F680). */
    static final Map<SpeedMode, String> SPEED_MODES = speedModes();

    /** The HiDream resolution closest in shape to each aspect ratio it can serve. */
    static final Map<AspectRatio, ImageSize> HIDREAM_RATIOS = hidreamRatios();

    static final SpeedMode DEFAULT_SPEED_MODE = SpeedMode.BALANCED;
    static final ImageSize DEFAULT_RESOLUTION = ImageSize.of(1024, 1024);
    static final int DEFAULT_HIDREAM_QUALITY = 80;

    /** The kawaii aspect ratios, in the vendor's order, each with its size at 1 megapixel. */
    static final Map<AspectRatio, ImageSize> FLUX_RATIOS = fluxRatios();

    static final String MEGAPIXELS_ONE = "1";
    static final String MEGAPIXELS_QUARTER = "0.25";

    private LumozCatalog() {
    }

    static List<ModelInfo> models() {
        return List.of(hidream(), fluxKawaii(new BigDecimal(LumozOptions.DEFAULT_FLUX_PRICE_PER_IMAGE)));
    }

    static Optional<ModelInfo> byId(String canonicalId) {
        return models().stream().filter(m -> m.id().equals(canonicalId)).findFirst();
    }

    static ModelInfo hidream() {
        return ModelInfo.builder(PROVIDER_ID, HIDREAM_ID)
                .vendorId(HIDREAM_VENDOR_ID)
                .description("HiDream-I1 (17B), fast variant, with LumozAI's juiced speed modes")
                .sizes(List.copyOf(RESOLUTIONS.keySet()))
                .defaultSize(DEFAULT_RESOLUTION)
                .aspectRatios(List.copyOf(HIDREAM_RATIOS.keySet()))
                .formats(List.of(OutputFormat.WEBP, OutputFormat.PNG, OutputFormat.JPEG))
                .quality(ValueRange.ofInts(1, 100))
                .speedModes(EnumSet.allOf(SpeedMode.class))
                .seed(ValueRange.ofInts(-1, 4_294_967_295L))
                .count(1, 8)
                .price(PriceFormula.perSecond(HIDREAM_PRICE_PER_SECOND, HIDREAM_TYPICAL_DURATION))
                .build();
    }

    static ModelInfo fluxKawaii(BigDecimal pricePerImage) {
        List<ImageSize> sizes = new ArrayList<>(FLUX_RATIOS.values());
        for (ImageSize s : FLUX_RATIOS.values()) { // a loop: no lambda spun while a fresh JVM builds a client
            sizes.add(quarter(s));
        }
        return ModelInfo.builder(PROVIDER_ID, FLUX_KAWAII_ID)
                .description("FLUX.1-dev with the Cute 3D Kawaii LoRA (trigger phrase \"Cute 3d Kawaii\")")
                .sizes(sizes)
                .defaultSize(ImageSize.of(1024, 1024))
                .aspectRatios(List.copyOf(FLUX_RATIOS.keySet()))
                .megapixels(List.of(1.0, 0.25))
                .inputImages(1)
                // LumozAI publishes no limit for the img2img image: the core's default (20 MiB, PNG/JPEG/WebP), unverified;
                // ImageClient.Builder.maxInputImageBytes overrides the size
                .strength(ValueRange.ofDoubles(0, 1))
                .steps(ValueRange.ofInts(1, 50))
                .guidanceScale(ValueRange.ofDoubles(0, 10))
                .loraScale(ValueRange.ofDoubles(-1, 3))
                .seed(ValueRange.ofInts(0, 4_294_967_295L))
                .formats(List.of(OutputFormat.WEBP, OutputFormat.JPEG, OutputFormat.PNG))
                .quality(ValueRange.ofInts(0, 100))
                .count(1, 8)
                .price(new PriceFormula(PriceFormula.Unit.PER_IMAGE, pricePerImage, null))
                .build();
    }

    /** The 0.25 megapixel size for a 1 megapixel one: each side halved. */
    static ImageSize quarter(ImageSize s) {
        return ImageSize.of(s.width() / 2, s.height() / 2);
    }

    private static Map<AspectRatio, ImageSize> hidreamRatios() {
        Map<AspectRatio, ImageSize> m = new LinkedHashMap<>();
        m.put(AspectRatio.of(1, 1), ImageSize.of(1024, 1024));
        m.put(AspectRatio.of(9, 16), ImageSize.of(768, 1360));
        m.put(AspectRatio.of(16, 9), ImageSize.of(1360, 768));
        m.put(AspectRatio.of(3, 4), ImageSize.of(880, 1168));
        m.put(AspectRatio.of(4, 3), ImageSize.of(1168, 880));
        m.put(AspectRatio.of(3, 2), ImageSize.of(1248, 832));
        m.put(AspectRatio.of(2, 3), ImageSize.of(832, 1248));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<ImageSize, String> resolutions() {
        Map<ImageSize, String> m = new LinkedHashMap<>();
        m.put(ImageSize.of(1024, 1024), "1024 \u00d7 1024 (Square)");
        m.put(ImageSize.of(768, 1360), "768 \u00d7 1360 (Portrait)");
        m.put(ImageSize.of(1360, 768), "1360 \u00d7 768 (Landscape)");
        m.put(ImageSize.of(880, 1168), "880 \u00d7 1168 (Portrait)");
        m.put(ImageSize.of(1168, 880), "1168 \u00d7 880 (Landscape)");
        m.put(ImageSize.of(1248, 832), "1248 \u00d7 832 (Landscape)");
        m.put(ImageSize.of(832, 1248), "832 \u00d7 1248 (Portrait)");
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<SpeedMode, String> speedModes() {
        Map<SpeedMode, String> m = new EnumMap<>(SpeedMode.class);
        m.put(SpeedMode.QUALITY, "Unsqueezed \uD83C\uDF4B (highest quality)");
        m.put(SpeedMode.BALANCED, "Lightly Juiced \uD83C\uDF4A (more consistent)");
        m.put(SpeedMode.FAST, "Juiced \uD83D\uDD25 (more speed)");
        m.put(SpeedMode.FASTEST, "Extra Juiced \uD83D\uDE80 (even more speed)");
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<AspectRatio, ImageSize> fluxRatios() {
        Map<AspectRatio, ImageSize> m = new LinkedHashMap<>();
        m.put(AspectRatio.of(1, 1), ImageSize.of(1024, 1024));
        m.put(AspectRatio.of(16, 9), ImageSize.of(1344, 768));
        m.put(AspectRatio.of(21, 9), ImageSize.of(1536, 640));
        m.put(AspectRatio.of(3, 2), ImageSize.of(1216, 832));
        m.put(AspectRatio.of(2, 3), ImageSize.of(832, 1216));
        m.put(AspectRatio.of(4, 5), ImageSize.of(896, 1088));
        m.put(AspectRatio.of(5, 4), ImageSize.of(1088, 896));
        m.put(AspectRatio.of(3, 4), ImageSize.of(896, 1152));
        m.put(AspectRatio.of(4, 3), ImageSize.of(1152, 896));
        m.put(AspectRatio.of(9, 16), ImageSize.of(768, 1344));
        m.put(AspectRatio.of(9, 21), ImageSize.of(640, 1536));
        return java.util.Collections.unmodifiableMap(m);
    }
}
