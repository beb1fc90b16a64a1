package dev.imagegen.provider.fal;

import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.testing.Fixtures;
import dev.imagegen.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** fal's webhook body through {@link ImageClient#parseWebhook}: what a final poll would give. */
class FalWebhookTest extends FalTestBase {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anOkPayloadIsTheResultWithItsUrlsDownloadedLazilyWithoutTheKey() throws Exception {
        byte[] png = TestImages.png(24, 16);
        server.enqueue(Fixtures.image(png, "image/png"));
        ImageResult r = client().parseUnverifiedWebhook(ID, bytes(Fixtures.text(ID, "webhook-ok.json", "id", "123e4567-e89b",
                "url", base() + "/storage/w1.png")));
        assertThat(r.provider()).isEqualTo("fal");
        assertThat(r.requestId()).hasValue("123e4567-e89b");
        assertThat(r.seed()).hasValue(196619188014358660L);
        assertThat(r.image().url()).hasValue(base() + "/storage/w1.png");
        assertThat(server.getRequestCount()).as("nothing fetched before the bytes are asked for").isZero();
        assertThat(r.image().bytes()).isEqualTo(png);
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isNull();
    }

    @Test
    void anErrorPayloadIsAGenerationFailedExceptionWithTheDetails() {
        assertThatThrownBy(() -> client().parseUnverifiedWebhook(ID, bytes(Fixtures.text(ID, "webhook-error.json", "id", "w2"))))
                .isInstanceOfSatisfying(GenerationFailedException.class, e -> {
                    assertThat(e.vendorMessage()).hasValue("Invalid status code: 422: prompt: field required");
                    assertThat(e.requestId()).hasValue("w2");
                });
    }

    @Test
    void aPayloadThatCouldNotBeSerialisedFailsWithFalsReason() {
        assertThatThrownBy(() -> client().parseUnverifiedWebhook(ID, bytes(Fixtures.text(ID, "webhook-payload-error.json", "id", "w3"))))
                .isInstanceOfSatisfying(GenerationFailedException.class, e -> {
                    assertThat(e.vendorMessage()).hasValue("Response payload is not JSON serializable");
                    assertThat(e.requestId()).hasValue("w3");
                });
    }

    @Test
    void dataUriImagesFromSyncModeAreDecoded() {
        byte[] jpeg = TestImages.jpeg(8, 8);
        String uri = "data:image/jpeg;base64," + java.util.Base64.getEncoder().encodeToString(jpeg);
        ImageResult r = client().parseUnverifiedWebhook(ID, bytes("{\"request_id\":\"w4\",\"status\":\"OK\",\"payload\":{\"images\":"
                + "[{\"url\":\"" + uri + "\",\"width\":8,\"height\":8}],\"seed\":1}}"));
        assertThat(r.image().bytes()).isEqualTo(jpeg);
        assertThat(r.image().url()).isEmpty();
    }

    @Test
    void otherStatusesAndUnreadableBodiesAreInvalidResponses() {
        ImageClient c = client();
        assertThatThrownBy(() -> c.parseUnverifiedWebhook(ID, bytes("{\"request_id\":\"w5\",\"status\":\"IN_PROGRESS\"}")))
                .isInstanceOf(InvalidResponseException.class).hasMessageContaining("IN_PROGRESS");
        assertThatThrownBy(() -> c.parseUnverifiedWebhook(ID, bytes("not json"))).isInstanceOf(InvalidResponseException.class);
        assertThatThrownBy(() -> c.parseUnverifiedWebhook(ID, bytes("{\"request_id\":\"w6\",\"status\":\"OK\",\"payload\":{\"images\":[]}}")))
                .isInstanceOf(InvalidResponseException.class).hasMessageContaining("no images");
    }
}
