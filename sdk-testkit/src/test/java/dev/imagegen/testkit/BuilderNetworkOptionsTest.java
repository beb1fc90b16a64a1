package dev.imagegen.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code host}, {@code port} and {@code acceptAnyApiKey}: what the emulator program is built on. */
class BuilderNetworkOptionsTest extends EmulatorTestSupport {

    @Test
    void theGivenHostNameIsTheOneItsUrlsName() {
        try (ProviderEmulator emu = ProviderEmulator.builder().host("localhost").start()) {
            assertThat(emu.uri().toString()).isEqualTo("http://localhost:" + emu.port());
            assertThat(emu.baseUrl("lumenfall")).isEqualTo("http://localhost:" + emu.port() + "/openai/v1");
            assertThat(get(emu.uri() + "/storage/none.png").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void everyInterfaceIsReachedThroughLoopbackUrls() {
        try (ProviderEmulator emu = ProviderEmulator.builder().host("0.0.0.0").start()) {
            assertThat(emu.uri().toString()).isEqualTo("http://127.0.0.1:" + emu.port());
            assertThat(get(emu.uri() + "/storage/none.png").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void onEveryInterfaceTheUrlsInAnswersNameTheHostTheClientCalled() {
        try (ProviderEmulator emu = ProviderEmulator.builder().host("0.0.0.0").acceptAnyApiKey().start()) {
            String origin = "http://localhost:" + emu.port(); // another name than the 127.0.0.1 of emu.uri()
            HttpResponse<byte[]> r = postJson(origin + "/api/v3/wavespeed-ai/hidream-i1-fast", "{\"prompt\":\"x\"}",
                    "Authorization", "Bearer ws-anything");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("\"get\":\"" + origin + "/api/v3/predictions/");
        }
        try (ProviderEmulator emu = ProviderEmulator.builder().acceptAnyApiKey().start()) { // 127.0.0.1 only
            HttpResponse<byte[]> r = postJson("http://localhost:" + emu.port() + "/api/v3/wavespeed-ai/hidream-i1-fast",
                    "{\"prompt\":\"x\"}", "Authorization", "Bearer ws-anything");
            assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
                    .as("bound to one address, its URLs name that address").contains("\"get\":\"" + emu.uri() + "/api/v3/");
        }
    }

    @Test
    void aGivenPortIsUsed() throws IOException {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        try (ProviderEmulator emu = ProviderEmulator.builder().port(free).start()) {
            assertThat(emu.port()).isEqualTo(free);
        }
        assertThatThrownBy(() -> ProviderEmulator.builder().port(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProviderEmulator.builder().host(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptAnyApiKeyTakesEveryNonBlankKeyInEachVendorsScheme() {
        try (ProviderEmulator emu = ProviderEmulator.builder().acceptAnyApiKey().start()) {
            String segmind = emu.baseUrl("segmind") + "/v1/hidream-l1-fast";
            String segmindBody = "{\"prompt\":\"x\",\"seed\":1,\"output_format\":\"png\"}";
            assertThat(postJson(segmind, segmindBody, "x-api-key", "sg-anything").statusCode()).isEqualTo(200);
            assertThat(postJson(segmind, segmindBody, "x-api-key", " ").statusCode()).isEqualTo(401);
            assertThat(postJson(segmind, segmindBody).statusCode()).isEqualTo(401);

            String fal = emu.baseUrl("fal") + "/fal-ai/hidream-i1-fast";
            HttpResponse<byte[]> submitted = postJson(fal, "{\"prompt\":\"x\"}", "Authorization", "Key fal-anything");
            assertThat(submitted.statusCode()).isEqualTo(200);
            assertThat(postJson(fal, "{\"prompt\":\"x\"}", "Authorization", "Bearer fal-anything").statusCode())
                    .isEqualTo(401);

            String wavespeed = emu.baseUrl("wavespeed") + "/api/v3/wavespeed-ai/hidream-i1-fast";
            assertThat(postJson(wavespeed, "{\"prompt\":\"x\"}", "Authorization", "Bearer ws-anything").statusCode())
                    .isEqualTo(200);
            assertThat(emu.apiKey()).as("still a key that works").isEqualTo("emulator-key");
        }
    }
}
