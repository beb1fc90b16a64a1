package dev.imagegen.provider.wavespeed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageJob;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.RequestField;
import dev.imagegen.testing.TestImages;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The submit request: path, headers and the body field by field. */
class WaveSpeedSubmitTest extends WaveSpeedTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedRequest submitOnce(ImageClient client, dev.imagegen.ImageRequest request) throws Exception {
        server.enqueue(WaveSpeedFixtures.created("p1", pollUrl("p1")));
        ImageJob job = client.submit(request);
        assertThat(job.id()).isEqualTo("p1");
        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        return r;
    }

    private static JsonNode body(RecordedRequest r) throws Exception {
        return JSON.readTree(r.getBody().utf8());
    }

    @Test
    void bodyCarriesEachDocumentedFieldWithTheRightType() throws Exception {
        RecordedRequest r = submitOnce(client(), request().size(1024, 1024).seed(42L).build());

        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v2/wavespeed-ai/hidream-i1-dev");
        assertThat(r.getUrl().query()).isNull();
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer k");
        assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode b = body(r);
        assertThat(b.get("prompt").asText()).isEqualTo("a red fox in the snow");
        assertThat(b.get("size").isTextual()).isTrue();
        assertThat(b.get("size").asText()).isEqualTo("1024*1024");
        assertThat(b.get("seed").isIntegralNumber()).isTrue();
        assertThat(b.get("seed").asLong()).isEqualTo(42L);
        assertThat(b.get("enable_base64_output").isBoolean()).isTrue();
        assertThat(b.get("enable_base64_output").asBoolean()).isFalse();
        assertThat(b.get("enable_safety_checker").isBoolean()).isTrue();
        assertThat(b.get("enable_safety_checker").asBoolean()).isTrue();
        assertThat(b.has("output_format")).as("output_format only when asked for").isFalse();
        assertThat(b.has("enable_sync_mode")).isFalse();
        assertThat(b.size()).isEqualTo(5);
    }

    @Test
    void defaultsAreRandomSeedAndTheVendorDefaultSize() throws Exception {
        JsonNode b = body(submitOnce(client(), request().build()));
        assertThat(b.get("seed").asLong()).isEqualTo(-1L);
        assertThat(b.get("size").asText()).isEqualTo("1024*1024");
    }

    @Test
    void sizeSafetyCheckerAndFormatAreTranslated() throws Exception {
        JsonNode b = body(submitOnce(client(), request().model("hidream-i1-full").size(1536, 512).seed(9_999_999_999L)
                .safetyChecker(false).outputFormat(OutputFormat.of("jpg")).build()));
        assertThat(b.get("size").asText()).isEqualTo("1536*512");
        assertThat(b.get("seed").asLong()).isEqualTo(9_999_999_999L);
        assertThat(b.get("enable_safety_checker").asBoolean()).isFalse();
        assertThat(b.get("output_format").asText()).isEqualTo("jpeg");
    }

    @Test
    void vendorModelIdsAreAcceptedAndSentInThePath() throws Exception {
        RecordedRequest r = submitOnce(client(), request().model("wavespeed-ai/hidream-i1-fast").build());
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v2/wavespeed-ai/hidream-i1-fast");
    }

    @Test
    void apiVersionV3ChangesTheSubmitAndFallbackPollPaths() throws Exception {
        ImageClient c = client(builder().providerOption(ID, WaveSpeedOptions.API_VERSION, "v3"));
        // No urls.get in the answer: the provider polls its own v3 result path.
        server.enqueue(WaveSpeedFixtures.json(200, "{\"code\":200,\"message\":\"success\",\"data\":{\"id\":\"p3\",\"status\":\"created\"}}"));
        server.enqueue(WaveSpeedFixtures.completed("p3", "", url("/storage/x.png")));
        server.enqueue(WaveSpeedFixtures.image(TestImages.png(8, 8), "image/png"));
        ImageJob job = c.submit(request().build());
        job.poll();
        List<RecordedRequest> seen = recorded();
        assertThat(lines(seen)).containsExactly("POST /api/v3/wavespeed-ai/hidream-i1-dev", "GET /api/v3/predictions/p3/result", "GET /storage/x.png");
        assertThat(seen.get(1).getHeaders().get("Authorization")).isEqualTo("Bearer k");
    }

    @Test
    void optionsAlsoComeFromTheEnvironment() throws Exception {
        ImageClient c = client(builder().environment(java.util.Map.of("WAVESPEED_API_VERSION", "v3",
                "WAVESPEED_BASE64_OUTPUT", "true", "WAVESPEED_WEBHOOK_URL", "https://h.example/x")));
        RecordedRequest r = submitOnce(c, request().build());
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v3/wavespeed-ai/hidream-i1-dev");
        assertThat(r.getUrl().queryParameter("webhook")).isEqualTo("https://h.example/x");
        assertThat(body(r).get("enable_base64_output").asBoolean()).isTrue();
    }

    @Test
    void anUnknownApiVersionIsRefusedWhenTheClientIsBuilt() {
        assertThatThrownBy(() -> client(builder().providerOption(ID, WaveSpeedOptions.API_VERSION, "v9")))
                .hasMessageContaining("apiVersion").hasMessageContaining("v2 or v3");
    }

    @Test
    void webhookFromTheProviderOptionGoesIntoTheQueryEncoded() throws Exception {
        ImageClient c = client(builder().providerOption(ID, WaveSpeedOptions.WEBHOOK_URL, "https://hooks.example.com/ws?a=1&b=two words"));
        RecordedRequest r = submitOnce(c, request().build());
        assertThat(r.getUrl().encodedQuery()).isEqualTo("webhook=https%3A%2F%2Fhooks.example.com%2Fws%3Fa%3D1%26b%3Dtwo+words");
        assertThat(r.getUrl().queryParameter("webhook")).isEqualTo("https://hooks.example.com/ws?a=1&b=two words");
        assertThat(body(r).has("webhook")).isFalse();
    }

    @Test
    void webhookFromTheRequestWinsAndStaysOutOfTheBody() throws Exception {
        ImageClient c = client(builder().providerOption(ID, WaveSpeedOptions.WEBHOOK_URL, "https://a.example/1"));
        RecordedRequest r = submitOnce(c, request().providerOption(ID, "webhook", "https://b.example/2").build());
        assertThat(r.getUrl().queryParameter("webhook")).isEqualTo("https://b.example/2");
        assertThat(body(r).has("webhook")).isFalse();
    }

    @Test
    void syncModeOptionSendsEnableSyncMode() throws Exception {
        ImageClient c = client(builder().providerOption(ID, WaveSpeedOptions.SYNC_MODE, "true"));
        JsonNode b = body(submitOnce(c, request().build()));
        assertThat(b.get("enable_sync_mode").isBoolean()).isTrue();
        assertThat(b.get("enable_sync_mode").asBoolean()).isTrue();
    }

    @Test
    void rawProviderFieldsAreMergedLastAndFlagsNormalisedToBooleans() throws Exception {
        JsonNode b = body(submitOnce(client(), request().seed(5L)
                .providerOption(ID, "seed", 77)
                .providerOption(ID, "enable_base64_output", "true")
                .providerOption(ID, "enable_sync_mode", false)
                .providerOption(ID, "extra_vendor_field", List.of(1, 2))
                .build()));
        assertThat(b.get("seed").asLong()).isEqualTo(77);
        assertThat(b.get("enable_base64_output").isBoolean()).isTrue();
        assertThat(b.get("enable_base64_output").asBoolean()).isTrue();
        assertThat(b.get("enable_sync_mode").asBoolean()).isFalse();
        assertThat(b.get("extra_vendor_field").toString()).isEqualTo("[1,2]");
    }

    @Test
    void aFlagThatIsNotABooleanIsRejectedBeforeSending() {
        assertThatThrownBy(() -> client().submit(request().providerOption(ID, "enable_base64_output", "yes").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e ->
                        assertThat(e.field()).hasValue("providerOptions.wavespeed.enable_base64_output"));
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void undocumentedFieldsAreRejectedByTheCoreBeforeSending() {
        ImageClient c = client();
        assertThatThrownBy(() -> c.submit(request().steps(28).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("steps"));
        assertThatThrownBy(() -> c.submit(request().guidanceScale(5.0).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("guidanceScale"));
        assertThatThrownBy(() -> c.submit(request().negativePrompt("blurry").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("negativePrompt"));
        assertThatThrownBy(() -> c.submit(request().size(1537, 1024).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.allowed()).contains("512..1536 per side"));
        assertThatThrownBy(() -> c.submit(request().outputFormat(OutputFormat.WEBP).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.allowed()).containsExactly("jpeg", "png"));
        assertThatThrownBy(() -> c.submit(request().seed(10_000_000_000L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("seed"));
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void catalogListsTheThreeVariants() {
        List<ModelInfo> models = new WaveSpeedProviderFactory().models();
        assertThat(models).extracting(ModelInfo::id).containsExactly("hidream-i1-dev", "hidream-i1-full", "hidream-i1-fast");
        assertThat(models).extracting(ModelInfo::vendorId)
                .containsExactly("wavespeed-ai/hidream-i1-dev", "wavespeed-ai/hidream-i1-full", "wavespeed-ai/hidream-i1-fast");
        for (ModelInfo m : models) {
            assertThat(m.minSide()).isEqualTo(512);
            assertThat(m.maxSide()).isEqualTo(1536);
            assertThat(m.asynchronous()).isTrue();
            assertThat(m.accepts(RequestField.SAFETY_CHECKER)).isTrue();
            assertThat(m.accepts(RequestField.STEPS)).isFalse();
            assertThat(m.maxCountPerCall()).isEqualTo(1);
        }
        WaveSpeedProviderFactory f = new WaveSpeedProviderFactory();
        assertThat(f.defaultBaseUrl()).isEqualTo("https://api.wavespeed.ai");
        assertThat(f.authScheme()).isEqualTo(dev.imagegen.spi.AuthScheme.bearer());
    }
}
