package dev.imagegen.provider.fal;

import dev.imagegen.ImageSize;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.PriceFormula;
import dev.imagegen.RequestField;
import dev.imagegen.ValueRange;

import java.util.List;

/**
 * HiDream-I1 as fal's generated OpenAPI describes it. Unverified choices (docs/providers/fal.md): the sizes (the schema
 * allows 1..14142 per side), the seed range, the prices.
 */
final class FalCatalog {

    static final String ID = "fal";
    /** Every vendor id is this prefix and the canonical id. */
    static final String VENDOR_PREFIX = "fal-ai/";
    /** Sent when a request names no size: fal's schema gives HiDream no default, so a size is always sent. */
    static final ImageSize DEFAULT_SIZE = ImageSize.of(1024, 1024);

    static final List<ModelInfo> MODELS = List.of(
            model("hidream-i1-full", "HiDream-I1 Full on fal.ai: 50 steps, guidance 5 by default", true, "0.05"),
            model("hidream-i1-dev", "HiDream-I1 Dev on fal.ai: guidance-distilled, 28 steps by default", false, "0.03"),
            model("hidream-i1-fast", "HiDream-I1 Fast on fal.ai: distilled, 16 steps by default", false, "0.01"));

    private FalCatalog() {
    }

    private static ModelInfo model(String id, String description, boolean guidance, String usdPerMegapixel) {
        ModelInfo.Builder b = ModelInfo.builder(ID, id).vendorId(VENDOR_PREFIX + id).description(description)
                .sizeRange(512, 2048, 64).defaultSize(DEFAULT_SIZE).steps(ValueRange.ofInts(1, 50))
                .seed(ValueRange.ofInts(0, Long.MAX_VALUE)).formats(List.of(OutputFormat.JPEG, OutputFormat.PNG))
                .accepts(RequestField.NEGATIVE_PROMPT, RequestField.SAFETY_CHECKER)
                // num_images is 1..4 per call; the core splits larger counts into concurrent calls
                .count(4, 16).price(PriceFormula.perMegapixel(usdPerMegapixel)).asynchronous(true);
        return (guidance ? b.guidanceScale(ValueRange.ofDoubles(0, 20)) : b).build();
    }
}
