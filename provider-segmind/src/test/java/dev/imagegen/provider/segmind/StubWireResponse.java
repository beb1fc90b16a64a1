package dev.imagegen.provider.segmind;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.spi.WireResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A canned {@link WireResponse} for unit tests of the mapper and parser without HTTP. */
final class StubWireResponse implements WireResponse {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final int status;
    private final String url;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;

    StubWireResponse(int status, String url, String contentType, byte[] body) {
        this.status = status;
        this.url = url;
        this.body = body;
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
    }

    static StubWireResponse text(int status, String url, String contentType, String body) {
        return new StubWireResponse(status, url, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    StubWireResponse header(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
        return this;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public List<String> headers(String name) {
        return header(name).map(List::of).orElse(List.of());
    }

    @Override
    public Optional<String> mediaType() {
        return header("content-type").map(v -> v.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
    }

    @Override
    public InputStream bodyStream() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public byte[] bodyBytes() {
        return body;
    }

    @Override
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public JsonNode json() {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<JsonNode> tryJson() {
        try {
            JsonNode n = MAPPER.readTree(body);
            return n == null || n.isMissingNode() ? Optional.empty() : Optional.of(n);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public JsonParser jsonParser() {
        try {
            return MAPPER.createParser(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
