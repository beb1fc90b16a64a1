package dev.imagegen.provider.lumenfall;

import dev.imagegen.ImageSize;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.PriceFormula;
import dev.imagegen.RequestField;
import dev.imagegen.ValueRange;
import dev.imagegen.spi.AuthScheme;
import dev.imagegen.spi.ProviderConfig;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The factory's identity, the catalog's numbers, and option checking. */
class LumenfallProviderFactoryTest {

    final LumenfallProviderFactory factory = new LumenfallProviderFactory();

    @Test
    void identity() {
        assertThat(factory.id()).isEqualTo("lumenfall");
        assertThat(factory.envPrefix()).isEqualTo("LUMENFALL");
        assertThat(factory.defaultBaseUrl()).isEqualTo("https://api.lumenfall.ai/openai/v1");
        assertThat(factory.authScheme()).isEqualTo(AuthScheme.bearer());
    }

    @Test
    void catalogHasTheThreeHiDreamModelsUnderTheirLumenfallIds() {
        assertThat(factory.models()).extracting(ModelInfo::id)
                .containsExactly("hidream-i1-full", "hidream-i1-dev", "hidream-i1-fast");
        for (ModelInfo m : factory.models()) {
            assertThat(m.vendorId()).isEqualTo(m.id());
            assertThat(m.maxCountPerCall()).isEqualTo(10);
            assertThat(m.asynchronous()).isFalse();
            assertThat(m.formats()).containsExactly(OutputFormat.PNG, OutputFormat.JPEG, OutputFormat.WEBP,
                    OutputFormat.GIF, OutputFormat.AVIF);
            assertThat(m.sizes()).contains(ImageSize.of(1024, 1024), ImageSize.of(768, 1360), ImageSize.of(1360, 768),
                    ImageSize.of(880, 1168), ImageSize.of(1168, 880), ImageSize.of(1248, 832), ImageSize.of(832, 1248),
                    ImageSize.of(1536, 1024), ImageSize.of(1024, 1536));
            assertThat(m.defaultSize()).contains(ImageSize.of(1024, 1024));
            assertThat(m.steps()).contains(ValueRange.ofInts(1, 100));
            assertThat(m.guidanceScale()).contains(ValueRange.ofDoubles(0, 20));
            assertThat(m.quality()).contains(ValueRange.ofInts(0, 100));
            assertThat(m.seed()).contains(ValueRange.ofInts(-1, Integer.MAX_VALUE));
            assertThat(m.fields()).contains(RequestField.NEGATIVE_PROMPT, RequestField.SAFETY_CHECKER, RequestField.SEED,
                    RequestField.STEPS, RequestField.GUIDANCE_SCALE, RequestField.OUTPUT_QUALITY);
            assertThat(m.fields()).doesNotContain(RequestField.ASPECT_RATIO, RequestField.LORAS, RequestField.SPEED_MODE,
                    RequestField.STRENGTH);
        }
    }

    @Test
    void onlyFullTakesInputImagesAndAMask() {
        ModelInfo full = model("hidream-i1-full");
        assertThat(full.maxInputImages()).isEqualTo(16);
        assertThat(full.fields()).contains(RequestField.INPUT_IMAGE, RequestField.MASK);
        for (String id : List.of("hidream-i1-dev", "hidream-i1-fast")) {
            assertThat(model(id).fields()).doesNotContain(RequestField.INPUT_IMAGE, RequestField.MASK);
        }
    }

    @Test
    void prices() {
        assertThat(model("hidream-i1-full").price()).contains(PriceFormula.perImage("0.05"));
        assertThat(model("hidream-i1-dev").price()).contains(PriceFormula.perImage("0.03"));
        assertThat(model("hidream-i1-fast").price()).contains(PriceFormula.perImage("0.01"));
        assertThat(model("hidream-i1-full").price().orElseThrow().estimate(3, null, null).amount())
                .isEqualByComparingTo(new BigDecimal("0.15"));
    }

    @Test
    void badOptionsAreRejectedNamingWhatIsAllowed() {
        assertThatThrownBy(() -> factory.create(config(Map.of(LumenfallOptions.RESPONSE_FORMAT, "base64"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("url").hasMessageContaining("b64_json");
        assertThatThrownBy(() -> factory.create(config(Map.of(LumenfallOptions.MULTI_IMAGE_FIELD, " "))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(LumenfallOptions.MULTI_IMAGE_FIELD);
        assertThatThrownBy(() -> factory.create(config(Map.of(LumenfallOptions.ESTIMATE_COST_POINTER, "cost"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON pointer");
        assertThat(factory.create(config(Map.of(LumenfallOptions.RESPONSE_FORMAT, "B64_JSON"))).id()).isEqualTo("lumenfall");
    }

    static ProviderConfig config(Map<String, String> options) {
        return new ProviderConfig("lumenfall", "https://api.lumenfall.ai/openai/v1", options);
    }

    ModelInfo model(String id) {
        return factory.models().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }
}
