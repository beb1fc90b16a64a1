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

    /**
     * The HTTP status.
     *
     * @return the status code, e.g. {@code 200}
     */
    int status();

    /**
     * The URL that answered (after any redirect).
     *
     * @return the absolute URL of the final answer
     */
    String url();

    /**
     * The first value of a header, case-insensitive.
     *
     * @param name the header name, in any case
     * @return the first value, or empty when the header is absent
     */
    Optional<String> header(String name);

    /**
     * All values of a header, case-insensitive.
     *
     * @param name the header name, in any case
     * @return every value in the order received; empty when the header is absent
     */
    List<String> headers(String name);

    /**
     * The media type without parameters, lower case, e.g. {@code application/json}.
     *
     * @return the media type, or empty when the answer has no Content-Type
     */
    Optional<String> mediaType();

    /**
     * The body as a stream. Closing it is optional: the core closes the response.
     *
     * @return the body; reading past the size cap throws {@link dev.imagegen.InvalidResponseException}
     */
    InputStream bodyStream();

    /**
     * The whole body.
     *
     * @return the body's bytes
     * @throws dev.imagegen.InvalidResponseException if the body is larger than the cap
     */
    byte[] bodyBytes();

    /**
     * The whole body as UTF-8 text.
     *
     * @return the body decoded as UTF-8
     * @throws dev.imagegen.InvalidResponseException if the body is larger than the cap
     */
    String bodyText();

    /**
     * The body as a JSON tree. For large bodies with images in them prefer {@link #jsonParser()}.
     *
     * @return the parsed body
     * @throws dev.imagegen.InvalidResponseException if the body is not JSON or is larger than the cap
     */
    JsonNode json();

    /**
     * The body as a JSON tree when it is JSON, else empty (an HTML error page, plain text, a truncated body). For error
     * bodies, which vendors do not always send as JSON. Reads the whole body.
     *
     * @return the parsed body, or empty when it is not JSON
     */
    Optional<JsonNode> tryJson();

    /**
     * A streaming parser over the body; pair with {@link ImageData#readBase64(JsonParser)} for inline images.
     *
     * @return a parser over the body, not yet advanced to the first token
     */
    JsonParser jsonParser();
}
