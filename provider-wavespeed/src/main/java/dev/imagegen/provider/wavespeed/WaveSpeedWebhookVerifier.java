package dev.imagegen.provider.wavespeed;

import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.WebhookDelivery;
import dev.imagegen.WebhookVerificationException;
import dev.imagegen.spi.WebhookVerifier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * WaveSpeed's webhook signature, as its docs give it (wavespeed.ai/docs/verify-webhooks): headers {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature: v3,<hex>}; the signature is the lower-case hex
 * HMAC-SHA256 of {@code <id>.<timestamp>.<raw body>} keyed with the account's webhook secret minus its {@code whsec_}
 * prefix (the rest as UTF-8, not base64-decoded); deliveries older or newer than the replay window (300 s, option
 * {@code webhookToleranceSeconds}) are refused. Several space-separated signatures are accepted when any matches
 * (unverified: the docs show one).
 */
final class WaveSpeedWebhookVerifier implements WebhookVerifier {

    private final Duration tolerance;

    WaveSpeedWebhookVerifier(Duration tolerance) {
        this.tolerance = tolerance;
    }

    @Override
    public void verify(WebhookDelivery delivery, String secret, byte[] keys, Instant now) {
        String id = required(delivery, "webhook-id");
        String timestamp = required(delivery, "webhook-timestamp");
        String signatures = required(delivery, "webhook-signature");
        long at;
        try {
            at = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw refused("webhook-timestamp is not Unix seconds: '" + timestamp + "'");
        }
        long skew = Math.abs(now.getEpochSecond() - at);
        if (skew > tolerance.toSeconds()) {
            throw refused("the delivery is " + skew + " s away from now, outside the " + tolerance.toSeconds()
                    + " s replay window");
        }
        byte[] expected = hmac(secret.startsWith("whsec_") ? secret.substring(6) : secret,
                concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), delivery.body()));
        for (String s : signatures.trim().split("\\s+")) {
            int comma = s.indexOf(',');
            if (comma > 0 && s.substring(0, comma).equals("v3")) {
                byte[] given;
                try {
                    given = HexFormat.of().parseHex(s.substring(comma + 1).toLowerCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) {
                    return;
                }
            }
        }
        throw refused("webhook-signature does not match the body (checked with the configured webhook secret)");
    }

    private static String required(WebhookDelivery d, String header) {
        return d.header(header).filter(v -> !v.isBlank()).orElseThrow(() -> refused("the " + header + " header is missing"));
    }

    private static byte[] hmac(String key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static WebhookVerificationException refused(String why) {
        return new WebhookVerificationException(new Details("webhook refused: " + why, WaveSpeedProviderFactory.ID, -1, null,
                null, null));
    }
}
