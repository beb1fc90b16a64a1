package dev.imagegen.provider.lumenfall;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen.spi.ImageData;
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

/** A {@link WireResponse} over bytes, for unit tests of the mapper and parsers without HTTP. */
final class FakeWireResponse implements WireResponse {

    private final int status;
    private final byte[] body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    FakeWireResponse(int status, byte[] body) {
        this.status = status;
        this.body = body;
    }

    static FakeWireResponse of(int status, String body) {
        return new FakeWireResponse(status, body.getBytes(StandardCharsets.UTF_8));
    }

    FakeWireResponse header(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
        return this;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String url() {
        return "https://api.lumenfall.ai/openai/v1/images/generations";
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
        return header("Content-Type").map(v -> v.split(";", 2)[0].trim());
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
            return LumenfallTestSupport.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<JsonNode> tryJson() {
        try {
            JsonNode n = LumenfallTestSupport.MAPPER.readTree(body);
            return n == null || n.isMissingNode() ? Optional.empty() : Optional.of(n);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public JsonParser jsonParser() {
        try {
            return ImageData.parser(bodyStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
