package dev.imagegen.testing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.internal.Json;
import dev.imagegen.spi.WireResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link WireResponse} built from bytes, for unit and fuzz tests of provider parsing without a server: any status,
 * any headers, any body. {@link #expectTypedOutcome} states the contract every parser must keep on arbitrary input.
 */
public final class StubResponse implements WireResponse {

    private final int status;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final byte[] body;
    private String url = "https://api.example.test/stub";

    private StubResponse(int status, byte[] body) {
        this.status = status;
        this.body = body;
    }

    /** A response with this status and body and no headers yet. */
    public static StubResponse of(int status, byte[] body) {
        return new StubResponse(status, body);
    }

    /** A response with this status and UTF-8 body and no headers yet. */
    public static StubResponse of(int status, String body) {
        return new StubResponse(status, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A response from {@code url} with a Content-Type (null for none) and a UTF-8 body. */
    public static StubResponse of(int status, String url, String contentType, String body) {
        StubResponse r = of(status, body).url(url);
        return contentType == null ? r : r.header("Content-Type", contentType);
    }

    /** Sets the URL that answered. */
    public StubResponse url(String url) {
        this.url = url;
        return this;
    }

    /** Adds a header (names are case-insensitive). */
    public StubResponse header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
    }

    /**
     * Runs a provider call on fuzzed input. It may return, or throw one of the SDK's typed
     * {@link ImageGenerationException}s, or an {@link UncheckedIOException} (the SPI's way to say "this body cannot be
     * read", which the transport reports as a typed error). Anything else is a bug in the parser: it is rethrown as an
     * {@link AssertionError} carrying the original.
     */
    public static void expectTypedOutcome(Runnable call) {
        try {
            call.run();
        } catch (ImageGenerationException | UncheckedIOException expected) {
            // typed: what the contract allows
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("untyped " + e.getClass().getName() + " from a provider parser: " + e.getMessage(), e);
        }
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
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    @Override
    public List<String> headers(String name) {
        return List.copyOf(headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
    }

    @Override
    public Optional<String> mediaType() {
        return header("content-type").map(v -> {
            int semi = v.indexOf(';');
            return (semi < 0 ? v : v.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        }).filter(s -> !s.isEmpty());
    }

    @Override
    public InputStream bodyStream() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public byte[] bodyBytes() {
        return body.clone();
    }

    @Override
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public JsonNode json() {
        return tryJson().orElseThrow(() -> new UncheckedIOException(new IOException("malformed JSON body")));
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
