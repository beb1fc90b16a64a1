package dev.imagegen.provider.fal;

import dev.imagegen.ImageRequest;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.JobHandle;
import dev.imagegen.spi.ProviderConfig;
import dev.imagegen.spi.WireBody;
import dev.imagegen.spi.WireRequest;
import dev.imagegen.testing.TestImages;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The submit request: URL, headers and the JSON body byte for byte, per model; options and raw fields. */
class FalRequestTest extends FalTestBase {

    private static final FalProviderFactory FACTORY = new FalProviderFactory();

    private static ModelInfo model(String id) {
        return FACTORY.models().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    private static ImageProvider provider(Map<String, String> options) {
        return FACTORY.create(new ProviderConfig(ID, "https://queue.fal.run", options));
    }

    private static String body(WireRequest r) {
        return new String(((WireBody.JsonBody) r.body()).bytes(), StandardCharsets.UTF_8);
    }

    /** Sends one generation to the test server and returns the submit as the server saw it. */
    private RecordedRequest sent(ImageRequest request) throws Exception {
        server.enqueue(submitted("r1", 0));
        server.enqueue(completed("r1"));
        server.enqueue(result("r1", base() + "/storage/r1.jpg"));
        server.enqueue(dev.imagegen.testing.Fixtures.image(TestImages.jpeg(16, 16), "image/jpeg"));
        client().generate(request).image().bytes();
        return recorded().get(0);
    }

    @Test
    void fullWithEveryFieldIsSentByteForByte() throws Exception {
        RecordedRequest r = sent(request("hidream-i1-full").size(1344, 768).negativePrompt("blurry").steps(40)
                .guidanceScale(4.5).seed(42L).count(2).outputFormat(OutputFormat.PNG).safetyChecker(false).build());
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/fal-ai/hidream-i1-full");
        assertThat(r.getUrl().encodedQuery()).isNull();
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Key " + KEY);
        assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(r.getBody().utf8()).isEqualTo("{\"prompt\":\"a red fox in the snow\",\"image_size\":{\"width\":1344,"
                + "\"height\":768},\"negative_prompt\":\"blurry\",\"num_inference_steps\":40,\"guidance_scale\":4.5,"
                + "\"seed\":42,\"num_images\":2,\"output_format\":\"png\",\"enable_safety_checker\":false}");
    }

    @Test
    void devWithNothingButThePromptGetsTheDefaultSizeAlways() throws Exception {
        RecordedRequest r = sent(request("hidream-i1-dev").build());
        assertThat(r.getUrl().encodedPath()).isEqualTo("/fal-ai/hidream-i1-dev");
        assertThat(r.getBody().utf8()).isEqualTo("{\"prompt\":\"a red fox in the snow\",\"image_size\":{\"width\":1024,"
                + "\"height\":1024},\"num_images\":1}");
    }

    @Test
    void fastWithStepsSeedAndJpeg() throws Exception {
        RecordedRequest r = sent(request("hidream-i1-fast").size(768, 1344).steps(16).seed(196619188014358660L)
                .outputFormat(OutputFormat.of("jpg")).safetyChecker(true).negativePrompt("text, watermark").build());
        assertThat(r.getUrl().encodedPath()).isEqualTo("/fal-ai/hidream-i1-fast");
        assertThat(r.getBody().utf8()).isEqualTo("{\"prompt\":\"a red fox in the snow\",\"image_size\":{\"width\":768,"
                + "\"height\":1344},\"negative_prompt\":\"text, watermark\",\"num_inference_steps\":16,"
                + "\"seed\":196619188014358660,\"num_images\":1,\"output_format\":\"jpeg\",\"enable_safety_checker\":true}");
    }

    @Test
    void theCatalogRejectsWhatFalsSchemaDoesNotTakeBeforeSending() {
        assertThatThrownBy(() -> client().generate(request("hidream-i1-dev").guidanceScale(3.0).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("guidanceScale"));
        assertThatThrownBy(() -> client().generate(request("hidream-i1-full").steps(51).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("steps"));
        assertThatThrownBy(() -> client().generate(request("hidream-i1-fast").size(1000, 1000).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("size"));
        assertThatThrownBy(() -> client().generate(request("hidream-i1-fast").outputFormat(OutputFormat.WEBP).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).hasValue("outputFormat"));
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void rawFieldsAreMergedLastNullIsSentAndTheWebhookGoesIntoTheQuery() throws Exception {
        Map<String, Object> loras = new java.util.LinkedHashMap<>();
        loras.put("path", "https://example.com/lora.safetensors");
        loras.put("scale", 0.8);
        RecordedRequest r = sent(request("hidream-i1-full").negativePrompt("x").seed(1L)
                .providerOption(ID, "image_size", "landscape_16_9")
                .providerOption(ID, "negative_prompt", null)
                .providerOption(ID, "loras", List.of(loras))
                .providerOption(ID, "fal_webhook", "https://example.com/hook?a=1&b=2").build());
        assertThat(r.getUrl().encodedQuery()).isEqualTo("fal_webhook=https%3A%2F%2Fexample.com%2Fhook%3Fa%3D1%26b%3D2");
        assertThat(r.getBody().utf8()).isEqualTo("{\"prompt\":\"a red fox in the snow\",\"image_size\":\"landscape_16_9\","
                + "\"negative_prompt\":null,\"seed\":1,\"num_images\":1,\"loras\":[{\"path\":\"https://example.com/lora.safetensors\",\"scale\":0.8}]}");
    }

    @Test
    void webhookOptionAndStartTimeoutOption() throws Exception {
        server.enqueue(submitted("r1", 0));
        ImageRequest req = request().build();
        client(builder().providerOption(ID, FalOptions.WEBHOOK_URL, "https://hooks.example/fal")
                .providerOption(ID, FalOptions.START_TIMEOUT, "30")).submit(req);
        RecordedRequest r = recorded().get(0);
        assertThat(r.getUrl().encodedQuery()).isEqualTo("fal_webhook=https%3A%2F%2Fhooks.example%2Ffal");
        assertThat(r.getHeaders().get("x-fal-request-timeout")).isEqualTo("30");
        assertThat(r.getBody().utf8()).doesNotContain("webhook");
    }

    @Test
    void aRequestCanTurnTheWebhookOffWithABlankField() {
        WireRequest w = provider(Map.of(FalOptions.WEBHOOK_URL, "https://hooks.example/fal"))
                .prepare(request().providerOption(ID, "fal_webhook", "").build(), model("hidream-i1-dev"));
        assertThat(w.url()).isEqualTo("https://queue.fal.run/fal-ai/hidream-i1-dev");
    }

    @Test
    void theSubmitIsPaidAndTheCancelIsAPutOnTheCancelUrl() {
        ImageProvider p = provider(Map.of());
        WireRequest submit = p.prepare(request().build(), model("hidream-i1-dev"));
        assertThat(submit.method()).isEqualTo("POST");
        assertThat(submit.paid()).isTrue();
        assertThat(submit.operation()).isEqualTo("submit");
        assertThat(submit.headers()).extracting(Map.Entry::getKey).doesNotContain("Authorization");
        Map<String, String> attributes = new HashMap<>();
        attributes.put(FalProvider.ATTR_CANCEL, "https://queue.fal.run/fal-ai/hidream-i1-dev/requests/r1/cancel");
        WireRequest cancel = p.cancelRequest(new JobHandle(ID, "hidream-i1-dev", "r1",
                "https://queue.fal.run/fal-ai/hidream-i1-dev/requests/r1/status?logs=1", attributes)).orElseThrow();
        assertThat(cancel.method()).isEqualTo("PUT");
        assertThat(cancel.url()).isEqualTo("https://queue.fal.run/fal-ai/hidream-i1-dev/requests/r1/cancel");
        assertThat(cancel.operation()).isEqualTo("cancel");
        assertThat(cancel.paid()).isFalse();
    }

    @Test
    void badOptionValuesFailTheBuild() {
        assertThatThrownBy(() -> builder().providerOption(ID, FalOptions.START_TIMEOUT, "1").build())
                .hasMessageContaining("startTimeout");
        assertThatThrownBy(() -> builder().providerOption(ID, FalOptions.START_TIMEOUT, "soon").build())
                .hasMessageContaining("startTimeout");
    }

    @Test
    void statusResultAndCancelUrlsDropTheSubPathAndKeepANamespace() {
        assertThat(FalProvider.appPath("fal-ai/hidream-i1-full")).isEqualTo("fal-ai/hidream-i1-full");
        assertThat(FalProvider.appPath("fal-ai/hidream-i1-full/image-to-image")).isEqualTo("fal-ai/hidream-i1-full");
        assertThat(FalProvider.appPath("workflows/me/my-flow/run")).isEqualTo("workflows/me/my-flow");
    }
}
