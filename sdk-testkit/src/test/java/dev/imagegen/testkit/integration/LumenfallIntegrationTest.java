package dev.imagegen.testkit.integration;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ImageSize;
import dev.imagegen.InputImage;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.OutputFormat;
import dev.imagegen.testkit.EmulatedProviders;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.RecordedCall;
import dev.imagegen.testkit.Routes;
import dev.imagegen.testing.CallMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static dev.imagegen.testkit.integration.Images.assertImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Lumenfall provider against the emulator: generations (URL and b64_json), several images, and edits. */
@EmulatedProviders
class LumenfallIntegrationTest {

    private static ImageRequest.Builder request(String model) {
        return ImageRequest.builder().provider("lumenfall").model(model).prompt("a cozy reading nook");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hidream-i1-full", "hidream-i1-dev", "hidream-i1-fast"})
    void everyModelSyncAndAsync(String model, ImageClient client, ProviderEmulator emu) {
        ImageResult sync = client.generate(request(model).size(1360, 768).seed(9L).outputFormat(OutputFormat.PNG).build());
        ImageResult async = client.generateAsync(request(model).size(512, 512).outputFormat(OutputFormat.JPEG).build())
                .join();

        assertThat(sync.provider()).isEqualTo("lumenfall");
        assertThat(sync.model()).isEqualTo(model);
        assertImage(sync.image(), 1360, 768, "image/png");
        assertThat(sync.image().url()).isPresent();
        assertImage(async.image(), 512, 512, "image/jpeg");
        assertThat(emu.requestCount(Routes.LUMENFALL_GENERATIONS)).isEqualTo(2);
    }

    @Test
    void base64OutputsAndSeveralImages(ProviderEmulator emu) {
        try (ImageClient client = EmulatorClients.builder(emu).providerOption("lumenfall", "responseFormat", "b64_json")
                .build()) {
            ImageResult r = client.generate(request("hidream-i1-fast").size(1024, 1024).count(2)
                    .outputFormat(OutputFormat.PNG).build());

            assertThat(r.images()).hasSize(2);
            r.images().forEach(img -> {
                assertImage(img, 1024, 1024, "image/png");
                assertThat(img.url()).isEmpty();
            });
            assertThat(r.images().get(0).bytes()).isNotEqualTo(r.images().get(1).bytes());
            assertThat(emu.requestCount(Routes.STORAGE)).isZero();
        }
    }

    @Test
    void editsWithAMask(ImageClient client, ProviderEmulator emu) {
        ImageResult r = client.generate(request("hidream-i1-full").prompt("add a rainbow")
                .inputImage(InputImage.of(Images.png(1024, 1024, false), "image/png", "source.png"))
                .mask(InputImage.of(Images.png(1024, 1024, true), "image/png", "mask.png"))
                .size(1024, 1024).outputFormat(OutputFormat.PNG).build());

        assertImage(r.image(), 1024, 1024, "image/png");
        assertThat(emu.requestCount(Routes.LUMENFALL_EDITS)).isEqualTo(1);
        RecordedCall edit = emu.requests().stream().filter(c -> c.route().equals(Routes.LUMENFALL_EDITS)).findFirst()
                .orElseThrow();
        assertThat(edit.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("multipart/form-data"));
        assertThat(edit.bodyAsString()).contains("name=\"mask\"").contains("name=\"image\"");
    }

    /**
     * Issue 12: the catalog let gif and avif through (Lumenfall lists them for every model, docs.lumenfall.ai/
     * unified-model-behavior) while the emulator refused them after the paid POST. Now both take them.
     */
    @ParameterizedTest
    @EnumSource(CallMode.class)
    void gifAndAvifAreGenerated(CallMode mode, ImageClient client, ProviderEmulator emu) {
        ImageResult gif = mode.generate(client, request("hidream-i1-fast").size(832, 1248).outputFormat(OutputFormat.GIF)
                .build());
        ImageResult avif = mode.generate(client, request("hidream-i1-full").size(1792, 1024).outputFormat(OutputFormat.AVIF)
                .build());

        assertImage(gif.image(), 832, 1248, "image/gif");
        // the emulator's AVIF is a container with a placeholder payload: type and size are read from its header
        assertThat(avif.image().mediaType()).isEqualTo("image/avif");
        assertThat(avif.image().size()).isEqualTo(ImageSize.of(1792, 1024));
        assertThat(new String(avif.image().bytes(), 4, 8, StandardCharsets.US_ASCII)).isEqualTo("ftypavif");
        assertThat(emu.requestCount(Routes.LUMENFALL_GENERATIONS)).isEqualTo(2);
        assertThat(emu.requests()).extracting(RecordedCall::bodyAsString).anySatisfy(b -> assertThat(b)
                .contains("\"output_format\":\"gif\"")).anySatisfy(b -> assertThat(b).contains("\"output_format\":\"avif\""));
    }

    /**
     * Issue 12: the emulator took 999x999 and edits on -dev and -fast, which the catalog refuses; now both refuse them,
     * and the SDK refuses them before anything is sent.
     */
    @ParameterizedTest
    @EnumSource(CallMode.class)
    void whatTheCatalogRefusesIsNeverSent(CallMode mode, ImageClient client, ProviderEmulator emu) {
        assertThatThrownBy(() -> mode.generate(client, request("hidream-i1-full").size(999, 999).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).contains("size");
                    assertThat(e.allowed()).contains("1024x1024", "1792x1024").doesNotContain("999x999");
                    assertThat(e.httpStatus()).isEmpty();
                });
        for (String model : new String[] {"hidream-i1-dev", "hidream-i1-fast"}) {
            assertThatThrownBy(() -> mode.generate(client, request(model).prompt("add a rainbow")
                    .inputImage(InputImage.of(Images.png(64, 64, false), "image/png", "source.png")).build()))
                    .as(model).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.field()).contains("inputImage");
                        assertThat(e.httpStatus()).isEmpty();
                    });
        }
        assertThat(emu.requests()).as("nothing reached the emulator").isEmpty();
    }
}
