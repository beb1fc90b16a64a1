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

    static final List<ModelInfo> MODELS = List.of(
            model("hidream-i1-dev", "HiDream-I1 Dev (17B, distilled, 28 steps)", PriceFormula.perImage("0.012")),
            model("hidream-i1-full", "HiDream-I1 Full (17B, 50 steps)", PriceFormula.perImage("0.024")),
            // The vendor's pages seen so far give no price for the fast variant: no estimate rather than a guess.
            model("hidream-i1-fast", "HiDream-I1 Fast (17B, distilled, 16 steps)", null));

    private static ModelInfo model(String id, String description, PriceFormula price) {
        ModelInfo.Builder b = ModelInfo.builder(PROVIDER_ID, id)
                .vendorId("wavespeed-ai/" + id)
                .description(description)
                .sizeRange(512, 1536, 1)
                .defaultSize(DEFAULT_SIZE)
                .seed(ValueRange.ofInts(-1, 9_999_999_999L))
                .formats(List.of(OutputFormat.JPEG, OutputFormat.PNG))
                .accepts(RequestField.SAFETY_CHECKER)
                // One image per prediction; the core splits larger counts into concurrent predictions.
                .count(1, 8)
                .asynchronous(true);
        if (price != null) {
            b.price(price);
        }
        return b.build();
    }
}
