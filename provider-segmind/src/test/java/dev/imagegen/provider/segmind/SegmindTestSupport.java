package dev.imagegen.provider.segmind;

import dev.imagegen.ImageClient;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.Fixtures;
import dev.imagegen.testing.ProviderTestClient;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import java.util.Map;

/** Fixtures, canned answers and a client wired to a MockWebServer, for the Segmind tests. */
final class SegmindTestSupport {

    static final String KEY = "sm-test-key-0123456789";
    static final String ID = "segmind";

    private SegmindTestSupport() {
    }

    /** The bytes of {@code fixtures/segmind/<path>}, exactly as stored. */
    static byte[] fixture(String path) {
        return Fixtures.bytes(ID, path);
    }

    static String fixtureText(String path) {
        return Fixtures.text(ID, path);
    }

    /** A client for Segmind only, on the test server, with fake time and the given provider options. */
    static ImageClient client(MockWebServer server, FakeTime time, Map<String, String> options) {
        return ProviderTestClient.builder(new SegmindProviderFactory(), KEY, server.url("/").toString(), time, options)
                .build();
    }

    /** A v1-style success: the image bytes as the body, with Segmind's headers. */
    static MockResponse image(byte[] bytes, String contentType, String requestId) {
        return Fixtures.image(bytes, contentType).newBuilder()
                .addHeader("x-request-id", requestId)
                .addHeader("x-seed-value", "123456789")
                .addHeader("x-cost", "0.0153")
                .addHeader("x-generation-time", "9.75")
                .addHeader("x-remaining-credits", "42.5")
                .addHeader("x-rate-limit-reset-at-utc", "2026-01-01T00:01:00Z")
                .build();
    }

    static MockResponse json(int code, String body) {
        return Fixtures.json(code, body);
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
