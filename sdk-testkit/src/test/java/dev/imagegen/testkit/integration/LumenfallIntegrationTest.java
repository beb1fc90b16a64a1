package dev.imagegen.testkit.integration;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InputImage;
import dev.imagegen.OutputFormat;
import dev.imagegen.testkit.EmulatedProviders;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.RecordedCall;
import dev.imagegen.testkit.Routes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.imagegen.testkit.integration.Images.assertImage;
import static org.assertj.core.api.Assertions.assertThat;

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
}
