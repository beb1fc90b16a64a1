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

    /**
     * The typed refusal: {@code "webhook refused: " + why}.
     *
     * @param providerId the id of the provider whose webhook is refused
     * @param why        what is wrong, for the message, e.g. {@code "the signature does not match"}
     * @return the exception, for the caller to throw; it carries no HTTP status (-1)
     */
    public static WebhookVerificationException refused(String providerId, String why) {
        return new WebhookVerificationException(new Details("webhook refused: " + why, providerId, -1, null, null, null));
    }

    /**
     * A header's value; a refusal naming it when missing or blank.
     *
     * @param d          the delivery
     * @param name       the header's name, case-insensitive
     * @param providerId the provider id, for the refusal
     * @return the header's first value, trimmed
     * @throws WebhookVerificationException if the header is missing or blank
     */
    public static String header(WebhookDelivery d, String name, String providerId) {
        return d.header(name).filter(v -> !v.isBlank()).map(String::trim)
                .orElseThrow(() -> refused(providerId, "the " + name + " header is missing"));
    }

    /**
     * Refuses a timestamp (Unix seconds, as text) further than {@code tolerance} from {@code now}, either way.
     *
     * @param timestamp  the delivery's timestamp, in Unix seconds as decimal text (surrounding spaces allowed)
     * @param now        the client's current time
     * @param tolerance  the replay window on either side of {@code now}, counted in whole seconds
     * @param providerId the provider id, for the refusal
     * @throws WebhookVerificationException if the timestamp is not a number or is outside the window
     */
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

    /**
     * HMAC-SHA256 of the parts, in order, with {@code key}.
     *
     * @param key   the shared secret's bytes
     * @param parts the message, in pieces that are concatenated in order
     * @return the 32-byte MAC
     */
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

    /**
     * The lower-case hex SHA-256 of {@code data}.
     *
     * @param data the bytes to hash
     * @return 64 lower-case hex digits
     */
    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * {@code hex} as bytes, or null when it is not hex.
     *
     * @param hex hex digits, either case, surrounding spaces allowed
     * @return the bytes, or null when {@code hex} is not an even number of hex digits
     */
    public static byte @Nullable [] fromHex(String hex) {
        try {
            return HexFormat.of().parseHex(hex.trim().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Whether two byte strings are equal, in time that does not depend on where they differ.
     *
     * @param a one byte string; null compares unequal to everything
     * @param b the other; null compares unequal to everything
     * @return true if both are non-null and equal
     */
    public static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    /**
     * The Ed25519 public keys of a JWKS document ({@code {"keys":[{"kty":"OKP","crv":"Ed25519","x":"<base64url>"}]}});
     * other keys are skipped. Empty when the document holds none, or is not one.
     *
     * @param jwks the JWKS document, UTF-8 JSON
     * @return the raw 32-byte keys, in document order; empty if there are none
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

    /**
     * Whether {@code signature} is a valid Ed25519 signature of {@code message}
     * by one of {@code keys} (raw 32 bytes each).
     *
     * @param keys      the raw 32-byte public keys to try, in order
     * @param message   the signed bytes
     * @param signature the 64-byte signature; any other length fails
     * @return true if one key verifies the signature
     */
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
