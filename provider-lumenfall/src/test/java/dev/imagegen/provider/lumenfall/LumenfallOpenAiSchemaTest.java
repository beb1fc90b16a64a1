package dev.imagegen.provider.lumenfall;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.InputImage;
import dev.imagegen.OutputFormat;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.Fixtures;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.imagegen.provider.lumenfall.LumenfallTestSupport.b64Response;
import static dev.imagegen.provider.lumenfall.LumenfallTestSupport.bodyJson;
import static dev.imagegen.provider.lumenfall.LumenfallTestSupport.fixtureJson;
import static dev.imagegen.provider.lumenfall.LumenfallTestSupport.multipart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bodies sent agree with the OpenAI schemas Lumenfall follows, as excerpted in
 * {@code fixtures/lumenfall/openai-schema-excerpt.json}: every field is either an OpenAI property (with a value of
 * its type, inside its enum or bounds) or one of the HiDream upstream fields Lumenfall passes through.
 */
class LumenfallOpenAiSchemaTest {

    static final JsonNode SCHEMA = fixtureJson("openai-schema-excerpt.json");

    @StartStop
    final MockWebServer server = new MockWebServer();

    ImageClient client;

    @BeforeEach
    void setUp() {
        client = LumenfallTestSupport.client(server, new FakeTime(), Map.of());
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void generationBodyFitsCreateImageRequest() throws Exception {
        for (OutputFormat format : LumenfallCatalog.FORMATS) {
            server.enqueue(b64Response(Base64.getEncoder().encodeToString(TestImages.png(8, 8))));
            client.generate(ImageRequest.builder().model("hidream-i1-full").prompt("x").count(10).size(1024, 1536)
                    .outputFormat(format).outputQuality(0).negativePrompt("n").steps(1).guidanceScale(0.0)
                    .seed(-1L).safetyChecker(true)
                    .providerOption("lumenfall", "quality", "hd").providerOption("lumenfall", "style", "vivid")
                    .providerOption("lumenfall", "user", "user-1").build());
            JsonNode body = bodyJson(server.takeRequest());
            Map<String, JsonNode> fields = new java.util.LinkedHashMap<>();
            body.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
            assertFits("CreateImageRequest", fields);
        }
    }

    @Test
    void editBodyFitsCreateImageEditRequest() throws Exception {
        server.enqueue(b64Response(Base64.getEncoder().encodeToString(TestImages.png(8, 8))));
        client.generate(ImageRequest.builder().model("hidream-i1-full").prompt("x").count(2).size(1024, 1024)
                .addInputImage(InputImage.of(TestImages.png(8, 8))).addInputImage(InputImage.of(TestImages.png(8, 8)))
                .mask(InputImage.of(TestImages.png(8, 8))).outputFormat(OutputFormat.JPEG).outputQuality(50)
                .steps(20).build());
        Map<String, JsonNode> fields = new java.util.LinkedHashMap<>();
        Set<String> files = new HashSet<>();
        for (Fixtures.Part p : multipart(server.takeRequest())) {
            if (p.fileName() != null) {
                files.add(p.name());
            } else {
                // multipart values are text: read numbers back as numbers, as a form-decoding server does
                String t = p.text();
                fields.put(p.name(), t.matches("-?\\d+") ? LumenfallTestSupport.MAPPER.getNodeFactory().numberNode(Long.parseLong(t))
                        : LumenfallTestSupport.MAPPER.getNodeFactory().textNode(t));
            }
        }
        assertFits("CreateImageEditRequest", fields);
        JsonNode props = SCHEMA.path("CreateImageEditRequest").path("properties");
        for (String file : files) {
            String base = file.endsWith("[]") ? file.substring(0, file.length() - 2) : file;
            assertThat(props.path(base).path("type").asText()).as("file part %s", file).isEqualTo("binary");
        }
        assertThat(files).containsExactlyInAnyOrder("image[]", "mask");
    }

    @Test
    void imagesResponseAndErrorFixturesUseOnlySchemaFields() {
        for (String name : List.of("images-response-url.json", "images-response-b64.json")) {
            JsonNode r = fixtureJson(name);
            r.fieldNames().forEachRemaining(f ->
                    assertThat(SCHEMA.path("ImagesResponse").path("properties").has(f)).as("%s in ImagesResponse", f).isTrue());
            r.path("data").forEach(item -> item.fieldNames().forEachRemaining(f ->
                    assertThat(SCHEMA.path("Image").path("properties").has(f)).as("%s in Image", f).isTrue()));
        }
        for (String code : List.of("authentication-failed", "insufficient-balance", "invalid-request", "model-not-found",
                "model-disabled", "rate-limited", "all-providers-exhausted", "upstream-error")) {
            JsonNode e = fixtureJson("error-" + code + ".json").path("error");
            e.fieldNames().forEachRemaining(f ->
                    assertThat(SCHEMA.path("Error").path("properties").has(f)).as("%s in Error", f).isTrue());
        }
    }

    @Test
    void theCheckItselfRejectsWhatTheSchemaDoesNotAllow() {
        var nodes = LumenfallTestSupport.MAPPER.getNodeFactory();
        Map<String, JsonNode> ok = Map.of("prompt", nodes.textNode("x"), "n", nodes.numberNode(2));
        assertFits("CreateImageRequest", ok);
        assertThat(List.<Map<String, JsonNode>>of(
                Map.of("prompt", nodes.textNode("x"), "bogus", nodes.textNode("y")),
                Map.of("prompt", nodes.textNode("x"), "response_format", nodes.textNode("base64")),
                Map.of("prompt", nodes.textNode("x"), "output_format", nodes.textNode("bmp")),
                Map.of("prompt", nodes.textNode("x"), "n", nodes.numberNode(11)),
                Map.of("prompt", nodes.textNode("x"), "seed", nodes.textNode("42")),
                Map.of("n", nodes.numberNode(1))))
                .allSatisfy(bad -> assertThatThrownBy(() -> assertFits("CreateImageRequest", bad))
                        .as("%s", bad).isInstanceOf(AssertionError.class));
    }

    private static void assertFits(String schemaName, Map<String, JsonNode> fields) {
        JsonNode props = SCHEMA.path(schemaName).path("properties");
        JsonNode upstream = SCHEMA.path("lumenfall").path("upstreamFields");
        Set<String> extensions = new HashSet<>();
        SCHEMA.path("lumenfall").path("outputFormatExtensions").forEach(n -> extensions.add(n.asText()));
        SCHEMA.path(schemaName).path("required").forEach(req -> {
            if (!req.asText().equals("image")) {
                assertThat(fields).as("required %s", req.asText()).containsKey(req.asText());
            }
        });
        fields.forEach((name, value) -> {
            JsonNode spec = props.has(name) ? props.get(name) : upstream.get(name);
            assertThat(spec).as("field %s is an OpenAI property or a HiDream upstream field", name).isNotNull();
            String type = spec.path("type").asText();
            switch (type) {
                case "string" -> assertThat(value.isTextual()).as("%s is a string", name).isTrue();
                case "integer" -> assertThat(value.isIntegralNumber()).as("%s is an integer", name).isTrue();
                case "number" -> assertThat(value.isNumber()).as("%s is a number", name).isTrue();
                case "boolean" -> assertThat(value.isBoolean()).as("%s is a boolean", name).isTrue();
                default -> throw new AssertionError("unexpected type " + type + " for " + name);
            }
            if (spec.has("enum")) {
                Set<String> allowed = new HashSet<>();
                spec.get("enum").forEach(v -> allowed.add(v.asText()));
                if (name.equals("output_format")) {
                    allowed.addAll(extensions);
                }
                assertThat(allowed).as("allowed values of %s", name).contains(value.asText());
            }
            if (spec.has("minimum")) {
                assertThat(value.asLong()).as("%s >= minimum", name).isGreaterThanOrEqualTo(spec.get("minimum").asLong());
            }
            if (spec.has("maximum")) {
                assertThat(value.asLong()).as("%s <= maximum", name).isLessThanOrEqualTo(spec.get("maximum").asLong());
            }
            if (name.equals("size")) {
                assertThat(value.asText()).as("size is WIDTHxHEIGHT").matches("\\d+x\\d+");
            }
        });
    }
}
