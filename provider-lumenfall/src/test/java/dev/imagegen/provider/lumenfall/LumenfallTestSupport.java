package dev.imagegen.provider.lumenfall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.ImageClient;
import dev.imagegen.RetryPolicy;
import dev.imagegen.testing.FakeTime;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared test plumbing: a client on MockWebServer, fixtures, and a small multipart reader. */
final class LumenfallTestSupport {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String KEY = "lf-test-key-0123456789";
    static final String BASE_PATH = "/openai/v1";

    private LumenfallTestSupport() {
    }

    static ImageClient client(MockWebServer server, FakeTime time, Map<String, String> options) {
        ImageClient.Builder b = ImageClient.builder()
                .discoverProviders(false)
                .addProvider(new LumenfallProviderFactory())
                .environment(Map.of())
                .apiKey(LumenfallProviderFactory.ID, KEY)
                .baseUrl(LumenfallProviderFactory.ID, server.url(BASE_PATH).toString())
                .retryPolicy(RetryPolicy.defaults().withJitter(false))
                .sleeper(time)
                .clock(time);
        options.forEach((k, v) -> b.providerOption(LumenfallProviderFactory.ID, k, v));
        return b.build();
    }

    static String fixture(String name) {
        try (InputStream in = LumenfallTestSupport.class.getResourceAsStream("/fixtures/lumenfall/" + name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode fixtureJson(String name) {
        try {
            return MAPPER.readTree(fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse urlResponse(String url) {
        return json(200, fixture("images-response-url.json").replace("{{URL}}", url));
    }

    static MockResponse b64Response(String base64) {
        return json(200, fixture("images-response-b64.json").replace("{{B64}}", base64));
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

    /** Splits a multipart/form-data body into its parts (binary-safe: bytes map 1:1 to ISO-8859-1 chars). */
    static List<Part> multipart(RecordedRequest request) {
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
