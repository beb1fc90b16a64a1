package dev.imagegen.provider.lumoz;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.imagegen.spi.ImageData;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A LumozAI JSON answer read into its scalar values by path ({@code success}, {@code data.request_id},
 * {@code data.output[0]}, {@code error.message}). Every scalar is kept as the text the vendor wrote: the 15-digit
 * {@code request_id} is never read through a double, and a larger one would not lose digits either.
 *
 * <p>LumozAI documents one success shape, {@code {"success":true,"data":{"request_id":...,"output":"https://...",
 * "output_type":"image"}}}; its error shape {@code {"success":false,"message":"..."}} is inferred from its sample code.
 * The readers below also take {@code error} (a string or {@code {"message"}}) and the same fields at the top level.
 */
final class LumozAnswer {

    private final Map<String, String> values;

    private LumozAnswer(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Reads a JSON object.
     *
     * @throws IOException when the body is not a JSON object
     */
    static LumozAnswer read(byte[] body) throws IOException {
        try (JsonParser p = ImageData.parser(new ByteArrayInputStream(body))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            Map<String, String> values = new LinkedHashMap<>();
            readObject(p, "", values);
            if (p.nextToken() != null) {
                throw new IOException("unexpected content after the JSON object");
            }
            return new LumozAnswer(values);
        }
    }

    /** Reads a JSON object, or empty when the body is anything else (an HTML page, plain text, nothing). */
    static Optional<LumozAnswer> tryRead(byte[] body) {
        try {
            return Optional.of(read(body));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void readObject(JsonParser p, String prefix, Map<String, String> out) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = prefix + p.currentName();
            p.nextToken();
            readValue(p, name, out);
        }
    }

    private static void readValue(JsonParser p, String path, Map<String, String> out) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            readObject(p, path + ".", out);
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                readValue(p, path + "[" + i++ + "]", out);
            }
        } else if (t != JsonToken.VALUE_NULL) {
            // getText() gives numbers exactly as written, so no digit of a long id is lost.
            out.put(path, p.getText());
        }
    }

    /** A scalar by path, e.g. {@code data.request_id}. */
    Optional<String> get(String path) {
        return Optional.ofNullable(values.get(path)).filter(v -> !v.isBlank());
    }

    /** {@code success} as the vendor wrote it: true, false, or empty when absent. */
    Optional<Boolean> success() {
        return get("success").map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> Boolean.TRUE;
            default -> Boolean.FALSE;
        });
    }

    /** The vendor's error or status text: {@code message}, {@code error}, {@code error.message}, or the same under data. */
    Optional<String> message() {
        return first("message", "error", "error.message", "data.message", "data.error", "data.error.message", "detail");
    }

    /** The request id, as written (never through a double). */
    Optional<String> requestId() {
        return first("data.request_id", "request_id", "data.id");
    }

    /** The job status word, lower case, when present. */
    Optional<String> status() {
        return first("data.status", "status").map(s -> s.trim().toLowerCase(Locale.ROOT));
    }

    /** The output URLs: {@code data.output} as a string or an array of strings (also at the top level). */
    List<String> outputs() {
        List<String> urls = new ArrayList<>();
        for (String base : List.of("data.output", "output")) {
            get(base).ifPresent(urls::add);
            for (int i = 0; values.containsKey(base + "[" + i + "]"); i++) {
                get(base + "[" + i + "]").ifPresent(urls::add);
            }
            if (!urls.isEmpty()) {
                break;
            }
        }
        return urls;
    }

    private Optional<String> first(String... paths) {
        for (String path : paths) {
            Optional<String> v = get(path);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }
}
