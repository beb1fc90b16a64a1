package dev.imagegen.internal.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen.internal.Json;
import dev.imagegen.spi.WireResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** A {@link WireResponse} over bytes the SDK did not fetch itself, such as a webhook payload. */
public final class BytesWireResponse implements WireResponse {

    private final byte[] body;

    private BytesWireResponse(byte[] body) {
        this.body = body;
    }

    /** A 200 JSON response with this body. */
    public static BytesWireResponse json(byte[] body) {
        return new BytesWireResponse(body);
    }

    @Override
    public int status() {
        return 200;
    }

    @Override
    public String url() {
        return "webhook:";
    }

    @Override
    public Optional<String> header(String name) {
        return name.equalsIgnoreCase("Content-Type") ? Optional.of("application/json") : Optional.empty();
    }

    @Override
    public List<String> headers(String name) {
        return header(name).map(List::of).orElse(List.of());
    }

    @Override
    public Optional<String> mediaType() {
        return Optional.of("application/json");
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
        return tryJson().orElseThrow(() -> new UncheckedIOException(new IOException("malformed JSON payload")));
    }

    @Override
    public Optional<JsonNode> tryJson() {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            return n == null || n.isMissingNode() ? Optional.empty() : Optional.of(n);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public JsonParser jsonParser() {
        try {
            return Json.FACTORY.createParser(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
