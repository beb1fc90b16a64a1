package dev.imagegen.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.WebhookDelivery;
import dev.imagegen.WebhookVerificationException;
import dev.imagegen.internal.Json;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link WebhookVerifier} is made of, so a provider says only which headers and which message its vendor signs:
 * required headers, the replay window, HMAC-SHA256, Ed25519 with keys from a JWKS document, hex, constant-time
 * comparison, and the typed refusal.
 */
public final class WebhookSignatures {

    /** The DER prefix of an X.509 Ed25519 public key, before its 32 raw bytes. */
    private static final byte[] ED25519_X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private WebhookSignatures() {
    }

    /** The typed refusal: {@code "webhook refused: " + why}. */
    public static WebhookVerificationException refused(String providerId, String why) {
        return new WebhookVerificationException(new Details("webhook refused: " + why, providerId, -1, null, null, null));
    }

    /** A header's value; a refusal naming it when missing or blank. */
    public static String header(WebhookDelivery d, String name, String providerId) {
        return d.header(name).filter(v -> !v.isBlank()).map(String::trim)
                .orElseThrow(() -> refused(providerId, "the " + name + " header is missing"));
    }

    /** Refuses a timestamp (Unix seconds, as text) further than {@code tolerance} from {@code now}, either way. */
    public static void checkFresh(String timestamp, Instant now, Duration tolerance, String providerId) {
        long at;
        try {
            at = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw refused(providerId, "the timestamp is not Unix seconds: '" + timestamp + "'");
        }
        long skew = Math.abs(now.getEpochSecond() - at);
        if (skew > tolerance.toSeconds()) {
            throw refused(providerId, "the delivery is " + skew + " s away from now, outside the " + tolerance.toSeconds()
                    + " s replay window");
        }
    }

    /** HMAC-SHA256 of the parts, in order, with {@code key}. */
    public static byte[] hmacSha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The lower-case hex SHA-256 of {@code data}. */
    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** {@code hex} as bytes, or null when it is not hex. */
    public static byte @Nullable [] fromHex(String hex) {
        try {
            return HexFormat.of().parseHex(hex.trim().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether two byte strings are equal, in time that does not depend on where they differ. */
    public static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    /**
     * The Ed25519 public keys of a JWKS document ({@code {"keys":[{"kty":"OKP","crv":"Ed25519","x":"<base64url>"}]}});
     * other keys are skipped. Empty when the document holds none, or is not one.
     */
    public static List<byte[]> ed25519Keys(byte[] jwks) {
        List<byte[]> out = new ArrayList<>();
        try {
            JsonNode keys = Json.MAPPER.readTree(jwks).path("keys");
            for (JsonNode k : keys) {
                if ("OKP".equals(k.path("kty").asText()) && "Ed25519".equals(k.path("crv").asText()) && k.path("x").isTextual()) {
                    byte[] raw = Base64.getUrlDecoder().decode(k.get("x").asText());
                    if (raw.length == 32) {
                        out.add(raw);
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
        return out;
    }

    /** Whether {@code signature} is a valid Ed25519 signature of {@code message} by one of {@code keys} (raw 32 bytes each). */
    public static boolean ed25519(List<byte[]> keys, byte[] message, byte[] signature) {
        if (signature == null || signature.length != 64) {
            return false;
        }
        for (byte[] raw : keys) {
            try {
                byte[] der = new byte[ED25519_X509_PREFIX.length + raw.length];
                System.arraycopy(ED25519_X509_PREFIX, 0, der, 0, ED25519_X509_PREFIX.length);
                System.arraycopy(raw, 0, der, ED25519_X509_PREFIX.length, raw.length);
                PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
                Signature v = Signature.getInstance("Ed25519");
                v.initVerify(key);
                v.update(message);
                if (v.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // a key that is not one: try the next
            }
        }
        return false;
    }
}
