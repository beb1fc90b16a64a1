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

/**
 * Webhooks: the delivery's signature checked as WaveSpeed's docs define it (HMAC-SHA256 of {@code id.timestamp.body}
 * with the secret minus {@code whsec_}, {@code v3,<hex>}, 300 s window) through {@link ImageClient#parseWebhook}, and
 * the body (the bare prediction object) read through it or, unchecked, {@link ImageClient#parseUnverifiedWebhook}.
 */
class WaveSpeedWebhooksTest extends WaveSpeedTestBase {

    static final String SECRET = "whsec_c2VjcmV0LWZvci10ZXN0cw";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The signature of {@code body} as WaveSpeed computes it (written here independently of the provider's code). */
    static String sign(String secret, String id, long timestamp, byte[] body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.substring("whsec_".length()).getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(body)) {
            hex.append(String.format("%02x", b));
        }
        return "v3," + hex;
    }

    private dev.imagegen.WebhookDelivery delivery(byte[] body, String id, long ts, String signature) {
        return dev.imagegen.WebhookDelivery.builder().header("Webhook-Id", id).header("webhook-timestamp", String.valueOf(ts))
                .header("webhook-signature", signature).body(body).build();
    }

    @Test
    void aSignedDeliveryIsCheckedThenRead() throws Exception {
        byte[] body = bytes(WaveSpeedFixtures.load("webhook-completed.json", "id", "w7", "output", url("/storage/w7.png")));
        long now = time.instant().getEpochSecond();
        ImageClient c = client(builder().webhookSecret(ID, SECRET));
        ImageResult r = c.parseWebhook(ID, delivery(body, "msg_1", now, "v1,bogus " + sign(SECRET, "msg_1", now, body)));
        assertThat(r.requestId()).hasValue("w7");
    }

    @Test
    void aMissingWrongOrStaleSignatureIsRefused() throws Exception {
        byte[] body = bytes(WaveSpeedFixtures.load("webhook-completed.json", "id", "w8", "output", url("/storage/w8.png")));
        long now = time.instant().getEpochSecond();
        ImageClient c = client(builder().webhookSecret(ID, SECRET));
        String good = sign(SECRET, "msg_2", now, body);
        assertThatThrownBy(() -> c.parseWebhook(ID, dev.imagegen.WebhookDelivery.builder().body(body).build()))
                .isInstanceOf(dev.imagegen.WebhookVerificationException.class).hasMessageContaining("webhook-id header is missing");
        byte[] tampered = bytes(new String(body, StandardCharsets.UTF_8).replace("w8", "w9"));
        assertThatThrownBy(() -> c.parseWebhook(ID, delivery(tampered, "msg_2", now, good)))
                .isInstanceOf(dev.imagegen.WebhookVerificationException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> c.parseWebhook(ID, delivery(body, "msg_2", now, sign("whsec_other", "msg_2", now, body))))
                .isInstanceOf(dev.imagegen.WebhookVerificationException.class);
        long old = now - 301;
        assertThatThrownBy(() -> c.parseWebhook(ID, delivery(body, "msg_2", old, sign(SECRET, "msg_2", old, body))))
                .isInstanceOf(dev.imagegen.WebhookVerificationException.class).hasMessageContaining("301 s away from now");
        assertThat(server.getRequestCount()).as("nothing fetched for a refused delivery").isZero();
    }

    @Test
    void withoutASecretNothingCanBeCheckedAndTheSecretComesFromTheEnvironmentToo() throws Exception {
        byte[] body = bytes(WaveSpeedFixtures.load("webhook-completed.json", "id", "w10", "output", url("/storage/w10.png")));
        long now = time.instant().getEpochSecond();
        assertThatThrownBy(() -> client().parseWebhook(ID, delivery(body, "m", now, sign(SECRET, "m", now, body))))
                .isInstanceOfSatisfying(dev.imagegen.InvalidRequestException.class, e -> assertThat(e.field()).contains("webhookSecret"))
                .hasMessageContaining("WAVESPEED_WEBHOOK_SECRET");
        ImageClient fromEnv = client(builder().environment(java.util.Map.of("WAVESPEED_WEBHOOK_SECRET", SECRET)));
        assertThat(fromEnv.parseWebhook(ID, delivery(body, "m", now, sign(SECRET, "m", now, body))).requestId()).hasValue("w10");
        assertThat(fromEnv.toString()).doesNotContain(SECRET);
    }

    @Test
    void completedPredictionWithAUrlIsDownloadedLazilyWithoutTheKey() throws Exception {
        byte[] png = TestImages.png(30, 20);
        server.enqueue(WaveSpeedFixtures.image(png, "image/png"));
        ImageResult r = client().parseUnverifiedWebhook(ID, bytes(WaveSpeedFixtures.load("webhook-completed.json",
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
            ImageResult r = client().parseUnverifiedWebhook(ID, bytes(WaveSpeedFixtures.load("webhook-completed.json",
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
        assertThat(client().parseUnverifiedWebhook(ID, bytes(body)).requestId()).hasValue("w3");
    }

    @Test
    void failedPredictionIsAGenerationFailedException() {
        assertThatThrownBy(() -> client().parseUnverifiedWebhook(ID, bytes(WaveSpeedFixtures.load("webhook-failed.json",
                "id", "w4", "error", "out of memory"))))
                .isInstanceOfSatisfying(GenerationFailedException.class, e -> {
                    assertThat(e.vendorMessage()).hasValue("out of memory");
                    assertThat(e.requestId()).hasValue("w4");
                });
    }

    @Test
    void unfinishedOrUnreadableBodiesAreInvalidResponses() {
        ImageClient c = client();
        assertThatThrownBy(() -> c.parseUnverifiedWebhook(ID, bytes("{\"id\":\"w5\",\"status\":\"processing\"}")))
                .isInstanceOf(InvalidResponseException.class).hasMessageContaining("processing");
        assertThatThrownBy(() -> c.parseUnverifiedWebhook(ID, bytes("not json")))
                .isInstanceOf(InvalidResponseException.class);
        assertThatThrownBy(() -> c.parseUnverifiedWebhook(ID, bytes("{\"id\":\"w6\",\"status\":\"completed\",\"outputs\":[]}")))
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
