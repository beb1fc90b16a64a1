package dev.imagegen.testing;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vendor-shaped fixtures for provider tests: files under {@code src/test/resources/fixtures/<provider>/}, canned
 * answers, and a plain multipart reader (independent of the client's writer) to check what was sent.
 */
public final class Fixtures {

    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

    private Fixtures() {
    }

    /** The bytes of {@code fixtures/<provider>/<path>}, exactly as stored. */
    public static byte[] bytes(String provider, String path) {
        String resource = "/fixtures/" + provider + "/" + path;
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource + " on the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A fixture's text with each {@code {{key}}} replaced by its value ({@code keyValues} are pairs); a placeholder
     * left unfilled is an error.
     */
    public static String text(String provider, String path, String... keyValues) {
        String text = new String(bytes(provider, path), StandardCharsets.UTF_8);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            text = text.replace("{{" + keyValues[i] + "}}", keyValues[i + 1]);
        }
        if (keyValues.length > 0 && text.contains("{{")) {
            throw new IllegalArgumentException("unfilled placeholder in " + provider + "/" + path + ": " + text);
        }
        return text;
    }

    /** A JSON answer. */
    public static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    /** An image answer: the bytes as the body. */
    public static MockResponse image(byte[] bytes, String mediaType) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", mediaType)
                .body(new okio.Buffer().write(bytes)).build();
    }

    /**
     * Answers every GET whose path starts with {@code prefix} (the vendor's storage, where its output URLs point) with
     * {@code image}, and every other request from the queue as enqueued: for tests whose calls run in parallel, where an
     * output download and the next API call may arrive in either order.
     */
    public static void serveDownloads(MockWebServer server, String prefix, MockResponse image) {
        server.setDispatcher(new QueueDispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                return request.getMethod().equals("GET") && request.getUrl().encodedPath().startsWith(prefix) ? image
                        : super.dispatch(request);
            }
        });
    }

    /** One part of a multipart body: its field name, its headers (names in lower case) and its bytes. */
    public record Part(String name, Map<String, String> headers, byte[] data) {
        /** The part as UTF-8 text. */
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }

        /** The file name of a file part, or null for a text field. */
        public String fileName() {
            Matcher m = FILE_NAME.matcher(headers.getOrDefault("content-disposition", ""));
            return m.find() ? m.group(1) : null;
        }

        /** The part's Content-Type, or null. */
        public String contentType() {
            return headers.get("content-type");
        }
    }

    /** Splits a multipart/form-data body into its parts by name, in order; fails when it is not well formed. */
    public static Map<String, Part> multipart(RecordedRequest r) {
        Map<String, Part> byName = new LinkedHashMap<>();
        for (Part p : multipartParts(r)) {
            byName.put(p.name(), p);
        }
        return byName;
    }

    /** Every part of a multipart/form-data body in order, repeated names included; fails when it is not well formed. */
    public static java.util.List<Part> multipartParts(RecordedRequest r) {
        String type = r.getHeaders().get("Content-Type");
        if (type == null || !type.startsWith("multipart/form-data; boundary=")) {
            throw new AssertionError("not multipart/form-data: " + type);
        }
        String boundary = "--" + type.substring(type.indexOf("boundary=") + 9);
        // ISO-8859-1 maps bytes to chars one to one, so binary parts survive the round trip
        String body = new String(r.getBody().toByteArray(), StandardCharsets.ISO_8859_1);
        if (!body.startsWith(boundary + "\r\n") || !body.endsWith(boundary + "--\r\n")) {
            throw new AssertionError("multipart body does not open and close with its boundary");
        }
        java.util.List<Part> parts = new java.util.ArrayList<>();
        String inner = body.substring(0, body.length() - (boundary.length() + 4));
        for (String chunk : inner.split(Pattern.quote(boundary + "\r\n"))) {
            if (chunk.isEmpty()) {
                continue;
            }
            int split = chunk.indexOf("\r\n\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : chunk.substring(0, split).split("\r\n")) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            if (!chunk.endsWith("\r\n")) {
                throw new AssertionError("a part does not end with CRLF");
            }
            byte[] data = chunk.substring(split + 4, chunk.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
            Matcher m = NAME.matcher(headers.getOrDefault("content-disposition", ""));
            if (!m.find()) {
                throw new AssertionError("a part without a name: " + headers);
            }
            parts.add(new Part(m.group(1), headers, data));
        }
        return parts;
    }
}
