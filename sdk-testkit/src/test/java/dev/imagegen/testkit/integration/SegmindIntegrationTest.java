package dev.imagegen.testkit.integration;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.OutputFormat;
import dev.imagegen.SpeedMode;
import dev.imagegen.testkit.EmulatedProviders;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.imagegen.testkit.integration.Images.assertImage;
import static org.assertj.core.api.Assertions.assertThat;

/** The Segmind provider against the emulator, through {@link ImageClient}: v1 raw bytes and the v2 queue. */
@EmulatedProviders
class SegmindIntegrationTest {

    private static ImageRequest.Builder request() {
        return ImageRequest.builder().provider("segmind").model("hidream-i1-fast").prompt("a lighthouse at dawn");
    }

    @Test
    void generatesRawPngAtTheRequestedHiDreamSize(ImageClient client, ProviderEmulator emu) {
        ImageResult r = client.generate(request().size(1360, 768).seed(42L).outputFormat(OutputFormat.PNG)
                .speedMode(SpeedMode.FAST).build());

        assertThat(r.provider()).isEqualTo("segmind");
        assertThat(r.model()).isEqualTo("hidream-l1-fast");
        assertThat(r.seed()).hasValue(42L);
        assertThat(r.cost()).hasValueSatisfying(c -> assertThat(c.amount()).isEqualByComparingTo("0.0123"));
        assertImage(r.image(), 1360, 768, "image/png");
        assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(1);
        assertThat(emu.requests().get(0).path()).isEqualTo("/v1/hidream-l1-fast");
    }

    @Test
    void generatesAsyncJpegAndWebp(ImageClient client) {
        ImageResult jpeg = client.generateAsync(request().size(768, 1360).outputFormat(OutputFormat.JPEG).build())
                .join();
        ImageResult webp = client.generateAsync(request().size(880, 1168).outputFormat(OutputFormat.WEBP).build())
                .join();

        assertImage(jpeg.image(), 768, 1360, "image/jpeg");
        assertImage(webp.image(), 880, 1168, "image/webp");
    }

    @Test
    void queueOptionSubmitsToV2AndPollsToAUrlOutput(ProviderEmulator emu) {
        try (ImageClient client = EmulatorClients.builder(emu).providerOption("segmind", "queue", "true")
                .pollInterval(Duration.ofMillis(20), Duration.ofMillis(100)).build()) {
            ImageResult sync = client.generate(request().size(1248, 832).outputFormat(OutputFormat.PNG).build());
            ImageResult async = client.generateAsync(request().size(832, 1248).outputFormat(OutputFormat.JPEG).build())
                    .join();

            assertImage(sync.image(), 1248, 832, "image/png");
            assertThat(sync.image().url()).hasValueSatisfying(u -> assertThat(u).contains("/storage/"));
            assertImage(async.image(), 832, 1248, "image/jpeg");
            assertThat(emu.requestCount(Routes.SEGMIND_QUEUE_SUBMIT)).isEqualTo(2);
            assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isZero();
            assertThat(emu.requestCount(Routes.STORAGE)).isEqualTo(2);
        }
    }

    @Test
    void queuedJobResumesFromANewClient(ProviderEmulator emu) {
        String ref;
        try (ImageClient first = EmulatorClients.builder(emu).providerOption("segmind", "queue", "true").build()) {
            ImageJob job = first.submit(request().size(1024, 1024).outputFormat(OutputFormat.PNG).build());
            ref = job.ref();
            assertThat(job.providerId()).isEqualTo("segmind");
        }
        try (ImageClient second = EmulatorClients.builder(emu).providerOption("segmind", "queue", "true")
                .pollInterval(Duration.ofMillis(20), Duration.ofMillis(100)).build()) {
            ImageResult r = second.resume(ref).await(Duration.ofSeconds(20));
            assertImage(r.image(), 1024, 1024, "image/png");
        }
        assertThat(emu.requestCount(Routes.SEGMIND_QUEUE_SUBMIT)).isEqualTo(1);
    }
}
