package dev.imagegen.provider.segmind;

import dev.imagegen.ImageClient;
import dev.imagegen.RetryPolicy;
import dev.imagegen.testing.FakeTime;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Fixtures, canned answers and a client wired to a MockWebServer, for the Segmind tests. */
final class SegmindTestSupport {

    static final String KEY = "sm-test-key-0123456789";
    static final String ID = "segmind";

    private SegmindTestSupport() {
    }

    /** The bytes of {@code fixtures/segmind/<path>}, exactly as stored. */
    static byte[] fixture(String path) {
        try (InputStream in = SegmindTestSupport.class.getResourceAsStream("/fixtures/segmind/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fixtureText(String path) {
        return new String(fixture(path), StandardCharsets.UTF_8);
    }

    /** A client for Segmind only, on the test server, with fake time and the given provider options. */
    static ImageClient client(MockWebServer server, FakeTime time, Map<String, String> options) {
        ImageClient.Builder b = ImageClient.builder()
                .discoverProviders(false)
                .addProvider(new SegmindProviderFactory())
                .environment(Map.of())
                .apiKey(ID, KEY)
                .baseUrl(ID, server.url("/").toString())
                .retryPolicy(RetryPolicy.defaults().withJitter(false))
                .sleeper(time)
                .clock(time)
                .pollInterval(Duration.ofMillis(100), Duration.ofMillis(400))
                .timeout(Duration.ofMinutes(5));
        options.forEach((k, v) -> b.providerOption(ID, k, v));
        return b.build();
    }

    /** A v1-style success: the image bytes as the body, with Segmind's headers. */
    static MockResponse image(byte[] bytes, String contentType, String requestId) {
        return new MockResponse.Builder().code(200)
                .addHeader("Content-Type", contentType)
                .addHeader("x-request-id", requestId)
                .addHeader("x-seed-value", "123456789")
                .addHeader("x-cost", "0.0153")
                .addHeader("x-generation-time", "9.75")
                .addHeader("x-remaining-credits", "42.5")
                .addHeader("x-rate-limit-reset-at-utc", "2026-01-01T00:01:00Z")
                .body(new okio.Buffer().write(bytes))
                .build();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    /** An error answer with the fixture's body and content type taken from its extension. */
    static MockResponse error(int code, String fixture, String requestId) {
        String type = fixture.endsWith(".json") ? "application/json" : fixture.endsWith(".html") ? "text/html; charset=utf-8"
                : "text/plain";
        MockResponse.Builder b = new MockResponse.Builder().code(code).addHeader("Content-Type", type)
                .body(fixtureText(fixture));
        if (requestId != null) {
            b.addHeader("x-request-id", requestId);
        }
        return b.build();
    }
}
