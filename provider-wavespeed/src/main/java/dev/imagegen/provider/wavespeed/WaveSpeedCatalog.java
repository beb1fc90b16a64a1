package dev.imagegen.provider.wavespeed;

import dev.imagegen.ImageSize;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.PriceFormula;
import dev.imagegen.RequestField;
import dev.imagegen.ValueRange;

import java.util.List;

/**
 * The three HiDream-I1 variants WaveSpeed serves. Only what the vendor documents is accepted: prompt, size (512..1536
 * per side, any whole number of pixels: the vendor states no multiple), seed (-1..9999999999), output format
 * (jpeg, the vendor's default, or png) and the safety checker. Steps, guidance and a negative prompt are not
 * documented by WaveSpeed for these models, so the core rejects them before sending.
 */
final class WaveSpeedCatalog {

    static final String PROVIDER_ID = "wavespeed";
    static final ImageSize DEFAULT_SIZE = ImageSize.of(1024, 1024);

    private WaveSpeedCatalog() {
    }

    /**
     * The fast variant's price. <b>Unverified</b>: WaveSpeed's pages for dev ($0.012) and full ($0.024) state a price,
     * none seen for fast does; $0.006 continues their halving per step down (full, dev, fast) and is below every
     * other vendor's price for it. Without a price {@code estimate()} threw and budgets could not use the model; a
     * real rate replaces it with {@code ImageClient.Builder.price("wavespeed", "hidream-i1-fast", ...)}.
     */
    static final PriceFormula FAST_PRICE_UNVERIFIED = PriceFormula.perImage("0.006");

    static final List<ModelInfo> MODELS = List.of(
            // wavespeed.ai/docs-api/hidream-i1-dev: "Per image $0.012"
            model("hidream-i1-dev", "HiDream-I1 Dev (17B, distilled, 28 steps)", PriceFormula.perImage("0.012")),
            // wavespeed.ai/docs-api/hidream-i1-full: "$0.024 per image"
            model("hidream-i1-full", "HiDream-I1 Full (17B, 50 steps)", PriceFormula.perImage("0.024")),
            model("hidream-i1-fast", "HiDream-I1 Fast (17B, distilled, 16 steps)", FAST_PRICE_UNVERIFIED));

    private static ModelInfo model(String id, String description, PriceFormula price) {
        return ModelInfo.builder(PROVIDER_ID, id)
                .vendorId("wavespeed-ai/".concat(id)) // concat, not +: no indy bootstrap while a client is built
                .description(description)
                .sizeRange(512, 1536, 1)
                .defaultSize(DEFAULT_SIZE)
                .seed(ValueRange.ofInts(-1, 9_999_999_999L))
                .formats(List.of(OutputFormat.JPEG, OutputFormat.PNG))
                .accepts(RequestField.SAFETY_CHECKER)
                // One image per prediction; the core splits larger counts into concurrent predictions.
                .count(1, 8)
                .asynchronous(true)
                .price(price)
                .build();
    }
}
