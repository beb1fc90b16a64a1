package dev.imagegen.testkit.integration;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.JobState;
import dev.imagegen.OutputFormat;
import dev.imagegen.testkit.EmulatedProviders;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.imagegen.testkit.integration.Images.assertImage;
import static org.assertj.core.api.Assertions.assertThat;

/** The WaveSpeed provider against the emulator: submit and poll, URL and base64 outputs, resumable jobs. */
@EmulatedProviders
class WaveSpeedIntegrationTest {

    private static ImageRequest.Builder request(String model) {
        return ImageRequest.builder().provider("wavespeed").model(model).prompt("a hot air balloon");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hidream-i1-dev", "hidream-i1-full", "hidream-i1-fast"})
    void everyModelSyncWithUrlAndAsyncWithBase64(String model, ImageClient client, ProviderEmulator emu) {
        ImageResult url = client.generate(request(model).size(768, 512).seed(3L).outputFormat(OutputFormat.PNG).build());
        ImageResult b64 = client.generateAsync(request(model).size(512, 640).outputFormat(OutputFormat.JPEG)
                .providerOption("wavespeed", "enable_base64_output", true).build()).join();

        assertThat(url.provider()).isEqualTo("wavespeed");
        assertImage(url.image(), 768, 512, "image/png");
        assertThat(url.image().url()).hasValueSatisfying(u -> assertThat(u).contains("/storage/"));
        assertImage(b64.image(), 512, 640, "image/jpeg");
        assertThat(b64.image().url()).isEmpty();
        assertThat(emu.requestCount(Routes.WAVESPEED_SUBMIT)).isEqualTo(2);
    }

    @Test
    void base64ProviderOption(ProviderEmulator emu) {
        try (ImageClient client = EmulatorClients.builder(emu).providerOption("wavespeed", "base64Output", "true").build()) {
            ImageResult r = client.generate(request("hidream-i1-fast").size(1536, 512).outputFormat(OutputFormat.PNG)
                    .build());
            assertImage(r.image(), 1536, 512, "image/png");
            assertThat(r.image().url()).isEmpty();
            assertThat(emu.requestCount(Routes.STORAGE)).isZero();
        }
    }

    @Test
    void aJobThatTakesTimeIsPolledToCompletion() {
        try (ProviderEmulator emu = ProviderEmulator.builder().processingTime(Duration.ofMillis(500)).start();
             ImageClient client = EmulatorClients.builder(emu).pollInterval(Duration.ofMillis(25), Duration.ofMillis(100))
                     .build()) {
            ImageJob job = client.submit(request("hidream-i1-dev").size(1024, 1024).outputFormat(OutputFormat.PNG).build());
            List<JobState> states = new CopyOnWriteArrayList<>();
            job.onStatus(s -> states.add(s.state()));
            assertThat(job.status().state().isTerminal()).isFalse();

            ImageResult r = job.await(Duration.ofSeconds(20));

            assertImage(r.image(), 1024, 1024, "image/png");
            assertThat(emu.requestCount(Routes.WAVESPEED_RESULT)).isGreaterThanOrEqualTo(3);
            assertThat(new ArrayList<>(states)).contains(JobState.SUCCEEDED);
            assertThat(r.timings().total()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
    }

    @Test
    void aSubmittedJobResumesFromANewClient() {
        try (ProviderEmulator emu = ProviderEmulator.builder().processingTime(Duration.ofMillis(300)).start()) {
            String ref;
            try (ImageClient first = EmulatorClients.client(emu)) {
                ref = first.submit(request("hidream-i1-full").size(640, 640).outputFormat(OutputFormat.JPEG).build())
                        .ref();
            }
            try (ImageClient second = EmulatorClients.builder(emu)
                    .pollInterval(Duration.ofMillis(25), Duration.ofMillis(100)).build()) {
                ImageResult r = second.resume(ref).await(Duration.ofSeconds(20));
                assertImage(r.image(), 640, 640, "image/jpeg");
            }
            assertThat(emu.requestCount(Routes.WAVESPEED_SUBMIT)).isEqualTo(1);
        }
    }
}
