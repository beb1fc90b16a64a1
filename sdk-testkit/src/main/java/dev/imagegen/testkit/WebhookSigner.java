package dev.imagegen.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs the webhooks the emulator POSTs, as the vendors do, so clients check them exactly as they would a real one:
 * WaveSpeed's HMAC-SHA256 of {@code id.timestamp.body} with the secret minus {@code whsec_} ({@code webhook-*}
 * headers), and fal's Ed25519 over {@code request-id\nuser-id\ntimestamp\nsha256-hex(body)} ({@code X-Fal-Webhook-*}
 * headers) with a key pair made at start, whose public half the emulator publishes as a JWKS document.
 */
final class WebhookSigner {

    static final String FAL_USER = "emulator-user";

    private final String wavespeedSecret;
    private final KeyPair falKeys;

    WebhookSigner(String wavespeedSecret) {
        this.wavespeedSecret = wavespeedSecret;
        try {
            this.falKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    String wavespeedSecret() {
        return wavespeedSecret;
    }

    /** The JWKS document with fal's webhook public key. */
    String falJwks() {
        byte[] der = falKeys.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(der, der.length - 32, der.length);
        return "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"emulator\",\"use\":\"sig\",\"x\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(raw) + "\"}]}";
    }

    Map<String, String> wavespeedHeaders(String id, byte[] body) {
        String ts = String.valueOf(System.currentTimeMillis() / 1000);
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            String key = wavespeedSecret.startsWith("whsec_") ? wavespeedSecret.substring(6) : wavespeedSecret;
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
            Map<String, String> h = new LinkedHashMap<>();
            h.put("webhook-id", id);
            h.put("webhook-timestamp", ts);
            h.put("webhook-signature", "v3," + HexFormat.of().formatHex(mac.doFinal(body)));
            return h;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, String> falHeaders(String requestId, byte[] body) {
        String ts = String.valueOf(System.currentTimeMillis() / 1000);
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(falKeys.getPrivate());
            s.update((requestId + "\n" + FAL_USER + "\n" + ts + "\n" + digest).getBytes(StandardCharsets.UTF_8));
            Map<String, String> h = new LinkedHashMap<>();
            h.put("X-Fal-Webhook-Request-Id", requestId);
            h.put("X-Fal-Webhook-User-Id", FAL_USER);
            h.put("X-Fal-Webhook-Timestamp", ts);
            h.put("X-Fal-Webhook-Signature", HexFormat.of().formatHex(s.sign()));
            return h;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
