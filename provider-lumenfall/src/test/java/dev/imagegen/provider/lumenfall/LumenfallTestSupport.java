package dev.imagegen.provider.lumenfall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.ImageClient;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.Fixtures;
import dev.imagegen.testing.ProviderTestClient;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lumenfall's test plumbing on top of the core's test-jar: a client on MockWebServer, the fixtures and canned answers,
 * and a multipart reader that keeps repeated parts.
 */
final class LumenfallTestSupport {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String KEY = "lf-test-key-0123456789";
    static final String BASE_PATH = "/openai/v1";

    private LumenfallTestSupport() {
    }

    /** A client for Lumenfall only, on the test server under {@link #BASE_PATH}, with fake time and these options. */
    static ImageClient client(MockWebServer server, FakeTime time, Map<String, String> options) {
        return ProviderTestClient.builder(new LumenfallProviderFactory(), KEY, server.url(BASE_PATH).toString(), time,
                options).build();
    }

    /** The text of {@code fixtures/lumenfall/<name>}, exactly as stored. */
    static String fixture(String name) {
        return Fixtures.text(LumenfallProviderFactory.ID, name);
    }

    static JsonNode fixtureJson(String name) {
        try {
            return MAPPER.readTree(fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MockResponse json(int code, String body) {
        return Fixtures.json(code, body);
    }

    static MockResponse urlResponse(String url) {
        return json(200, Fixtures.text(LumenfallProviderFactory.ID, "images-response-url.json", "URL", url));
    }

    static MockResponse b64Response(String base64) {
        return json(200, Fixtures.text(LumenfallProviderFactory.ID, "images-response-b64.json", "B64", base64));
    }

    static JsonNode bodyJson(RecordedRequest request) throws IOException {
        return MAPPER.readTree(Objects.requireNonNull(request.getBody()).toByteArray());
    }

    /** Every part of a multipart body in order, repeated names included (one {@code image[]} part per input image). */
    static List<Fixtures.Part> multipart(RecordedRequest request) {
        return Fixtures.multipartParts(request);
    }
}
