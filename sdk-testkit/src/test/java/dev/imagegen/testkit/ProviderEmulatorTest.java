package dev.imagegen.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderEmulatorTest extends EmulatorTestSupport {

    @Test
    void baseUrlsPortAndUri() {
        try (ProviderEmulator emu = ProviderEmulator.start()) {
            String root = "http://127.0.0.1:" + emu.port();
            assertThat(emu.uri().toString()).isEqualTo(root);
            assertThat(emu.baseUrl("lumoz")).isEqualTo(root);
            assertThat(emu.baseUrl("segmind")).isEqualTo(root);
            assertThat(emu.baseUrl("wavespeed")).isEqualTo(root);
            assertThat(emu.baseUrl("lumenfall")).isEqualTo(root + "/openai/v1");
            assertThat(emu.baseUrl("fal")).isEqualTo(root);
            assertThat(emu.apiKey()).isEqualTo("emulator-key");
            assertThatThrownBy(() -> emu.baseUrl("openai")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lumoz").hasMessageContaining("segmind")
                    .hasMessageContaining("wavespeed").hasMessageContaining("lumenfall").hasMessageContaining("fal");
        }
    }

    @Test
    void startsQuicklyAndCloseIsIdempotentAndFreesThePort() throws Exception {
        long t0 = System.nanoTime();
        ProviderEmulator emu = ProviderEmulator.start();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("start ms").isLessThan(1000);
        int port = emu.port();
        emu.close();
        emu.close();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("HTTP-Dispatcher"))
                .allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
    }

    @Test
    void customKeyIsTheOnlyKeyAccepted() {
        try (ProviderEmulator emu = ProviderEmulator.builder().apiKey("k-123").start()) {
            String url = emu.baseUrl("lumenfall") + "/images/generations?dryRun=true";
            String body = "{\"model\":\"hidream-i1-fast\",\"prompt\":\"x\"}";
            assertThat(postJson(url, body, "Authorization", "Bearer k-123").statusCode()).isEqualTo(200);
            assertThat(postJson(url, body, "Authorization", "Bearer emulator-key").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void requestLogIsBoundedButCountsAreNot() {
        try (ProviderEmulator emu = ProviderEmulator.builder().requestLogLimit(3).start()) {
            for (int i = 0; i < 5; i++) {
                get(emu.uri() + "/storage/missing-" + i + ".png");
            }
            postJson(emu.uri() + "/nowhere", "{\"a\":1}", "X-Trace", "t1");
            List<RecordedCall> log = emu.requests();
            assertThat(log).hasSize(3);
            assertThat(log.get(0).path()).isEqualTo("/storage/missing-3.png");
            assertThat(log.get(2).route()).isEqualTo(Routes.UNMATCHED);
            assertThat(log.get(2).method()).isEqualTo("POST");
            assertThat(log.get(2).bodyAsString()).isEqualTo("{\"a\":1}");
            assertThat(log.get(2).header("x-trace")).hasValue("t1");
            assertThat(log.get(2).headers().get("X-TRACE")).containsExactly("t1");
            assertThat(log.get(2).receivedAt()).isNotNull();
            assertThat(emu.requestCount(Routes.STORAGE)).isEqualTo(5);
            assertThat(emu.requestCount(Routes.UNMATCHED)).isEqualTo(1);
            emu.clearRequests();
            assertThat(emu.requests()).isEmpty();
            assertThat(emu.requestCount(Routes.STORAGE)).isZero();
            assertThatThrownBy(() -> emu.requestCount("storage.get")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void storageIs404ForUnknownFilesAndNeedsNoAuth() {
        try (ProviderEmulator emu = ProviderEmulator.start()) {
            HttpResponse<byte[]> r = get(emu.uri() + "/storage/nothing.png");
            assertThat(r.statusCode()).isEqualTo(404);
            HttpResponse<byte[]> unmatched = get(emu.uri() + "/api/v9/whatever");
            assertThat(unmatched.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void fixedImageIsServedByEveryRoute() throws IOException {
        byte[] payload = new byte[1 << 20];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        try (ProviderEmulator emu = ProviderEmulator.builder().fixedImage(payload, "image/png").start()) {
            HttpResponse<byte[]> seg = postJson(emu.baseUrl("segmind") + "/v1/hidream-l1-fast",
                    "{\"prompt\":\"x\"}", "x-api-key", emu.apiKey());
            assertThat(seg.statusCode()).isEqualTo(200);
            assertThat(seg.headers().firstValue("content-type")).hasValue("image/png");
            assertThat(seg.body()).isEqualTo(payload);
            HttpResponse<byte[]> lf = postJson(emu.baseUrl("lumenfall") + "/images/generations",
                    "{\"model\":\"hidream-i1-full\",\"prompt\":\"x\"}", "Authorization", bearer(emu));
            String url = json(lf).at("/data/0/url").asText();
            assertThat(url).endsWith(".png");
            assertThat(get(url).body()).isEqualTo(payload);
        }
    }
}
