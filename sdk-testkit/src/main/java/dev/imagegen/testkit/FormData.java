package dev.imagegen.testkit;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;

/** Parsed form fields: {@code application/x-www-form-urlencoded}, a query string, or {@code multipart/form-data}. */
final class FormData {
    /** One multipart part that carried a file name (or a non-text content type). */
    record FilePart(String name, String filename, String contentType, byte[] bytes) {
    }

    final Map<String, List<String>> fields = new LinkedHashMap<>();
    final Map<String, List<FilePart>> files = new LinkedHashMap<>();

    String first(String name) {
        List<String> v = fields.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    List<FilePart> files(String name) {
        return files.getOrDefault(name, List.of());
    }

    static FormData urlEncoded(String s) {
        FormData f = new FormData();
        if (s == null || s.isEmpty()) {
            return f;
        }
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                f.fields.computeIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), x -> new ArrayList<>())
                        .add(URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new BadBodyException("malformed url-encoded body: " + e.getMessage());
            }
        }
        return f;
    }

    /**
     * Parses a multipart body with OkHttp's {@link MultipartReader} (the SDK's own HTTP library, so the emulator reads
     * parts exactly as strictly as a well-known implementation does); throws {@link BadBodyException} when it is not
     * well formed.
     */
    static FormData multipart(String contentType, byte[] body) {
        MediaType type = contentType == null ? null : MediaType.parse(contentType);
        String boundary = type == null ? null : type.parameter("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw new BadBodyException("multipart body without a boundary parameter");
        }
        FormData f = new FormData();
        try (MultipartReader reader = new MultipartReader(new Buffer().write(body), boundary)) {
            for (MultipartReader.Part part = reader.nextPart(); part != null; part = reader.nextPart()) {
                f.add(part.headers(), part.body().readByteArray());
            }
        } catch (IOException e) {
            throw new BadBodyException("malformed multipart body: " + e.getMessage());
        }
        return f;
    }

    private void add(Headers partHeaders, byte[] data) {
        String disposition = partHeaders.get("Content-Disposition");
        String partType = partHeaders.get("Content-Type");
        String name = disposition == null ? null : parameter(disposition, "name");
        if (name == null) {
            throw new BadBodyException("multipart part without a Content-Disposition name");
        }
        String filename = parameter(disposition, "filename");
        if (filename != null || (partType != null && !partType.toLowerCase(Locale.ROOT).startsWith("text/"))) {
            files.computeIfAbsent(name, x -> new ArrayList<>()).add(new FilePart(name, filename, partType, data));
        } else {
            fields.computeIfAbsent(name, x -> new ArrayList<>()).add(new String(data, StandardCharsets.UTF_8));
        }
    }

    /** A parameter of a header value such as {@code form-data; name="x"; filename="y"}. */
    static String parameter(String headerValue, String param) {
        int i = 0;
        String lower = headerValue.toLowerCase(Locale.ROOT);
        String key = param.toLowerCase(Locale.ROOT) + "=";
        while ((i = lower.indexOf(key, i)) >= 0) {
            boolean atStart = i == 0 || lower.charAt(i - 1) == ';' || lower.charAt(i - 1) == ' '
                    || lower.charAt(i - 1) == '\t';
            if (!atStart) {
                i += key.length();
                continue;
            }
            int v = i + key.length();
            if (v < headerValue.length() && headerValue.charAt(v) == '"') {
                int end = headerValue.indexOf('"', v + 1);
                return end < 0 ? headerValue.substring(v + 1) : headerValue.substring(v + 1, end);
            }
            int end = headerValue.indexOf(';', v);
            return (end < 0 ? headerValue.substring(v) : headerValue.substring(v, end)).trim();
        }
        return null;
    }

    /** The request body could not be parsed in the format its content type announced. */
    static final class BadBodyException extends RuntimeException {
        BadBodyException(String message) {
            super(message, null, false, false);
        }
    }
}
