package dev.imagegen.benchmarks;

import dev.imagegen.ImageClient;
import dev.imagegen.provider.lumenfall.LumenfallOptions;
import dev.imagegen.provider.lumenfall.LumenfallProviderFactory;
import dev.imagegen.provider.lumoz.LumozProviderFactory;
import dev.imagegen.provider.segmind.SegmindProviderFactory;
import dev.imagegen.provider.wavespeed.WaveSpeedOptions;
import dev.imagegen.provider.wavespeed.WaveSpeedProviderFactory;
import dev.imagegen.testkit.ProviderEmulator;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The hand-written baselines must be real vendor requests, or the overhead comparison compares different work: the
 * testkit emulator validates every field byte for byte and must accept each of them, as it accepts the SDK's.
 */
class RawCallsMatchTheVendorsTest {

    @Test
    void theEmulatorAcceptsEveryHandWrittenCallAndTheSdkGetsTheSameImage() throws Exception {
        byte[] image = Workloads.image(4096);
        try (ProviderEmulator emu = ProviderEmulator.builder().apiKey(Workloads.KEY).fixedImage(image, "image/png").start()) {
            OkHttpClient http = Workloads.rawClient();
            ImageClient.Builder b = ImageClient.builder().discoverProviders(false).environment(Map.of())
                    .addProvider(new LumozProviderFactory()).addProvider(new SegmindProviderFactory())
                    .addProvider(new WaveSpeedProviderFactory()).addProvider(new LumenfallProviderFactory())
                    .providerOption("wavespeed", WaveSpeedOptions.SYNC_MODE, "true")
                    .providerOption("wavespeed", WaveSpeedOptions.BASE64_OUTPUT, "true")
                    .providerOption("lumenfall", LumenfallOptions.RESPONSE_FORMAT, "b64_json");
            for (String id : Workloads.PROVIDERS) {
                b.apiKey(id, Workloads.KEY).baseUrl(id, emu.baseUrl(id));
            }
            try (ImageClient client = b.build()) {
                for (String id : Workloads.PROVIDERS) {
                    assertArrayEquals(image, Workloads.raw(http, emu.baseUrl(id), id), id + " raw");
                    assertArrayEquals(image, Workloads.sdk(client, Workloads.request(id)), id + " sdk");
                }
                // the fair floor's careful calls are the same vendor requests
                assertArrayEquals(image, Workloads.floorSegmind(http, emu.baseUrl("segmind")), "segmind floor");
                assertArrayEquals(image, Workloads.floorLumenfall(http, emu.baseUrl("lumenfall"), "b64_json"), "lumenfall floor b64_json");
                assertArrayEquals(image, Workloads.floorLumenfall(http, emu.baseUrl("lumenfall"), "url"), "lumenfall floor url");
                assertArrayEquals(image, Workloads.floorLumenfallStreamed(http, emu.baseUrl("lumenfall")), "lumenfall floor streamed");
            } finally {
                http.dispatcher().executorService().shutdown();
            }
        }
    }
}
