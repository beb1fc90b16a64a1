package dev.imagegen.provider.segmind;

import dev.imagegen.AspectRatio;
import dev.imagegen.ImageSize;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.PriceFormula;
import dev.imagegen.SpeedMode;
import dev.imagegen.ValueRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Segmind's model and the vendor's enumerated strings. The strings are sent byte for byte (UTF-8); they are written
 * with escapes here so no editor or build step can mangle the multiplication sign (U+00D7) or the emoji.
 */
final class SegmindCatalog {

    static final String PROVIDER_ID = "segmind";
    static final String CANONICAL_ID = "hidream-i1-fast";
    static final String VENDOR_ID = "hidream-l1-fast";
    /** The vendor's {@code model_type}; the fast endpoint takes only this value. */
    static final String MODEL_TYPE = "fast";
    /** The vendor's default {@code output_quality}. */
    static final int DEFAULT_QUALITY = 100;
    /** The vendor's default {@code seed}: random. */
    static final long RANDOM_SEED = -1L;

    /**
     * The vendor's seven {@code resolution} labels, in the vendor's order (the first is its default), with the size the
     * label names and the aspect ratio the SDK maps to it. The ratios are approximate for three labels (768 x 1360 is
     * 0.565, 9:16 is 0.5625; 880 x 1168 is 0.753, 3:4 is 0.75): each is the nearest common ratio, and no two labels share
     * one.
     */
    enum Resolution {
        SQUARE_1024(1024, 1024, 1, 1, "1024 \u00D7 1024 (Square)"),
        PORTRAIT_768(768, 1360, 9, 16, "768 \u00D7 1360 (Portrait)"),
        LANDSCAPE_1360(1360, 768, 16, 9, "1360 \u00D7 768 (Landscape)"),
        PORTRAIT_880(880, 1168, 3, 4, "880 \u00D7 1168 (Portrait)"),
        LANDSCAPE_1168(1168, 880, 4, 3, "1168 \u00D7 880 (Landscape)"),
        LANDSCAPE_1248(1248, 832, 3, 2, "1248 \u00D7 832 (Landscape)"),
        PORTRAIT_832(832, 1248, 2, 3, "832 \u00D7 1248 (Portrait)");

        final ImageSize size;
        final AspectRatio ratio;
        final String label;

        Resolution(int width, int height, int ratioW, int ratioH, String label) {
            this.size = ImageSize.of(width, height);
            this.ratio = AspectRatio.of(ratioW, ratioH);
            this.label = label;
        }

        static Optional<Resolution> ofSize(ImageSize size) {
            return Arrays.stream(values()).filter(r -> r.size.equals(size)).findFirst();
        }

        static Optional<Resolution> ofRatio(AspectRatio ratio) {
            return Arrays.stream(values()).filter(r -> r.ratio.equals(ratio)).findFirst();
        }
    }

    private SegmindCatalog() {
    }

    /** The vendor's {@code speed_mode} string for a neutral speed mode. */
    static String speedMode(SpeedMode mode) {
        return switch (mode) {
            case QUALITY -> "Unsqueezed \uD83C\uDF4B (highest quality)";
            case BALANCED -> "Lightly Juiced \uD83C\uDF4A (more consistent)";
            case FAST -> "Juiced \uD83D\uDD25 (more speed)";
            case FASTEST -> "Extra Juiced \uD83D\uDE80 (even more speed)";
        };
    }

    /** The vendor's {@code output_format} string: {@code jpg} for JPEG, else the format's name. */
    static String outputFormat(OutputFormat format) {
        return OutputFormat.JPEG.equals(format) ? "jpg" : format.name();
    }

    private static final List<ModelInfo> MODELS = List.of(hidreamFast());

    /** The catalog: one model. */
    static List<ModelInfo> models() {
        return MODELS;
    }

    /** The model's entry by canonical or vendor id. */
    static Optional<ModelInfo> model(String id) {
        return models().stream().filter(m -> m.matches(id)).findFirst();
    }

    private static ModelInfo hidreamFast() {
        // loops, not streams: this runs while a client is built, often in a fresh JVM
        List<ImageSize> sizes = new ArrayList<>();
        List<AspectRatio> ratios = new ArrayList<>();
        for (Resolution r : Resolution.values()) {
            sizes.add(r.size);
            ratios.add(r.ratio);
        }
        return ModelInfo.builder(PROVIDER_ID, CANONICAL_ID)
                .vendorId(VENDOR_ID)
                .description("HiDream-I1 fast (17B, 16 steps) on Segmind; answers with the image bytes")
                .sizes(sizes)
                .defaultSize(Resolution.SQUARE_1024.size)
                .aspectRatios(ratios)
                .formats(List.of(OutputFormat.WEBP, OutputFormat.PNG, OutputFormat.JPEG))
                .quality(ValueRange.ofInts(1, 100))
                .speedModes(EnumSet.allOf(SpeedMode.class))
                // docs.segmind.com/api-reference/random-seed: -1 draws a random seed, "any positive integer" is
                // deterministic; 0 and other negatives are not documented, so they are refused before sending. No upper
                // bound is documented (unverified): the SDK does not invent one, a long's maximum is the limit.
                .seed(ValueRange.ofInts(1, Long.MAX_VALUE).or(RANDOM_SEED))
                .count(1, 8)
                // an estimate: the vendor's model page shows "~$0.015" per generation (it bills by GPU time and
                // reports the real amount in x-cost, which the provider returns as the reported cost)
                .price(PriceFormula.perImage("0.015"))
                .build();
    }
}
