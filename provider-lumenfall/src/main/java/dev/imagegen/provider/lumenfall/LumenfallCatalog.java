package dev.imagegen.provider.lumenfall;

import dev.imagegen.ImageSize;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.PriceFormula;
import dev.imagegen.RequestField;
import dev.imagegen.ValueRange;

import java.util.List;

/**
 * The HiDream-I1 models as Lumenfall serves them. Canonical ids are Lumenfall's ids. See
 * {@code docs/providers/lumenfall.md} for where each number comes from.
 */
final class LumenfallCatalog {

    /**
     * The sizes offered: HiDream-I1's seven native resolutions (about one megapixel each, the sizes the model was
     * trained for), then the common OpenAI sizes that OpenAI-style callers send. Enumerated rather than ranged because
     * Lumenfall does not publish size limits for HiDream; with {@code nearestSize(true)} any other size becomes the
     * closest of these in shape, then in area.
     */
    static final List<ImageSize> SIZES = List.of(
            ImageSize.of(1024, 1024), ImageSize.of(768, 1360), ImageSize.of(1360, 768), ImageSize.of(880, 1168),
            ImageSize.of(1168, 880), ImageSize.of(1248, 832), ImageSize.of(832, 1248),
            ImageSize.of(512, 512), ImageSize.of(1536, 1024), ImageSize.of(1024, 1536), ImageSize.of(1792, 1024),
            ImageSize.of(1024, 1792));

    /** {@code output_format} values Lumenfall lists; png first, the OpenAI default. */
    static final List<OutputFormat> FORMATS = List.of(OutputFormat.PNG, OutputFormat.JPEG, OutputFormat.WEBP,
            OutputFormat.GIF, OutputFormat.AVIF);

    /** {@code output_compression}: 0..100 percent, as in the OpenAI specification. */
    static final ValueRange COMPRESSION = ValueRange.ofInts(0, 100);

    /** {@code num_inference_steps}: wide enough for every variant's default (50, 28, 16) and then some. */
    static final ValueRange STEPS = ValueRange.ofInts(1, 100);

    /** {@code guidance_scale}: 0 (dev/fast defaults, guidance-distilled) .. 20, well above full's 5.0. */
    static final ValueRange GUIDANCE = ValueRange.ofDoubles(0, 20);

    /** {@code seed}: -1 means random (HiDream); kept within a signed 32-bit integer, which every upstream accepts. */
    static final ValueRange SEED = ValueRange.ofInts(-1, Integer.MAX_VALUE);

    /** {@code n} per call (1..10, OpenAI's limit), and a cap per request the SDK splits into calls. */
    static final int MAX_PER_CALL = 10;
    static final int MAX_PER_REQUEST = 40;

    /** Input images per edit: the OpenAI specification's limit for {@code image} arrays. */
    static final int MAX_INPUT_IMAGES = 16;

    static final String FULL = "hidream-i1-full";
    static final String DEV = "hidream-i1-dev";
    static final String FAST = "hidream-i1-fast";

    static final List<ModelInfo> MODELS = List.of(
            // $0.05 per image: Lumenfall's page for hidream-i1-full (fal.ai, $0.05/MP, about 1 MP per image).
            // The only variant Lumenfall lists with an Image Edit mode, so the only one taking input images and a mask.
            base(FULL, "HiDream-I1 Full via Lumenfall: 17B sparse DiT, 50 steps, guidance 5.0 by default")
                    .inputImages(MAX_INPUT_IMAGES)
                    // the OpenAI specification's edit limits (png, webp or jpg under 50 MB), which Lumenfall follows;
                    // unverified for HiDream behind it: ImageClient.Builder.maxInputImageBytes overrides the size
                    .inputImageLimits(50L * 1000 * 1000, List.of("image/png", "image/jpeg", "image/webp"))
                    .accepts(RequestField.MASK)
                    .price(PriceFormula.perImage("0.05"))
                    .build(),
            // Estimate: fal.ai's list price for hidream-i1-dev ($0.03 per megapixel) at about 1 MP.
            base(DEV, "HiDream-I1 Dev via Lumenfall: guidance-distilled, 28 steps, guidance 0 by default")
                    .price(PriceFormula.perImage("0.03"))
                    .build(),
            // Estimate: fal.ai's $0.01 per megapixel, which Lumenfall's page lists for hidream-i1-fast, at about 1 MP.
            base(FAST, "HiDream-I1 Fast via Lumenfall: distilled, 16 steps, guidance 0 by default")
                    .price(PriceFormula.perImage("0.01"))
                    .build());

    private LumenfallCatalog() {
    }

    private static ModelInfo.Builder base(String id, String description) {
        return ModelInfo.builder(LumenfallProviderFactory.ID, id)
                .description(description)
                .sizes(SIZES)
                .defaultSize(ImageSize.of(1024, 1024))
                .formats(FORMATS)
                .quality(COMPRESSION)
                .steps(STEPS)
                .guidanceScale(GUIDANCE)
                .seed(SEED)
                .accepts(RequestField.NEGATIVE_PROMPT, RequestField.SAFETY_CHECKER)
                .count(MAX_PER_CALL, MAX_PER_REQUEST);
    }
}
