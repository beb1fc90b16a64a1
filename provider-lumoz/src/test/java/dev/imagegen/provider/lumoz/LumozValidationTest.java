package dev.imagegen.provider.lumoz;

import dev.imagegen.ImageRequest;
import dev.imagegen.InputImage;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.Lora;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.PriceFormula;
import dev.imagegen.RequestField;
import dev.imagegen.SpeedMode;
import dev.imagegen.spi.AuthScheme;
import dev.imagegen.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog, and what is refused before anything is sent. */
class LumozValidationTest extends LumozTestSupport {

    @AfterEach
    void nothingWasSent() {
        assertThat(server.getRequestCount()).isZero();
    }

    void assertRejected(ImageRequest r, String field) {
        assertThatThrownBy(() -> client.generate(r))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains(field));
    }

    @Test
    void factoryFacts() {
        LumozProviderFactory f = new LumozProviderFactory();
        assertThat(f.id()).isEqualTo("lumoz");
        assertThat(f.defaultBaseUrl()).isEqualTo("https://lumozai.com");
        assertThat(f.authScheme()).isEqualTo(AuthScheme.bearer());
        assertThat(f.envPrefix()).isEqualTo("LUMOZ");
        assertThat(f.models()).extracting(ModelInfo::id, ModelInfo::vendorId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hidream-i1-fast", "hidream-l1"),
                        org.assertj.core.groups.Tuple.tuple("flux-cute-3d-kawaii", "flux-cute-3d-kawaii"));
    }

    @Test
    void hidreamCatalogEntry() {
        ModelInfo m = new LumozProviderFactory().models().get(0);
        assertThat(m.matches("hidream-l1")).isTrue();
        assertThat(m.matches("hidream-i1-fast")).isTrue();
        assertThat(m.sizes()).hasSize(7);
        assertThat(m.speedModes()).containsExactlyInAnyOrder(SpeedMode.values());
        assertThat(m.formats()).containsExactly(OutputFormat.WEBP, OutputFormat.PNG, OutputFormat.JPEG);
        assertThat(m.price()).contains(PriceFormula.perSecond("0.0023", Duration.ofSeconds(4)));
        assertThat(m.fields()).doesNotContain(RequestField.STEPS, RequestField.GUIDANCE_SCALE, RequestField.INPUT_IMAGE,
                RequestField.LORAS, RequestField.MEGAPIXELS, RequestField.NEGATIVE_PROMPT);
        assertThat(LumozCatalog.SPEED_MODES.get(SpeedMode.QUALITY)).isEqualTo("Unsqueezed \uD83C\uDF4B (highest quality)");
        assertThat(LumozCatalog.SPEED_MODES.get(SpeedMode.FASTEST).codePoints()).contains(0x1F680);
        assertThat(LumozCatalog.RESOLUTIONS.values()).allSatisfy(label -> assertThat(label).contains(" \u00d7 "));
    }

    @Test
    void kawaiiCatalogEntry() {
        ModelInfo m = new LumozProviderFactory().models().get(1);
        assertThat(m.sizes()).hasSize(22).contains(dev.imagegen.ImageSize.of(1536, 640), dev.imagegen.ImageSize.of(320, 768));
        assertThat(m.megapixels()).containsExactly(1.0, 0.25);
        assertThat(m.steps().orElseThrow().toString()).isEqualTo("1..50");
        assertThat(m.guidanceScale().orElseThrow()).isEqualTo(dev.imagegen.ValueRange.ofDoubles(0, 10));
        assertThat(m.strength().orElseThrow()).isEqualTo(dev.imagegen.ValueRange.ofDoubles(0, 1));
        assertThat(m.loraScale().orElseThrow()).isEqualTo(dev.imagegen.ValueRange.ofDoubles(-1, 3));
        assertThat(m.quality().orElseThrow()).isEqualTo(dev.imagegen.ValueRange.ofInts(0, 100));
        assertThat(m.formats()).containsExactly(OutputFormat.WEBP, OutputFormat.JPEG, OutputFormat.PNG);
        assertThat(m.maxInputImages()).isEqualTo(1);
        assertThat(m.price()).contains(PriceFormula.perImage("0.03"));
    }

    @Test
    void aLoraOtherThanTheBuiltInOneIsRefused() {
        assertRejected(request(KAWAII, "Cute 3d Kawaii, a cat").addLora(new Lora("https://example.com/other.safetensors", 1.0)).build(),
                "loras");
    }

    @Test
    void twoLoraScalesAreRefused() {
        assertRejected(request(KAWAII, "Cute 3d Kawaii, a cat").loras(List.of(Lora.builtIn(1), Lora.builtIn(0.5))).build(),
                "loras");
    }

    @Test
    void rangesAreCheckedByTheCoreFromTheCatalog() {
        ImageRequest.Builder k = request(KAWAII, "Cute 3d Kawaii, a cat");
        assertRejected(k.build().toBuilder().loraScale(3.5).build(), "loras");
        assertRejected(k.build().toBuilder().steps(51).build(), "steps");
        assertRejected(k.build().toBuilder().steps(0).build(), "steps");
        assertRejected(k.build().toBuilder().guidanceScale(10.5).build(), "guidanceScale");
        assertRejected(k.build().toBuilder().outputQuality(101).build(), "outputQuality");
        assertRejected(k.build().toBuilder().seed(-1L).build(), "seed");
        assertRejected(k.build().toBuilder().inputImage(InputImage.of(TestImages.png(8, 8))).strength(1.5).build(), "strength");
        assertRejected(k.build().toBuilder().aspectRatio("7:5").build(), "aspectRatio");
        assertRejected(k.build().toBuilder().megapixels(2.0).build(), "megapixels");
        assertRejected(k.build().toBuilder().size(1000, 1000).build(), "size");
        assertRejected(k.build().toBuilder().outputFormat(OutputFormat.GIF).build(), "outputFormat");
        assertRejected(k.build().toBuilder().speedMode(SpeedMode.FAST).build(), "speedMode");
    }

    @Test
    void hidreamTakesNoneOfTheKawaiiFields() {
        ImageRequest.Builder h = request(HIDREAM, "a fox");
        assertRejected(h.build().toBuilder().steps(20).build(), "steps");
        assertRejected(h.build().toBuilder().megapixels(1.0).build(), "megapixels");
        assertRejected(h.build().toBuilder().loraScale(1).build(), "loras");
        assertRejected(h.build().toBuilder().inputImage(InputImage.of(TestImages.png(8, 8))).build(), "inputImage");
        assertRejected(h.build().toBuilder().size(1024, 768).build(), "size");
        assertRejected(h.build().toBuilder().aspectRatio("21:9").build(), "aspectRatio");
        assertRejected(h.build().toBuilder().outputQuality(0).build(), "outputQuality");
    }

    @Test
    void megapixelsThatContradictTheSizeAreRefused() {
        assertThatThrownBy(() -> client.generate(request(KAWAII, "Cute 3d Kawaii, a cat").size(1344, 768).megapixels(0.25).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).contains("megapixels");
                    assertThat(e.allowed()).containsExactly("1");
                });
    }

    @Test
    void badOptionsAreRefusedWhenTheClientIsBuilt() {
        assertThatThrownBy(() -> client(Map.of(LumozOptions.CHECK_METHOD, "PUT"))).hasStackTraceContaining("checkMethod");
        assertThatThrownBy(() -> client(Map.of(LumozOptions.CHECK_PATH, "api/v4/check"))).hasStackTraceContaining("checkPath");
    }

    @Test
    void numbersAreWrittenPlainly() {
        assertThat(LumozRequestMapper.number(3.0)).isEqualTo("3");
        assertThat(LumozRequestMapper.number(0.8)).isEqualTo("0.8");
        assertThat(LumozRequestMapper.number(1e-7)).isEqualTo("0.0000001");
        assertThat(LumozRequestMapper.number(-1)).isEqualTo("-1");
        assertThat(new BigDecimal(LumozRequestMapper.number(2.5))).isEqualByComparingTo("2.5");
    }
}
