package dev.imagegen.spi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * An HTTP answer as the core hands it to a provider. The body is read at most once, either as a stream
 * ({@link #bodyStream()}, {@link #jsonParser()}) or whole ({@link #bodyBytes()}, {@link #bodyText()}, {@link #json()});
 * it is capped by counting bytes, and reading past the cap is an {@link dev.imagegen.InvalidResponseException}. Malformed
 * JSON read through {@link #json()} is an {@link dev.imagegen.InvalidResponseException} too.
 */
public interface WireResponse {

    /** The HTTP status. */
    int status();

    /** The URL that answered (after any redirect). */
    String url();

    /** The first value of a header, case-insensitive. */
    Optional<String> header(String name);

    /** All values of a header, case-insensitive. */
    List<String> headers(String name);

    /** The media type without parameters, lower case, e.g. {@code application/json}. */
    Optional<String> mediaType();

    /** The body as a stream. Closing it is optional: the core closes the response. */
    InputStream bodyStream();

    /** The whole body. */
    byte[] bodyBytes();

    /** The whole body as UTF-8 text. */
    String bodyText();

    /** The body as a JSON tree. For large bodies with images in them prefer {@link #jsonParser()}. */
    JsonNode json();

    /**
     * The body as a JSON tree when it is JSON, else empty (an HTML error page, plain text, a truncated body). For error
     * bodies, which vendors do not always send as JSON. Reads the whole body.
     */
    Optional<JsonNode> tryJson();

    /** A streaming parser over the body; pair with {@link ImageData#readBase64(JsonParser)} for inline images. */
    JsonParser jsonParser();
}
