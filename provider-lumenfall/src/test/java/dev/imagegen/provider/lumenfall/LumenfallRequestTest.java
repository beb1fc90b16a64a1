package dev.imagegen.provider.lumenfall;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InputImage;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.OutputFormat;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.Fixtures;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static dev.imagegen.provider.lumenfall.LumenfallTestSupport.KEY;
import static dev.imagegen.provider.lumenfall.LumenfallTestSupport.b64Response;
import static dev.imagegen.provider.lumenfall.LumenfallTestSupport.bodyJson;
import static dev.imagegen.provider.lumenfall.LumenfallTestSupport.multipart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The wire requests, field by field, as MockWebServer receives them. */
class LumenfallRequestTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakeTime time;
    ImageClient client;

    @BeforeEach
    void setUp() {
        time = new FakeTime();
        client = LumenfallTestSupport.client(server, time, Map.of());
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    static String png64() {
        return Base64.getEncoder().encodeToString(TestImages.png(32, 32));
    }

    @Test
    void generationCarriesEveryNeutralFieldUnderItsWireName() throws Exception {
        server.enqueue(b64Response(png64()));
        client.generate(ImageRequest.builder().model("hidream-i1-full").prompt("a lemon \uD83C\uDF4B on a table")
                .count(3).size(1360, 768).outputFormat(OutputFormat.WEBP).outputQuality(80)
                .negativePrompt("blurry").steps(50).guidanceScale(5.0).seed(42L).safetyChecker(false).build());

        RecordedRequest req = server.takeRequest();
        assertThat(req.getMethod()).isEqualTo("POST");
        assertThat(req.getUrl().encodedPath()).isEqualTo("/openai/v1/images/generations");
        assertThat(req.getUrl().query()).isNull();
        assertThat(req.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(req.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = bodyJson(req);
        assertThat(fieldNames(body)).containsExactly("model", "prompt", "n", "size", "response_format", "output_format",
                "output_compression", "negative_prompt", "num_inference_steps", "guidance_scale", "seed",
                "enable_safety_checker");
        assertThat(body.get("model").textValue()).isEqualTo("hidream-i1-full");
        assertThat(body.get("prompt").textValue()).isEqualTo("a lemon \uD83C\uDF4B on a table");
        assertThat(new String(req.getBody().toByteArray(), java.nio.charset.StandardCharsets.UTF_8))
                .as("emoji sent as UTF-8, not escaped").contains("\uD83C\uDF4B");
        assertThat(body.get("n").isInt()).isTrue();
        assertThat(body.get("n").intValue()).isEqualTo(3);
        assertThat(body.get("size").textValue()).isEqualTo("1360x768");
        assertThat(body.get("response_format").textValue()).isEqualTo("url");
        assertThat(body.get("output_format").textValue()).isEqualTo("webp");
        assertThat(body.get("output_compression").intValue()).isEqualTo(80);
        assertThat(body.get("negative_prompt").textValue()).isEqualTo("blurry");
        assertThat(body.get("num_inference_steps").intValue()).isEqualTo(50);
        assertThat(body.get("guidance_scale").isNumber()).isTrue();
        assertThat(body.get("guidance_scale").doubleValue()).isEqualTo(5.0);
        assertThat(body.get("seed").longValue()).isEqualTo(42L);
        assertThat(body.get("enable_safety_checker").isBoolean()).isTrue();
        assertThat(body.get("enable_safety_checker").booleanValue()).isFalse();
    }

    @Test
    void minimalGenerationSendsOnlyModelPromptCountAndResponseFormat() throws Exception {
        server.enqueue(b64Response(png64()));
        client.generate(ImageRequest.builder().model("hidream-i1-fast").prompt("x").build());
        JsonNode body = bodyJson(server.takeRequest());
        assertThat(fieldNames(body)).containsExactly("model", "prompt", "n", "response_format");
        assertThat(body.get("model").textValue()).isEqualTo("hidream-i1-fast");
        assertThat(body.get("n").intValue()).isEqualTo(1);
    }

    @Test
    void jpegIsSentAsJpeg() throws Exception {
        server.enqueue(b64Response(png64()));
        client.generate(ImageRequest.builder().model("hidream-i1-dev").prompt("x").outputFormat(OutputFormat.of("jpg")).build());
        assertThat(bodyJson(server.takeRequest()).get("output_format").textValue()).isEqualTo("jpeg");
    }

    @Test
    void providerOptionsAreMergedLastAndWin() throws Exception {
        server.enqueue(b64Response(png64()));
        client.generate(ImageRequest.builder().model("hidream-i1-full").prompt("x").steps(30).seed(7L)
                .providerOption("lumenfall", "response_format", "b64_json")
                .providerOption("lumenfall", "num_inference_steps", 12)
                .providerOption("lumenfall", "quality", "high")
                .providerOption("lumenfall", "style", "natural")
                .providerOption("lumenfall", "user", "user-1234")
                .providerOption("lumenfall", "seed", null)
                .providerOption("other-provider", "user", "not-me")
                .build());
        JsonNode body = bodyJson(server.takeRequest());
        assertThat(body.get("response_format").textValue()).isEqualTo("b64_json");
        assertThat(body.get("num_inference_steps").intValue()).isEqualTo(12);
        assertThat(body.get("quality").textValue()).isEqualTo("high");
        assertThat(body.get("style").textValue()).isEqualTo("natural");
        assertThat(body.get("user").textValue()).isEqualTo("user-1234");
        assertThat(body.has("seed")).as("a null option removes the field").isFalse();
        assertThat(fieldNames(body)).doesNotHaveDuplicates();
    }

    @Test
    void responseFormatOptionSetsTheDefault() throws Exception {
        client.close();
        client = LumenfallTestSupport.client(server, time, Map.of(LumenfallOptions.RESPONSE_FORMAT, "b64_json"));
        server.enqueue(b64Response(png64()));
        client.generate(ImageRequest.builder().model("hidream-i1-full").prompt("x").build());
        assertThat(bodyJson(server.takeRequest()).get("response_format").textValue()).isEqualTo("b64_json");
    }

    @Test
    void optionsComeFromTheEnvironmentToo() throws Exception {
        try (ImageClient fromEnv = ImageClient.builder().discoverProviders(false)
                .addProvider(new LumenfallProviderFactory())
                .environment(Map.of("LUMENFALL_API_KEY", KEY, "LUMENFALL_BASE_URL", server.url("/openai/v1").toString(),
                        "LUMENFALL_RESPONSE_FORMAT", "b64_json"))
                .sleeper(time).clock(time).build()) {
            server.enqueue(b64Response(png64()));
            fromEnv.generate(ImageRequest.builder().model("hidream-i1-full").prompt("x").build());
            RecordedRequest req = server.takeRequest();
            assertThat(req.getUrl().encodedPath()).isEqualTo("/openai/v1/images/generations");
            assertThat(req.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
            assertThat(bodyJson(req).get("response_format").textValue()).isEqualTo("b64_json");
        }
        assertThatThrownBy(() -> ImageClient.builder().discoverProviders(false).addProvider(new LumenfallProviderFactory())
                .environment(Map.of("LUMENFALL_API_KEY", KEY, "LUMENFALL_RESPONSE_FORMAT", "png")).build())
                .hasMessageContaining("responseFormat").hasMessageContaining("b64_json");
    }

    @Test
    void countAboveTenIsSplitIntoCallsOfAtMostTen() throws Exception {
        for (int i = 0; i < 2; i++) {
            server.enqueue(b64Response(png64()));
        }
        client.generate(ImageRequest.builder().model("hidream-i1-fast").prompt("x").count(12).build());
        List<Integer> ns = new ArrayList<>();
        ns.add(bodyJson(server.takeRequest()).get("n").intValue());
        ns.add(bodyJson(server.takeRequest()).get("n").intValue());
        assertThat(ns).containsExactlyInAnyOrder(10, 2);
    }

    @Test
    void singleImageEditIsMultipartWithAnImagePart() throws Exception {
        byte[] source = TestImages.png(40, 30);
        server.enqueue(b64Response(png64()));
        ImageResult result = client.generate(ImageRequest.builder().model("hidream-i1-full").prompt("Add a starry night sky")
                .inputImage(InputImage.of(source, "image/png", "source.png")).size(1024, 1024).count(2).build());
        assertThat(result.images()).hasSize(1);

        RecordedRequest req = server.takeRequest();
        assertThat(req.getMethod()).isEqualTo("POST");
        assertThat(req.getUrl().encodedPath()).isEqualTo("/openai/v1/images/edits");
        assertThat(req.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        List<Fixtures.Part> parts = multipart(req);
        assertThat(parts).extracting(Fixtures.Part::name)
                .containsExactly("model", "prompt", "n", "size", "response_format", "image");
        assertThat(text(parts, "model")).isEqualTo("hidream-i1-full");
        assertThat(text(parts, "prompt")).isEqualTo("Add a starry night sky");
        assertThat(text(parts, "n")).isEqualTo("2");
        assertThat(text(parts, "size")).isEqualTo("1024x1024");
        assertThat(text(parts, "response_format")).isEqualTo("url");
        for (Fixtures.Part p : parts) {
            if (!p.name().equals("image")) {
                assertThat(p.fileName()).as("text field %s has no file name", p.name()).isNull();
            }
        }
        Fixtures.Part image = parts.get(parts.size() - 1);
        assertThat(image.fileName()).isEqualTo("source.png");
        assertThat(image.contentType()).isEqualTo("image/png");
        assertThat(image.data()).isEqualTo(source);
    }

    @Test
    void severalImagesGoAsImageArrayPartsAndTheMaskAsMask() throws Exception {
        byte[] a = TestImages.png(16, 16);
        byte[] b = TestImages.jpeg(24, 24);
        byte[] mask = TestImages.png(16, 16);
        server.enqueue(b64Response(png64()));
        client.generate(ImageRequest.builder().model("hidream-i1-full").prompt("combine")
                .addInputImage(InputImage.of(a, "image/png", "a.png"))
                .addInputImage(InputImage.of(b, "image/jpeg", "b.jpg"))
                .mask(InputImage.of(mask, "image/png", "mask.png"))
                .outputFormat(OutputFormat.PNG).outputQuality(90).seed(5L)
                .providerOption("lumenfall", "user", "u-1").build());

        List<Fixtures.Part> parts = multipart(server.takeRequest());
        assertThat(parts).filteredOn(p -> p.fileName() != null)
                .extracting(Fixtures.Part::name, Fixtures.Part::fileName,
                        Fixtures.Part::contentType)
                .containsExactly(tuple("image[]", "a.png", "image/png"), tuple("image[]", "b.jpg", "image/jpeg"),
                        tuple("mask", "mask.png", "image/png"));
        assertThat(parts.stream().filter(p -> "image[]".equals(p.name())).map(Fixtures.Part::data))
                .containsExactly(a, b);
        assertThat(parts.stream().filter(p -> "mask".equals(p.name())).findFirst().orElseThrow().data()).isEqualTo(mask);
        assertThat(text(parts, "output_format")).isEqualTo("png");
        assertThat(text(parts, "output_compression")).isEqualTo("90");
        assertThat(text(parts, "seed")).isEqualTo("5");
        assertThat(text(parts, "user")).isEqualTo("u-1");
    }

    @Test
    void multiImageFieldNameIsConfigurable() throws Exception {
        client.close();
        client = LumenfallTestSupport.client(server, time, Map.of(LumenfallOptions.MULTI_IMAGE_FIELD, "image"));
        server.enqueue(b64Response(png64()));
        client.generate(ImageRequest.builder().model("hidream-i1-full").prompt("combine")
                .addInputImage(InputImage.of(TestImages.png(8, 8), "image/png", "a.png"))
                .addInputImage(InputImage.of(TestImages.png(8, 8), "image/png", "b.png")).build());
        assertThat(multipart(server.takeRequest())).filteredOn(p -> p.fileName() != null)
                .extracting(Fixtures.Part::name).containsExactly("image", "image");
    }

    @Test
    void editsOnModelsWithoutAnEditModeFailBeforeSending() {
        assertThatThrownBy(() -> client.generate(ImageRequest.builder().model("hidream-i1-fast").prompt("x")
                .inputImage(InputImage.of(TestImages.png(8, 8))).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("inputImage"));
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void outOfRangeStepsAndGuidanceFailBeforeSending() {
        assertThatThrownBy(() -> client.generate(ImageRequest.builder().model("hidream-i1-full").prompt("x").steps(101).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).contains("steps");
                    assertThat(e.allowed()).containsExactly("1..100");
                });
        assertThatThrownBy(() -> client.generate(ImageRequest.builder().model("hidream-i1-dev").prompt("x").guidanceScale(20.5).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("guidanceScale"));
        assertThat(server.getRequestCount()).isZero();
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    static String text(List<Fixtures.Part> parts, String name) {
        List<Fixtures.Part> named = parts.stream().filter(p -> name.equals(p.name())).toList();
        assertThat(named).as("parts named %s", name).hasSize(1);
        return named.get(0).text();
    }
}
