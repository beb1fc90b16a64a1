package dev.imagegen.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LumozRoutesTest extends EmulatorTestSupport {
    static final String LEMON_SPEED = "Extra Juiced \ud83d\ude80 (even more speed)";
    static ProviderEmulator emu;
    static String run;

    @BeforeAll
    static void start() {
        emu = ProviderEmulator.start();
        run = emu.baseUrl("lumoz") + "/api/v4/run";
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static Map<String, String> hidream() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("model_id", "hidream-l1");
        f.put("seed", "10");
        f.put("prompt", "a purple cheetah holding a sign that says \"LumozAI\"");
        f.put("speed_mode", LEMON_SPEED);
        f.put("resolution", "1360 \u00d7 768 (Landscape)");
        f.put("output_format", "png");
        f.put("output_quality", "80");
        return f;
    }

    @Test
    void wrongKeyGetsTheLumozErrorShape() {
        HttpResponse<byte[]> r = postForm(run, hidream(), "Authorization", "Bearer nope");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).get("success").asBoolean(true)).isFalse();
        assertThat(json(r).get("message").asText()).isEqualTo("Unauthenticated.");
        assertThat(postForm(run, hidream()).statusCode()).as("no Authorization header").isEqualTo(401);
    }

    @Test
    void urlEncodedHidreamWithEmojiAndMultiplicationSignProducesAPngOfTheLabelSize() {
        HttpResponse<byte[]> r = postForm(run, hidream(), "Authorization", bearer(emu), "Accept", "application/json");
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        JsonNode data = json(r).get("data");
        assertThat(json(r).get("success").asBoolean()).isTrue();
        assertThat(data.get("request_id").isIntegralNumber()).isTrue();
        assertThat(data.get("request_id").asText()).hasSize(15);
        assertThat(data.get("output_type").asText()).isEqualTo("image");
        String url = data.get("output").asText();
        assertThat(url).startsWith(emu.uri() + "/storage/").endsWith(".png");
        HttpResponse<byte[]> img = get(url);
        assertThat(img.statusCode()).isEqualTo(200);
        assertThat(img.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage decoded = decode(img.body());
        assertThat(decoded.getWidth()).isEqualTo(1360);
        assertThat(decoded.getHeight()).isEqualTo(768);
    }

    @Test
    void transliteratedStringsAreRejectedNamingTheField() {
        Map<String, String> f = hidream();
        f.put("resolution", "1024 x 1024 (Square)");
        HttpResponse<byte[]> r = postForm(run, f, "Authorization", bearer(emu));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("message").asText()).contains("resolution");
        Map<String, String> g = hidream();
        g.put("speed_mode", "Extra Juiced (even more speed)");
        HttpResponse<byte[]> r2 = postForm(run, g, "Authorization", bearer(emu));
        assertThat(r2.statusCode()).isEqualTo(400);
        assertThat(json(r2).get("message").asText()).contains("speed_mode");
    }

    @Test
    void everyDocumentedSpeedModeAndResolutionIsAccepted() {
        for (String mode : SegmindRoutes.SPEED_MODES) {
            Map<String, String> f = hidream();
            f.put("speed_mode", mode);
            f.put("resolution", "832 \u00d7 1248 (Portrait)");
            f.put("output_format", "jpg");
            assertThat(postForm(run, f, "Authorization", bearer(emu)).statusCode()).as(mode).isEqualTo(200);
        }
        assertThat(SegmindRoutes.SPEED_MODES.get(0).codePoints()).contains(0x1F34B);
        assertThat(SegmindRoutes.SPEED_MODES.get(1).codePoints()).contains(0x1F34A);
        assertThat(SegmindRoutes.SPEED_MODES.get(2).codePoints()).contains(0x1F525);
        assertThat(SegmindRoutes.SPEED_MODES.get(3).codePoints()).contains(0x1F680);
    }

    @Test
    void multipartFluxWithImageAtQuarterMegapixelGivesAHalvedWebp() {
        Multipart m = new Multipart().field("model_id", "flux-cute-3d-kawaii")
                .field("prompt", "Cute 3d Kawaii, a cartoon figure").field("aspect_ratio", "16:9")
                .field("megapixels", "0.25").field("prompt_strength", "0.8").field("num_inference_steps", "28")
                .field("guidance", "3").field("lora_scale", "1").field("seed", "").field("output_format", "webp")
                .field("output_quality", "80")
                .file("image", "in.png", "image/png", new byte[] {1, 2, 3, 4});
        HttpResponse<byte[]> r = postMultipart(run, m, "Authorization", bearer(emu));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        String url = json(r).at("/data/output").asText();
        assertThat(url).endsWith(".webp");
        HttpResponse<byte[]> img = get(url);
        assertThat(img.headers().firstValue("Content-Type")).hasValue("image/webp");
        decodeWebp(img.body(), 672, 384);
        assertThat(emu.requests()).anySatisfy(c -> {
            assertThat(c.route()).isEqualTo(Routes.LUMOZ_RUN);
            assertThat(c.header("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("multipart/"));
        });
    }

    @Test
    void fluxFieldRangesAreValidated() {
        Map<String, String[]> bad = Map.of(
                "aspect_ratio", new String[] {"7:3"},
                "megapixels", new String[] {"2"},
                "prompt_strength", new String[] {"1.5"},
                "num_inference_steps", new String[] {"51"},
                "guidance", new String[] {"10.5"},
                "lora_scale", new String[] {"-2"},
                "output_format", new String[] {"gif"},
                "output_quality", new String[] {"101"},
                "seed", new String[] {"abc"});
        bad.forEach((field, values) -> {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("model_id", "flux-cute-3d-kawaii");
            f.put("prompt", "x");
            f.put(field, values[0]);
            HttpResponse<byte[]> r = postForm(run, f, "Authorization", bearer(emu));
            assertThat(r.statusCode()).as(field).isEqualTo(400);
            assertThat(json(r).get("success").asBoolean(true)).isFalse();
            assertThat(json(r).get("message").asText()).as(field).contains(field);
        });
        Map<String, String> noPrompt = Map.of("model_id", "flux-cute-3d-kawaii");
        assertThat(json(postForm(run, noPrompt, "Authorization", bearer(emu))).get("message").asText())
                .contains("prompt");
    }

    @Test
    void unknownModelIs404AndMissingModelIs400() {
        HttpResponse<byte[]> r = postForm(run, Map.of("model_id", "sdxl", "prompt", "x"), "Authorization", bearer(emu));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("success").asBoolean(true)).isFalse();
        assertThat(json(r).get("message").asText()).contains("sdxl");
        HttpResponse<byte[]> r2 = postForm(run, Map.of("prompt", "x"), "Authorization", bearer(emu));
        assertThat(r2.statusCode()).isEqualTo(400);
        assertThat(json(r2).get("message").asText()).contains("model_id");
    }

    @Test
    void sameSeedAndPromptGiveIdenticalBytes() {
        byte[] a = get(json(postForm(run, hidream(), "Authorization", bearer(emu))).at("/data/output").asText()).body();
        byte[] b = get(json(postForm(run, hidream(), "Authorization", bearer(emu))).at("/data/output").asText()).body();
        assertThat(b).isEqualTo(a);
    }

    @Test
    void asyncModeAnswersAnIdAndCheckProgressesToTheOutput() {
        try (ProviderEmulator async = ProviderEmulator.builder().lumozAsync(true)
                .processingTime(Duration.ofMillis(300)).start()) {
            HttpResponse<byte[]> r = postForm(async.baseUrl("lumoz") + "/api/v4/run", hidream(),
                    "Authorization", bearer(async));
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode data = json(r).get("data");
            long id = data.get("request_id").asLong();
            assertThat(data.has("output")).isFalse();
            String check = async.baseUrl("lumoz") + "/api/v4/check";
            JsonNode first = json(postForm(check, Map.of("request_id", Long.toString(id)),
                    "Authorization", bearer(async)));
            assertThat(first.at("/data/status").asText()).isEqualTo("processing");
            assertThat(first.at("/data/request_id").asLong()).isEqualTo(id);
            JsonNode done = awaitValue(() -> json(get(check + "?request_id=" + id, "Authorization", bearer(async))),
                    n -> n.at("/data/output").isTextual(), Duration.ofSeconds(10));
            assertThat(done.get("success").asBoolean()).isTrue();
            assertThat(done.at("/data/output_type").asText()).isEqualTo("image");
            assertThat(decode(get(done.at("/data/output").asText()).body()).getWidth()).isEqualTo(1360);
            HttpResponse<byte[]> unknown = get(check + "?request_id=1", "Authorization", bearer(async));
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(json(unknown).get("success").asBoolean(true)).isFalse();
        }
    }
}
