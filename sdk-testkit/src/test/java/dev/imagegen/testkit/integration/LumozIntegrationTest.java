package dev.imagegen.testkit.integration;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InputImage;
import dev.imagegen.OutputFormat;
import dev.imagegen.SpeedMode;
import dev.imagegen.testkit.EmulatedProviders;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.RecordedCall;
import dev.imagegen.testkit.Routes;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.imagegen.testkit.integration.Images.assertImage;
import static org.assertj.core.api.Assertions.assertThat;

/** The LumozAI provider against the emulator: HiDream and the FLUX kawaii model, text and image to image. */
@EmulatedProviders
class LumozIntegrationTest {

    @Test
    void hidreamSyncAndAsync(ImageClient client, ProviderEmulator emu) {
        ImageRequest.Builder b = ImageRequest.builder().provider("lumoz").model("hidream-l1").prompt("a koi pond");

        ImageResult sync = client.generate(b.size(1168, 880).seed(5L).outputFormat(OutputFormat.PNG)
                .speedMode(SpeedMode.QUALITY).build());
        ImageResult async = client.generateAsync(b.size(768, 1360).outputFormat(OutputFormat.JPEG).outputQuality(90)
                .build()).join();
        ImageResult webp = client.generate(b.size(1024, 1024).outputFormat(OutputFormat.WEBP).build());

        assertThat(sync.provider()).isEqualTo("lumoz");
        assertThat(sync.seed()).hasValue(5L);
        assertImage(sync.image(), 1168, 880, "image/png");
        assertThat(sync.image().url()).isPresent();
        assertImage(async.image(), 768, 1360, "image/jpeg");
        assertImage(webp.image(), 1024, 1024, "image/webp");
        assertThat(emu.requestCount(Routes.LUMOZ_RUN)).isEqualTo(3);
        assertThat(emu.requests().get(0).header("Authorization")).hasValue("Bearer " + emu.apiKey());
    }

    @Test
    void fluxAspectRatioAndMegapixels(ImageClient client) {
        ImageRequest.Builder b = ImageRequest.builder().provider("lumoz").model("flux-cute-3d-kawaii")
                .prompt("Cute 3d Kawaii cat").outputFormat(OutputFormat.PNG);

        ImageResult full = client.generate(b.aspectRatio("16:9").megapixels(1.0).build());
        ImageResult quarter = client.generateAsync(b.aspectRatio("2:3").megapixels(0.25).build()).join();

        assertImage(full.image(), 1344, 768, "image/png");
        assertImage(quarter.image(), 416, 608, "image/png");
    }

    @Test
    void fluxImageToImageWithStrengthAndLoraScale(ImageClient client, ProviderEmulator emu) {
        ImageResult r = client.generate(ImageRequest.builder().provider("lumoz").model("flux-cute-3d-kawaii")
                .prompt("Cute 3d Kawaii house").inputImage(InputImage.of(Images.png(256, 256, false)))
                .strength(0.6).loraScale(0.8).aspectRatio("1:1").megapixels(0.25).outputFormat(OutputFormat.JPEG)
                .build());

        assertImage(r.image(), 512, 512, "image/jpeg");
        RecordedCall run = emu.requests().stream().filter(c -> c.route().equals(Routes.LUMOZ_RUN)).findFirst()
                .orElseThrow();
        String body = run.bodyAsString();
        assertThat(body).contains("0.6").contains("0.8");
    }

    @Test
    void asynchronousRunIsPolledAtCheck() {
        try (ProviderEmulator emu = ProviderEmulator.builder().lumozAsync(true).processingTime(Duration.ofMillis(200))
                .start();
             ImageClient client = EmulatorClients.builder(emu).pollInterval(Duration.ofMillis(20), Duration.ofMillis(100))
                     .build()) {
            ImageResult r = client.generate(ImageRequest.builder().provider("lumoz").model("hidream-l1")
                    .prompt("async lumoz").size(1024, 1024).outputFormat(OutputFormat.PNG).build());

            assertImage(r.image(), 1024, 1024, "image/png");
            assertThat(emu.requestCount(Routes.LUMOZ_RUN)).isEqualTo(1);
            assertThat(emu.requestCount(Routes.LUMOZ_CHECK)).isGreaterThanOrEqualTo(1);
        }
    }
}
