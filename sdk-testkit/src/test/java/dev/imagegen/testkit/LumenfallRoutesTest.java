package dev.imagegen.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LumenfallRoutesTest extends EmulatorTestSupport {
    static ProviderEmulator emu;
    static String generations;
    static String edits;

    @BeforeAll
    static void start() {
        emu = ProviderEmulator.start();
        generations = emu.baseUrl("lumenfall") + "/images/generations";
        edits = emu.baseUrl("lumenfall") + "/images/edits";
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    HttpResponse<byte[]> gen(String body) {
        return postJson(generations, body, "Authorization", bearer(emu));
    }

    static void assertError(HttpResponse<byte[]> r, int status, String code, String mentions) {
        assertThat(r.statusCode()).as(text(r)).isEqualTo(status);
        JsonNode e = json(r).get("error");
        assertThat(e.get("code").asText()).isEqualTo(code);
        assertThat(e.get("type").asText()).isNotBlank();
        assertThat(e.get("message").asText()).contains(mentions);
    }

    @Test
    void authFailureIsAuthenticationFailed() {
        assertError(postJson(generations, "{\"model\":\"hidream-i1-full\",\"prompt\":\"x\"}", "Authorization",
                "Bearer wrong"), 401, "AUTHENTICATION_FAILED", "API key");
        assertError(postJson(generations, "{\"model\":\"hidream-i1-full\",\"prompt\":\"x\"}"), 401,
                "AUTHENTICATION_FAILED", "API key");
    }

    @Test
    void validationAndModelErrors() {
        assertError(gen("{\"model\":\"hidream-i1-full\",\"prompt\":\"x\",\"n\":11}"), 400, "INVALID_REQUEST", "n");
        assertError(gen("{\"model\":\"hidream-i1-full\",\"prompt\":\"x\",\"size\":\"1024*1024\"}"), 400,
                "INVALID_REQUEST", "size");
        assertError(gen("{\"model\":\"hidream-i1-full\",\"prompt\":\"x\",\"size\":\"999x999\"}"), 400,
                "INVALID_REQUEST", "size");
        assertError(gen("{\"model\":\"hidream-i1-full\",\"prompt\":\"x\",\"output_format\":\"bmp\"}"), 400,
                "INVALID_REQUEST", "output_format");
        assertError(gen("{\"model\":\"hidream-i1-full\",\"prompt\":\"x\",\"seed\":2147483648}"), 400,
                "INVALID_REQUEST", "seed");
        assertError(gen("{\"model\":\"hidream-i1-full\",\"prompt\":\"x\",\"response_format\":\"file\"}"), 400,
                "INVALID_REQUEST", "response_format");
        assertError(gen("{\"model\":\"hidream-i1-full\",\"prompt\":\"x\",\"seed\":\"1\"}"), 400,
                "INVALID_REQUEST", "seed");
        assertError(gen("{\"model\":\"hidream-i1-full\"}"), 400, "INVALID_REQUEST", "prompt");
        assertError(gen("{\"model\":\"dall-e-3\",\"prompt\":\"x\"}"), 404, "MODEL_NOT_FOUND", "dall-e-3");
    }

    @Test
    void urlOutputsWithHeadersAndPassThroughFields() {
        HttpResponse<byte[]> r = gen("{\"model\":\"hidream-i1-full\",\"prompt\":\"A serene mountain landscape\","
                + "\"n\":2,\"size\":\"880x1168\",\"output_format\":\"webp\",\"quality\":\"hd\",\"style\":\"natural\","
                + "\"user\":\"u1\",\"num_inference_steps\":50,\"guidance_scale\":5.0,\"negative_prompt\":\"blur\","
                + "\"seed\":7,\"enable_safety_checker\":true}");
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Lumenfall-Provider")).hasValue("fal");
        assertThat(r.headers().firstValue("X-Lumenfall-Model")).hasValue("hidream-i1-full");
        assertThat(r.headers().firstValue("X-Lumenfall-Request-Id")).hasValueSatisfying(v ->
                assertThat(v).startsWith("req_"));
        JsonNode body = json(r);
        assertThat(body.get("created").asLong()).isCloseTo(System.currentTimeMillis() / 1000,
                org.assertj.core.data.Offset.offset(60L));
        assertThat(body.get("data")).hasSize(2);
        assertThat(body.at("/data/0/revised_prompt").asText()).isEqualTo("A serene mountain landscape");
        byte[] a = get(body.at("/data/0/url").asText()).body();
        byte[] b = get(body.at("/data/1/url").asText()).body();
        decodeWebp(a, 880, 1168);
        decodeWebp(b, 880, 1168);
        assertThat(a).as("each image of n differs").isNotEqualTo(b);
    }

    @Test
    void b64JsonOutputsDecode() {
        HttpResponse<byte[]> r = gen("{\"model\":\"hidream-i1-dev\",\"prompt\":\"x\",\"size\":\"512x512\","
                + "\"response_format\":\"b64_json\",\"output_format\":\"jpeg\",\"output_compression\":70}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode d = json(r).at("/data/0");
        assertThat(d.has("url")).isFalse();
        BufferedImage img = decode(Base64.getDecoder().decode(d.get("b64_json").asText()));
        assertThat(img.getWidth()).isEqualTo(512);
        assertThat(img.getHeight()).isEqualTo(512);
    }

    /** docs.lumenfall.ai/unified-model-behavior: png, jpeg, gif, webp and avif for every model (issue 12). */
    @Test
    void gifAndAvifAreRendered() {
        HttpResponse<byte[]> gif = gen("{\"model\":\"hidream-i1-fast\",\"prompt\":\"x\",\"size\":\"768x1360\","
                + "\"response_format\":\"b64_json\",\"output_format\":\"gif\"}");
        assertThat(gif.statusCode()).as(text(gif)).isEqualTo(200);
        BufferedImage g = decode(Base64.getDecoder().decode(json(gif).at("/data/0/b64_json").asText()));
        assertThat(new int[] {g.getWidth(), g.getHeight()}).containsExactly(768, 1360);

        HttpResponse<byte[]> avif = gen("{\"model\":\"hidream-i1-dev\",\"prompt\":\"x\",\"size\":\"1536x1024\","
                + "\"output_format\":\"avif\"}");
        assertThat(avif.statusCode()).as(text(avif)).isEqualTo(200);
        HttpResponse<byte[]> file = get(json(avif).at("/data/0/url").asText());
        assertThat(file.headers().firstValue("content-type")).hasValue("image/avif");
        byte[] b = file.body();
        assertThat(new String(b, 4, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ftypavif");
        String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        int ispe = text.indexOf("ispe");
        assertThat(ispe).isPositive();
        java.nio.ByteBuffer dims = java.nio.ByteBuffer.wrap(b, ispe + 8, 8);
        assertThat(new int[] {dims.getInt(), dims.getInt()}).containsExactly(1536, 1024);
        assertThat(text).contains("av01").contains("mdat");
    }

    @Test
    void editsAreForHidreamI1FullOnly() {
        byte[] png = new ImageRenderer().render(new ImageRenderer.Spec(64, 64, "src", 1, ImageFormat.PNG, -1, 0));
        for (String model : new String[] {"hidream-i1-dev", "hidream-i1-fast"}) {
            Multipart m = new Multipart().field("model", model).field("prompt", "Add a starry night sky")
                    .file("image", "a.png", "image/png", png).field("size", "1024x1024");
            assertError(postMultipart(edits, m, "Authorization", bearer(emu)), 400, "INVALID_REQUEST", "image editing");
        }
    }

    @Test
    void dryRunReturnsAnEstimateWithoutGenerating() {
        HttpResponse<byte[]> r = postJson(generations + "?dryRun=true",
                "{\"model\":\"hidream-i1-full\",\"prompt\":\"x\",\"n\":3}", "Authorization", bearer(emu));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode j = json(r);
        // the shape of docs.lumenfall.ai/api-reference/cost-estimation
        assertThat(j.get("estimated").asBoolean()).isTrue();
        assertThat(j.get("total_cost_micros").asLong()).isEqualTo(150_000);
        assertThat(j.get("currency").asText()).isEqualTo("USD");
        assertThat(j.at("/components/0/quantity").asInt()).isEqualTo(3);
        assertThat(j.at("/components/0/unit_price").asDouble()).isEqualTo(0.05);
        assertThat(j.at("/components/0/total_cost").asLong()).isEqualTo(150_000);
        assertThat(j.has("data")).isFalse();
    }

    @Test
    void editsAcceptSeveralImagePartsAndAMask() {
        byte[] png = new ImageRenderer().render(new ImageRenderer.Spec(64, 64, "src", 1, ImageFormat.PNG, -1, 0));
        Multipart m = new Multipart().field("model", "hidream-i1-full").field("prompt", "Add a starry night sky")
                .file("image[]", "a.png", "image/png", png).file("image[]", "b.png", "image/png", new byte[] {9, 9})
                .file("mask", "mask.png", "image/png", png).field("size", "512x512").field("n", "1")
                .field("response_format", "url");
        HttpResponse<byte[]> r = postMultipart(edits, m, "Authorization", bearer(emu));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        BufferedImage out = decode(get(json(r).at("/data/0/url").asText()).body());
        assertThat(out.getWidth()).isEqualTo(512);

        Multipart single = new Multipart().field("model", "hidream-i1-full").field("prompt", "Add a starry night sky")
                .file("image", "a.png", "image/png", png).field("size", "512x512");
        HttpResponse<byte[]> r2 = postMultipart(edits, single, "Authorization", bearer(emu));
        assertThat(r2.statusCode()).isEqualTo(200);
        assertThat(get(json(r2).at("/data/0/url").asText()).body()).as("the input images change the output")
                .isNotEqualTo(get(json(r).at("/data/0/url").asText()).body());

        Multipart none = new Multipart().field("model", "hidream-i1-full").field("prompt", "no image");
        assertError(postMultipart(edits, none, "Authorization", bearer(emu)), 400, "INVALID_REQUEST", "image");
        assertError(postJson(edits, "{}", "Authorization", bearer(emu)), 400, "INVALID_REQUEST", "multipart");
    }
}
