package dev.imagegen.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WaveSpeedRoutesTest extends EmulatorTestSupport {
    static ProviderEmulator emu;

    @BeforeAll
    static void start() {
        emu = ProviderEmulator.builder().processingTime(Duration.ofMillis(300)).start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static String submitUrl(ProviderEmulator e, String version, String model) {
        return e.baseUrl("wavespeed") + "/api/" + version + "/wavespeed-ai/" + model;
    }

    static JsonNode submit(ProviderEmulator e, String body) {
        HttpResponse<byte[]> r = postJson(submitUrl(e, "v2", "hidream-i1-dev"), body, "Authorization", bearer(e));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        return json(r);
    }

    static JsonNode awaitCompleted(ProviderEmulator e, String getUrl) {
        return awaitValue(() -> json(get(getUrl, "Authorization", bearer(e))),
                n -> !n.at("/data/status").asText().equals("created")
                        && !n.at("/data/status").asText().equals("processing"), Duration.ofSeconds(10));
    }

    @Test
    void authFailureUsesTheEnvelope() {
        HttpResponse<byte[]> r = postJson(submitUrl(emu, "v2", "hidream-i1-dev"), "{\"prompt\":\"x\"}",
                "Authorization", "Bearer wrong");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).get("code").asInt()).isEqualTo(401);
        assertThat(json(r).get("message").asText()).isNotBlank();
        assertThat(json(r).at("/data/error").asText()).isNotBlank();
    }

    @Test
    void sizeSeedAndTypesAreValidated() {
        String[][] cases = {
            {"{\"prompt\":\"x\",\"size\":\"2048*1024\"}", "size"},
            {"{\"prompt\":\"x\",\"size\":\"1024x1024\"}", "size"},
            {"{\"prompt\":\"x\",\"seed\":10000000000}", "seed"},
            {"{\"prompt\":\"x\",\"enable_base64_output\":\"yes\"}", "enable_base64_output"},
            {"{\"prompt\":\"x\",\"output_format\":\"webp\"}", "output_format"},
            {"{\"size\":\"1024*1024\"}", "prompt"},
        };
        for (String[] c : cases) {
            HttpResponse<byte[]> r = postJson(submitUrl(emu, "v2", "hidream-i1-full"), c[0], "Authorization",
                    bearer(emu));
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(json(r).get("code").asInt()).isEqualTo(400);
            assertThat(json(r).at("/data/error").asText()).as(c[0]).contains(c[1]);
        }
        HttpResponse<byte[]> model = postJson(submitUrl(emu, "v2", "flux-dev"), "{\"prompt\":\"x\"}",
                "Authorization", bearer(emu));
        assertThat(model.statusCode()).isEqualTo(404);
        assertThat(json(model).get("code").asInt()).isEqualTo(404);
    }

    @Test
    void submitThenPollProgressesToCompletedWithAStorageUrl() {
        Instant before = Instant.now().minusSeconds(1);
        JsonNode sub = submit(emu, "{\"prompt\":\"HiDream on wavespeed.ai\",\"size\":\"768*1280\",\"seed\":42,"
                + "\"enable_base64_output\":false,\"enable_safety_checker\":true,\"output_format\":\"png\"}");
        JsonNode data = sub.get("data");
        assertThat(sub.get("code").asInt()).isEqualTo(200);
        assertThat(sub.get("message").asText()).isEqualTo("success");
        assertThat(data.get("status").asText()).isEqualTo("created");
        assertThat(data.get("model").asText()).isEqualTo("wavespeed-ai/hidream-i1-dev");
        assertThat(data.get("outputs")).isEmpty();
        assertThat(data.get("has_nsfw_contents")).isEmpty();
        assertThat(data.get("error").asText()).isEmpty();
        assertThat(Instant.parse(data.get("created_at").asText())).isAfter(before);
        String id = data.get("id").asText();
        String getUrl = data.at("/urls/get").asText();
        assertThat(getUrl).isEqualTo(emu.baseUrl("wavespeed") + "/api/v2/predictions/" + id + "/result");
        List<String> seen = new ArrayList<>();
        JsonNode done = awaitValue(() -> {
            JsonNode n = json(get(getUrl, "Authorization", bearer(emu)));
            seen.add(n.at("/data/status").asText());
            return n;
        }, n -> n.at("/data/status").asText().equals("completed"), Duration.ofSeconds(10));
        assertThat(seen).last().isEqualTo("completed");
        assertThat(seen).allSatisfy(s -> assertThat(s).isIn("created", "processing", "completed"));
        assertThat(seen).as("the job was seen in progress before completing").contains("processing");
        assertThat(done.at("/data/timings/inference").asLong()).isEqualTo(300);
        assertThat(done.at("/data/has_nsfw_contents/0").asBoolean(true)).isFalse();
        String url = done.at("/data/outputs/0").asText();
        assertThat(url).startsWith(emu.uri() + "/storage/");
        java.awt.image.BufferedImage img = decode(get(url).body());
        assertThat(img.getWidth()).isEqualTo(768);
        assertThat(img.getHeight()).isEqualTo(1280);
        HttpResponse<byte[]> missing = get(emu.baseUrl("wavespeed") + "/api/v2/predictions/nope/result",
                "Authorization", bearer(emu));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("code").asInt()).isEqualTo(404);
    }

    @Test
    void v3PathsWorkAndDefaultToJpeg() {
        HttpResponse<byte[]> r = postJson(submitUrl(emu, "v3", "hidream-i1-fast"), "{\"prompt\":\"v3 job\"}",
                "Authorization", bearer(emu));
        assertThat(r.statusCode()).isEqualTo(200);
        String getUrl = json(r).at("/data/urls/get").asText();
        assertThat(getUrl).contains("/api/v3/predictions/");
        JsonNode done = awaitCompleted(emu, getUrl);
        HttpResponse<byte[]> img = get(done.at("/data/outputs/0").asText());
        assertThat(img.headers().firstValue("content-type")).hasValue("image/jpeg");
        assertThat(decode(img.body()).getWidth()).isEqualTo(1024);
    }

    @Test
    void base64OutputsHonourPrefixAndPaddingOptions() {
        // 1024*1024 jpeg has some length; pick a size whose base64 needs padding by trying a few prompts.
        String body = "{\"prompt\":\"b64\",\"size\":\"512*512\",\"seed\":1,\"enable_base64_output\":true,"
                + "\"output_format\":\"png\",\"enable_sync_mode\":true}";
        try (ProviderEmulator plain = ProviderEmulator.builder().start();
             ProviderEmulator prefixed = ProviderEmulator.builder().wavespeedBase64DataUri(true)
                     .wavespeedBase64Padding(false).start()) {
            String a = submit(plain, body).at("/data/outputs/0").asText();
            String b = submit(prefixed, body).at("/data/outputs/0").asText();
            byte[] png = Base64.getDecoder().decode(a);
            assertThat(decode(png).getWidth()).isEqualTo(512);
            assertThat(a).doesNotStartWith("data:");
            assertThat(a.length() % 4).isZero();
            assertThat(b).startsWith("data:image/png;base64,");
            String payload = b.substring("data:image/png;base64,".length());
            assertThat(payload).doesNotEndWith("=");
            assertThat(Base64.getDecoder().decode(payload)).isEqualTo(png);
            if (png.length % 3 != 0) {
                assertThat(a).endsWith("=");
                assertThat(payload.length()).isLessThan(a.length());
            }
        }
    }

    @Test
    void syncModeAnswersCompletedDirectly() {
        long t0 = System.nanoTime();
        JsonNode r = submit(emu, "{\"prompt\":\"sync\",\"size\":\"512*640\",\"enable_sync_mode\":true}");
        assertThat(System.nanoTime() - t0).as("waited the processing time").isGreaterThanOrEqualTo(
                TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(r.at("/data/status").asText()).isEqualTo("completed");
        assertThat(decode(get(r.at("/data/outputs/0").asText()).body()).getHeight()).isEqualTo(640);
    }

    @Test
    void webhookIsRecordedAndPostedToLoopbackWhenEnabled() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        CompletableFuture<String> got = new CompletableFuture<>();
        receiver.createContext("/hook", ex -> {
            got.complete(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        try (ProviderEmulator hooks = ProviderEmulator.builder().wavespeedWebhooks(true)
                .processingTime(Duration.ofMillis(100)).start()) {
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            HttpResponse<byte[]> r = postJson(submitUrl(hooks, "v2", "hidream-i1-dev") + "?webhook="
                    + URLEncoder.encode(hook, StandardCharsets.UTF_8), "{\"prompt\":\"hooked\",\"size\":\"512*512\"}",
                    "Authorization", bearer(hooks));
            String id = json(r).at("/data/id").asText();
            JsonNode posted = MAPPER.readTree(got.get(10, TimeUnit.SECONDS));
            assertThat(posted.has("code")).as("bare prediction, no envelope").isFalse();
            assertThat(posted.get("id").asText()).isEqualTo(id);
            assertThat(posted.get("status").asText()).isEqualTo("completed");
            assertThat(hooks.requests().get(0).pathAndQuery()).contains("webhook=");
        } finally {
            receiver.stop(0);
        }
    }
}
