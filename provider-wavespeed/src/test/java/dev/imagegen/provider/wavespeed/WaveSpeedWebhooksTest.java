package dev.imagegen.provider.wavespeed;

import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The webhook body (the bare prediction object) through {@link ImageClient#parseWebhook}. */
class WaveSpeedWebhooksTest extends WaveSpeedTestBase {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void completedPredictionWithAUrlIsDownloadedLazilyWithoutTheKey() throws Exception {
        byte[] png = TestImages.png(30, 20);
        server.enqueue(WaveSpeedFixtures.image(png, "image/png"));
        ImageResult r = client().parseWebhook(ID, bytes(WaveSpeedFixtures.load("webhook-completed.json",
                "id", "w1", "output", url("/storage/w1.png"))));

        assertThat(r.provider()).isEqualTo("wavespeed");
        assertThat(r.requestId()).hasValue("w1");
        assertThat(r.model()).isEqualTo("wavespeed-ai/hidream-i1-full");
        assertThat(r.timings().inference()).hasValue(Duration.ofMillis(2500));
        assertThat(r.metadata()).containsEntry("createdAt", "2025-04-01T12:34:56.789Z");
        assertThat(r.images()).hasSize(1);
        assertThat(r.image().nsfw()).hasValue(true);
        assertThat(r.image().url()).hasValue(url("/storage/w1.png"));
        assertThat(server.getRequestCount()).as("nothing fetched before the bytes are asked for").isZero();
        assertThat(r.image().bytes()).isEqualTo(png);
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isNull();
    }

    @Test
    void completedPredictionWithBase64IsDecodedWithOrWithoutPrefix() {
        byte[] jpeg = TestImages.jpeg(24, 24);
        String raw = Base64.getEncoder().withoutPadding().encodeToString(jpeg);
        for (String value : new String[] {"data:image/jpeg;base64," + raw, raw}) {
            ImageResult r = client().parseWebhook(ID, bytes(WaveSpeedFixtures.load("webhook-completed.json",
                    "id", "w2", "output", value)));
            assertThat(r.image().bytes()).isEqualTo(jpeg);
            assertThat(r.image().url()).isEmpty();
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void theEnvelopeIsAcceptedToo() {
        String body = "{\"code\":200,\"message\":\"success\",\"data\":" + WaveSpeedFixtures.load("webhook-completed.json",
                "id", "w3", "output", "https://cdn.example/w3.png") + "}";
        assertThat(client().parseWebhook(ID, bytes(body)).requestId()).hasValue("w3");
    }

    @Test
    void failedPredictionIsAGenerationFailedException() {
        assertThatThrownBy(() -> client().parseWebhook(ID, bytes(WaveSpeedFixtures.load("webhook-failed.json",
                "id", "w4", "error", "out of memory"))))
                .isInstanceOfSatisfying(GenerationFailedException.class, e -> {
                    assertThat(e.vendorMessage()).hasValue("out of memory");
                    assertThat(e.requestId()).hasValue("w4");
                });
    }

    @Test
    void unfinishedOrUnreadableBodiesAreInvalidResponses() {
        ImageClient c = client();
        assertThatThrownBy(() -> c.parseWebhook(ID, bytes("{\"id\":\"w5\",\"status\":\"processing\"}")))
                .isInstanceOf(InvalidResponseException.class).hasMessageContaining("processing");
        assertThatThrownBy(() -> c.parseWebhook(ID, bytes("not json")))
                .isInstanceOf(InvalidResponseException.class);
        assertThatThrownBy(() -> c.parseWebhook(ID, bytes("{\"id\":\"w6\",\"status\":\"completed\",\"outputs\":[]}")))
                .isInstanceOf(InvalidResponseException.class).hasMessageContaining("outputs");
    }

    @Test
    void inlineOutputsAreRecognisedFromTheRawBytes() {
        assertThat(WaveSpeedWebhooks.outputsAreInline(bytes("{\"outputs\" : [ \"https://x/y.png\"]}"))).isFalse();
        assertThat(WaveSpeedWebhooks.outputsAreInline(bytes("{\"outputs\":[\"HTTP://x/y.png\"]}"))).isFalse();
        assertThat(WaveSpeedWebhooks.outputsAreInline(bytes("{\"outputs\":[\"iVBORw0KGgo\"]}"))).isTrue();
        assertThat(WaveSpeedWebhooks.outputsAreInline(bytes("{\"outputs\":[\"data:image/png;base64,iVBO\"]}"))).isTrue();
        assertThat(WaveSpeedWebhooks.outputsAreInline(bytes("{\"outputs\":[]}"))).isFalse();
        assertThat(WaveSpeedWebhooks.outputsAreInline(bytes("{\"id\":\"x\"}"))).isFalse();
        // A prompt mentioning outputs does not count; the real key later does.
        assertThat(WaveSpeedWebhooks.outputsAreInline(bytes(
                "{\"input\":{\"prompt\":\"say \\\"outputs\\\": [\\\"AAAA\\\"]\"},\"outputs\":[\"https://x/y.png\"]}"))).isFalse();
    }
}
