package dev.imagegen.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SegmindRoutesTest extends EmulatorTestSupport {
    static ProviderEmulator emu;
    static String v1;

    @BeforeAll
    static void start() {
        emu = ProviderEmulator.start();
        v1 = emu.baseUrl("segmind") + "/v1/hidream-l1-fast";
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static ObjectNode body() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("seed", -1);
        n.put("prompt", "a cute panda holding a sign that says \"Keep Calm and Keep Building\"");
        n.put("model_type", "fast");
        n.put("resolution", "1024 \u00d7 1024 (Square)");
        n.put("speed_mode", "Lightly Juiced \ud83c\udf4a (more consistent)");
        n.put("output_format", "webp");
        n.put("output_quality", 100);
        return n;
    }

    HttpResponse<byte[]> post(String url, JsonNode body) {
        return postJson(url, body.toString(), "x-api-key", emu.apiKey());
    }

    @Test
    void missingOrWrongKeyIs401WithErrorField() {
        HttpResponse<byte[]> r = postJson(v1, body().toString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).get("error").asText()).isNotBlank();
        assertThat(postJson(v1, body().toString(), "x-api-key", "wrong").statusCode()).isEqualTo(401);
        assertThat(postJson(v1, body().toString(), "Authorization", bearer(emu)).statusCode())
                .as("Segmind wants x-api-key, not a Bearer token").isEqualTo(401);
    }

    @Test
    void happyPathAnswersRawImageBytesWithVendorHeaders() {
        ObjectNode b = body();
        b.put("seed", 1234);
        b.put("output_format", "png");
        b.put("resolution", "768 \u00d7 1360 (Portrait)");
        HttpResponse<byte[]> r = post(v1, b);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(r.headers().firstValue("x-seed-value")).hasValue("1234");
        assertThat(r.headers().firstValue("x-cost")).hasValue("0.0123");
        assertThat(r.headers().firstValue("x-generation-time")).hasValue("0.04");
        assertThat(Double.parseDouble(r.headers().firstValue("x-remaining-credits").orElseThrow()))
                .isLessThan(1000.0).isGreaterThan(990.0);
        assertThat(UUID.fromString(r.headers().firstValue("x-request-id").orElseThrow())).isNotNull();
        BufferedImage img = decode(r.body());
        assertThat(img.getWidth()).isEqualTo(768);
        assertThat(img.getHeight()).isEqualTo(1360);
    }

    @Test
    void randomSeedIsReportedAndReproducesTheImage() {
        HttpResponse<byte[]> r = post(v1, body());
        assertThat(r.headers().firstValue("content-type")).hasValue("image/webp");
        decodeWebp(r.body(), 1024, 1024);
        long seed = Long.parseLong(r.headers().firstValue("x-seed-value").orElseThrow());
        assertThat(seed).isPositive();
        ObjectNode again = body();
        again.put("seed", seed);
        assertThat(post(v1, again).body()).isEqualTo(r.body());
    }

    @Test
    void everyResolutionAndSpeedModeIsAcceptedByteForByte() {
        for (String res : SegmindRoutes.RESOLUTIONS) {
            ObjectNode b = body();
            b.put("resolution", res);
            b.put("output_format", "jpg");
            b.put("output_quality", 50);
            HttpResponse<byte[]> r = post(v1, b);
            assertThat(r.statusCode()).as(res).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValue("image/jpeg");
            BufferedImage img = decode(r.body());
            int[] wh = LumozRoutes.labelSize(res);
            assertThat(new int[] {img.getWidth(), img.getHeight()}).as(res).containsExactly(wh);
        }
        for (String mode : SegmindRoutes.SPEED_MODES) {
            ObjectNode b = body();
            b.put("speed_mode", mode);
            b.put("output_format", "jpg");
            b.put("resolution", "832 \u00d7 1248 (Portrait)");
            assertThat(post(v1, b).statusCode()).as(mode).isEqualTo(200);
        }
        assertThat(SegmindRoutes.RESOLUTIONS).allSatisfy(r -> assertThat(r).contains("\u00d7"));
    }

    @Test
    void invalidFieldsAre400NamingTheField() {
        String[][] cases = {
            {"resolution", "\"1024 x 1024 (Square)\""},
            {"speed_mode", "\"Juiced (more speed)\""},
            {"output_format", "\"gif\""},
            {"output_quality", "0"},
            {"model_type", "\"full\""},
            {"seed", "\"7\""},
            {"seed", "0"},
            {"seed", "-2"},
            {"prompt", "\"\""},
        };
        for (String[] c : cases) {
            ObjectNode b = body();
            try {
                b.set(c[0], MAPPER.readTree(c[1]));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            HttpResponse<byte[]> r = post(v1, b);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(json(r).get("error").asText()).as(c[0]).contains(c[0]);
        }
        HttpResponse<byte[]> broken = postJson(v1, "{\"prompt\":", "x-api-key", emu.apiKey());
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(json(broken).has("error")).isTrue();
    }

    @Test
    void unknownModelWrongMethodAndContentType() {
        HttpResponse<byte[]> nf = post(emu.baseUrl("segmind") + "/v1/sdxl", body());
        assertThat(nf.statusCode()).isEqualTo(404);
        assertThat(json(nf).get("error").asText()).isEqualTo("Model not found");
        HttpResponse<byte[]> html = get(v1, "x-api-key", emu.apiKey());
        assertThat(html.statusCode()).isEqualTo(405);
        assertThat(html.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
        assertThat(text(html)).contains("<html>");
        HttpResponse<byte[]> ct = send(request(v1).header("x-api-key", emu.apiKey())
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body().toString()))
                .build());
        assertThat(ct.statusCode()).isEqualTo(406);
        assertThat(json(ct).get("error").asText()).isEqualTo("Invalid content type");
    }

    @Test
    void multipartIsAcceptedToo() {
        HttpResponse<byte[]> r = postMultipart(v1, new Multipart().field("prompt", "multipart panda")
                .field("seed", "5").field("output_format", "png").field("resolution", "1168 \u00d7 880 (Landscape)"),
                "x-api-key", emu.apiKey());
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        assertThat(decode(r.body()).getWidth()).isEqualTo(1168);
    }

    @Test
    void exhaustedCreditsAre406InsufficientCredits() {
        try (ProviderEmulator poor = ProviderEmulator.builder().segmindCredits(0.02).start()) {
            String url = poor.baseUrl("segmind") + "/v1/hidream-l1-fast";
            ObjectNode b = body();
            b.put("output_format", "png");
            b.put("resolution", "832 \u00d7 1248 (Portrait)");
            HttpResponse<byte[]> ok = postJson(url, b.toString(), "x-api-key", poor.apiKey());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-remaining-credits")).hasValue("0.0077");
            HttpResponse<byte[]> r = postJson(url, b.toString(), "x-api-key", poor.apiKey());
            assertThat(r.statusCode()).isEqualTo(406);
            assertThat(json(r).get("error").asText()).isEqualTo("Insufficient credits");
            assertThat(poor.segmindCredits()).isEqualTo(0.02 - 0.0123, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void queueMovesThroughStatesAndServesTheResultAsUrl() {
        try (ProviderEmulator slow = ProviderEmulator.builder().processingTime(Duration.ofMillis(400)).start()) {
            String base = slow.baseUrl("segmind");
            ObjectNode b = body();
            b.put("output_format", "png");
            b.put("seed", 3);
            HttpResponse<byte[]> sub = postJson(base + "/v2/hidream-l1-fast", b.toString(), "x-api-key", slow.apiKey());
            assertThat(sub.statusCode()).isEqualTo(200);
            String id = json(sub).get("request_id").asText();
            assertThat(json(sub).get("status").asText()).isEqualTo("QUEUED");
            assertThat(UUID.fromString(id)).isNotNull();
            String first = json(get(base + "/v2/requests/" + id + "/status", "x-api-key", slow.apiKey()))
                    .get("status").asText();
            assertThat(first).isIn("QUEUED", "PROCESSING");
            HttpResponse<byte[]> early = get(base + "/v2/requests/" + id, "x-api-key", slow.apiKey());
            assertThat(early.statusCode()).isEqualTo(202);
            JsonNode done = awaitValue(() -> json(get(base + "/v2/requests/" + id + "/status", "x-api-key",
                    slow.apiKey())), n -> n.get("status").asText().equals("COMPLETED"), Duration.ofSeconds(10));
            assertThat(done.get("request_id").asText()).isEqualTo(id);
            HttpResponse<byte[]> res = get(base + "/v2/requests/" + id, "x-api-key", slow.apiKey());
            assertThat(res.statusCode()).isEqualTo(200);
            JsonNode rj = json(res);
            assertThat(rj.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(rj.at("/metrics/cost").asDouble()).isEqualTo(0.0123);
            assertThat(rj.at("/metrics/inference_time").asDouble()).isEqualTo(0.4);
            assertThat(rj.at("/metrics/remaining_credits").isNumber()).isTrue();
            assertThat(decode(get(rj.get("output").asText()).body()).getHeight()).isEqualTo(1024);
            assertThat(get(base + "/v2/requests/nope/status", "x-api-key", slow.apiKey()).statusCode())
                    .isEqualTo(404);
            assertThat(get(base + "/v2/requests/" + id, "x-api-key", "bad").statusCode()).isEqualTo(401);
        }
    }
}
