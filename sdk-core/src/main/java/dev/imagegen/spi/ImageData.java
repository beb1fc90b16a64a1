package dev.imagegen.spi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.imagegen.internal.Base64Images;

import java.io.IOException;
import java.io.InputStream;

/**
 * Helpers for images inlined in JSON as base64. They decode while parsing, so a 20 MB image never becomes a Java
 * String (Jackson also refuses strings over 20 million characters).
 */
public final class ImageData {

    private ImageData() {
    }

    /**
     * Decodes the base64 string at the parser's current token (padded or not) into bytes, without materialising the
     * string. For values that may carry a {@code data:image/...;base64,} prefix, create the parser over
     * {@link #withoutDataUriPrefixes(InputStream)}.
     *
     * @param parser a parser positioned on the string value; it is left on that token
     * @return the decoded bytes
     * @throws IOException when the value is not a string or not valid base64
     */
    public static byte[] readBase64(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw new IOException("expected a base64 string, got " + parser.currentToken());
        }
        return Base64Images.read(parser);
    }

    /**
     * Decodes a base64 string (padded or not, with or without a {@code data:} URI prefix).
     *
     * @param text the base64 text in the standard alphabet, optionally prefixed with {@code data:<type>;base64,};
     *             line breaks and other characters outside the alphabet are skipped
     * @return the decoded bytes
     * @throws IllegalArgumentException if a {@code data:} prefix is not a base64 one, or the padding is wrong
     */
    public static byte[] decodeBase64(String text) {
        return Base64Images.decode(text);
    }

    /**
     * A view of a JSON stream in which every string value that starts with {@code data:image/<type>;base64,} starts
     * after that prefix instead. Only string values (not keys) starting with exactly that shape are changed.
     *
     * @param json the JSON document as UTF-8 bytes; closed when the returned stream is closed
     * @return a stream of the same document with the {@code data:} prefixes of image string values removed
     */
    public static InputStream withoutDataUriPrefixes(InputStream json) {
        return Base64Images.stripDataUriPrefixes(json);
    }

    /**
     * The media type of image bytes from their magic number (PNG, JPEG, WebP, GIF, AVIF), if recognised.
     *
     * @param bytes the image bytes, or at least their first few dozen
     * @return the media type, e.g. {@code image/png}; empty when the magic number is none of the five
     */
    public static java.util.Optional<String> sniff(byte[] bytes) {
        return dev.imagegen.internal.MediaTypes.sniff(bytes, bytes.length);
    }

    /**
     * A streaming parser over {@code json}, set up as the core's own. Jackson's limit of 20 million characters per
     * String applies to text read as a String; {@link #readBase64(JsonParser)} is not subject to it.
     *
     * @param json the JSON document; the parser closes it when closed
     * @return a new parser, not yet advanced to the first token
     * @throws IOException if Jackson cannot start reading the stream
     */
    public static JsonParser parser(InputStream json) throws IOException {
        return dev.imagegen.internal.Json.FACTORY.createParser(json);
    }
}
