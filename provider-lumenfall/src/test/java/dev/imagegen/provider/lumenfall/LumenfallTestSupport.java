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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** One multipart part as received. */
    record Part(String name, String fileName, String contentType, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

    /**
     * Splits a multipart/form-data body into its parts, in order, repeated names included (binary-safe: bytes map 1:1
     * to ISO-8859-1 chars). {@link Fixtures#multipart} checks first that the body is well formed; its answer is not
     * used because it keys parts by name, and Lumenfall sends one {@code image[]} (or {@code image}) part per input
     * image, which a map would fold into the last one.
     */
    static List<Part> multipart(RecordedRequest request) {
        Fixtures.multipart(request);
        String contentType = request.getHeaders().get("Content-Type");
        Matcher m = BOUNDARY.matcher(Objects.requireNonNull(contentType, "Content-Type"));
        if (!contentType.startsWith("multipart/form-data") || !m.find()) {
            throw new AssertionError("not multipart/form-data: " + contentType);
        }
        String delimiter = "--" + m.group(1);
        String body = new String(Objects.requireNonNull(request.getBody()).toByteArray(), StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int at = body.indexOf(delimiter);
        while (at >= 0) {
            int start = at + delimiter.length();
            if (body.startsWith("--", start)) {
                break;
            }
            int headersStart = start + 2; // CRLF after the delimiter
            int headersEnd = body.indexOf("\r\n\r\n", headersStart);
            int next = body.indexOf("\r\n" + delimiter, headersEnd);
            String headers = body.substring(headersStart, headersEnd);
            String name = null;
            String fileName = null;
            String type = null;
            for (String line : headers.split("\r\n")) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-disposition:")) {
                    Matcher n = NAME.matcher(line);
                    name = n.find() ? n.group(1) : null;
                    Matcher f = FILE_NAME.matcher(line);
                    fileName = f.find() ? f.group(1) : null;
                } else if (lower.startsWith("content-type:")) {
                    type = line.substring("content-type:".length()).trim();
                }
            }
            byte[] data = body.substring(headersEnd + 4, next).getBytes(StandardCharsets.ISO_8859_1);
            parts.add(new Part(name, fileName, type, data));
            at = next + 2;
        }
        return parts;
    }
}
