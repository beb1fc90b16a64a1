package dev.imagegen.provider.wavespeed;

import dev.imagegen.WebhookDelivery;
import dev.imagegen.spi.WebhookVerifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static dev.imagegen.spi.WebhookSignatures.checkFresh;
import static dev.imagegen.spi.WebhookSignatures.fromHex;
import static dev.imagegen.spi.WebhookSignatures.header;
import static dev.imagegen.spi.WebhookSignatures.hmacSha256;
import static dev.imagegen.spi.WebhookSignatures.refused;
import static dev.imagegen.spi.WebhookSignatures.same;

/**
 * WaveSpeed's webhook signature, as its docs give it (wavespeed.ai/docs/verify-webhooks): headers {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature: v3,<hex>}; the signature is the lower-case hex
 * HMAC-SHA256 of {@code <id>.<timestamp>.<raw body>} keyed with the account's webhook secret minus its {@code whsec_}
 * prefix (the rest as UTF-8, not base64-decoded); deliveries outside the replay window (300 s, option
 * {@code webhookToleranceSeconds}) are refused. Several space-separated signatures are accepted when any matches
 * (unverified: the docs show one).
 */
final class WaveSpeedWebhookVerifier implements WebhookVerifier {

    private static final String ID = WaveSpeedProviderFactory.ID;

    private final Duration tolerance;

    WaveSpeedWebhookVerifier(Duration tolerance) {
        this.tolerance = tolerance;
    }

    @Override
    public void verify(WebhookDelivery delivery, String secret, byte[] keys, Instant now) {
        String id = header(delivery, "webhook-id", ID);
        String timestamp = header(delivery, "webhook-timestamp", ID);
        String signatures = header(delivery, "webhook-signature", ID);
        checkFresh(timestamp, now, tolerance, ID);
        byte[] key = (secret.startsWith("whsec_") ? secret.substring(6) : secret).getBytes(StandardCharsets.UTF_8);
        byte[] expected = hmacSha256(key, (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), delivery.body());
        for (String s : signatures.split("\\s+")) {
            if (s.startsWith("v3,") && same(expected, fromHex(s.substring(3)))) {
                return;
            }
        }
        throw refused(ID, "webhook-signature does not match the body (checked with the configured webhook secret)");
    }
}
