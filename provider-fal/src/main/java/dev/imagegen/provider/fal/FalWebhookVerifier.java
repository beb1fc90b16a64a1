package dev.imagegen.provider.fal;

import dev.imagegen.WebhookDelivery;
import dev.imagegen.spi.WebhookSignatures;
import dev.imagegen.spi.WebhookVerifier;
import dev.imagegen.spi.WireRequest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * fal's webhook signature (unverified: fal's docs page names public-key signing, the details come from third-party
 * verifiers that agree, see docs/providers/fal.md): Ed25519 over {@code request-id\nuser-id\ntimestamp\nsha256-hex(body)}
 * from the {@code X-Fal-Webhook-*} headers, the signature in hex, the keys in fal's JWKS document (option
 * {@code webhookKeysUrl}), a replay window of 300 s (option {@code webhookToleranceSeconds}).
 */
final class FalWebhookVerifier implements WebhookVerifier {

    private final String keysUrl;
    private final Duration tolerance;

    FalWebhookVerifier(String keysUrl, Duration tolerance) {
        this.keysUrl = keysUrl;
        this.tolerance = tolerance;
    }

    @Override
    public Optional<WireRequest> keysRequest() {
        return Optional.of(WireRequest.get(keysUrl).operation("webhook-keys").build());
    }

    @Override
    public void verify(WebhookDelivery d, String secret, byte[] keys, Instant now) {
        String id = WebhookSignatures.header(d, "X-Fal-Webhook-Request-Id", FalCatalog.ID);
        String user = WebhookSignatures.header(d, "X-Fal-Webhook-User-Id", FalCatalog.ID);
        String timestamp = WebhookSignatures.header(d, "X-Fal-Webhook-Timestamp", FalCatalog.ID);
        String signature = WebhookSignatures.header(d, "X-Fal-Webhook-Signature", FalCatalog.ID);
        WebhookSignatures.checkFresh(timestamp, now, tolerance, FalCatalog.ID);
        String message = id + "\n" + user + "\n" + timestamp + "\n" + WebhookSignatures.sha256Hex(d.body());
        if (!WebhookSignatures.ed25519(WebhookSignatures.ed25519Keys(keys), message.getBytes(StandardCharsets.UTF_8),
                WebhookSignatures.fromHex(signature))) {
            throw WebhookSignatures.refused(FalCatalog.ID, "X-Fal-Webhook-Signature is not fal's signature of this delivery");
        }
    }
}
