package dev.imagegen.testkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    /** Parses a multipart body; throws {@link BadBodyException} when it is not well formed. */
    static FormData multipart(String contentType, byte[] body) {
        String boundary = parameter(contentType, "boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw new BadBodyException("multipart body without a boundary parameter");
        }
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        FormData f = new FormData();
        int pos = indexOf(body, delim, 0);
        if (pos < 0) {
            throw new BadBodyException("multipart boundary not found in body");
        }
        while (true) {
            int after = pos + delim.length;
            if (after + 1 < body.length && body[after] == '-' && body[after + 1] == '-') {
                return f; // closing delimiter
            }
            int headersStart = skipLineBreak(body, after);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            if (headersEnd < 0) {
                throw new BadBodyException("multipart part without a header block");
            }
            String headerBlock = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            int dataStart = headersEnd + 4;
            byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            int dataEnd = indexOf(body, next, dataStart);
            if (dataEnd < 0) {
                throw new BadBodyException("multipart part not terminated by the boundary");
            }
            String disposition = null;
            String partType = null;
            for (String line : headerBlock.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (name.equals("content-disposition")) {
                    disposition = value;
                } else if (name.equals("content-type")) {
                    partType = value;
                }
            }
            String name = disposition == null ? null : parameter(disposition, "name");
            if (name == null) {
                throw new BadBodyException("multipart part without a Content-Disposition name");
            }
            String filename = parameter(disposition, "filename");
            byte[] data = java.util.Arrays.copyOfRange(body, dataStart, dataEnd);
            if (filename != null || (partType != null && !partType.toLowerCase(Locale.ROOT).startsWith("text/"))) {
                f.files.computeIfAbsent(name, x -> new ArrayList<>())
                        .add(new FilePart(name, filename, partType, data));
            } else {
                f.fields.computeIfAbsent(name, x -> new ArrayList<>()).add(new String(data, StandardCharsets.UTF_8));
            }
            pos = dataEnd + 2;
        }
    }

    private static int skipLineBreak(byte[] b, int i) {
        if (i + 1 < b.length && b[i] == '\r' && b[i + 1] == '\n') {
            return i + 2;
        }
        return i;
    }

    /** A parameter of a header value such as {@code form-data; name="x"} or {@code multipart/form-data; boundary=y}. */
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

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The request body could not be parsed in the format its content type announced. */
    static final class BadBodyException extends RuntimeException {
        BadBodyException(String message) {
            super(message, null, false, false);
        }
    }
}
