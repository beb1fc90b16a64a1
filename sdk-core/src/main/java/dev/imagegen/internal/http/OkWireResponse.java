package dev.imagegen.internal.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen.internal.Json;
import dev.imagegen.spi.WireResponse;
import okhttp3.Response;
import okio.BufferedSource;
import okio.Okio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@link WireResponse} over an OkHttp response. Reading methods throw {@link UncheckedIOException} wrapping the
 * I/O failure (a {@link BodyTooLargeException} past the cap); the transport turns those into typed errors.
 */
final class OkWireResponse implements WireResponse {

    private final Response response;
    private final long cap;
    private final Target target;
    private BufferedSource source;
    private byte[] bytes;

    OkWireResponse(Response response, long cap, Target target) {
        this.response = response;
        this.cap = cap;
        this.target = target;
    }

    @Override
    public int status() {
        return response.code();
    }

    /** The URL that answered, without the credential when it travels as a query parameter. */
    @Override
    public String url() {
        return loggedUrl().toString();
    }

    okhttp3.HttpUrl loggedUrl() {
        return target.withoutCredential(response.request().url());
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(response.header(name));
    }

    @Override
    public List<String> headers(String name) {
        return response.headers(name);
    }

    /**
     * The Content-Type without its parameters, lower case. Read from the header text rather than through OkHttp's
     * {@code MediaType}, which parses the whole value with regexes on every call: for a well-formed type both give
     * {@code type/subtype}, and a malformed one was already read this way.
     */
    @Override
    public Optional<String> mediaType() {
        String v = response.header("Content-Type");
        return v == null ? Optional.empty() : Optional.of(withoutParameters(v));
    }

    /** {@code value} up to its first ';', trimmed and lower case. */
    static String withoutParameters(String value) {
        int semi = value.indexOf(';');
        return (semi < 0 ? value : value.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    long contentLength() {
        return response.body().contentLength();
    }

    private BufferedSource source() {
        if (bytes != null) {
            throw new IllegalStateException("body already read whole");
        }
        if (source == null) {
            source = Okio.buffer(new CappedSource(response.body().source(), cap));
        }
        return source;
    }

    @Override
    public InputStream bodyStream() {
        if (bytes != null) {
            return new java.io.ByteArrayInputStream(bytes);
        }
        return source().inputStream();
    }

    @Override
    public byte[] bodyBytes() {
        if (bytes == null) {
            try {
                bytes = readAll(source(), contentLength(), cap);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bytes;
    }

    /**
     * Reads the whole body into one array. With a Content-Length within the cap, straight into an array of that size
     * (Okio's {@code readByteArray()} would first buffer every byte in fresh segments, then copy: twice the body);
     * otherwise through pooled chunks and one exact copy. Either way about the body's size is allocated.
     */
    static byte[] readAll(BufferedSource source, long contentLength, long cap) throws IOException {
        if (contentLength >= 0 && contentLength <= cap && contentLength <= Integer.MAX_VALUE - 16) {
            byte[] out = new byte[(int) contentLength];
            int off = 0;
            while (off < out.length) {
                int n = source.read(out, off, out.length - off);
                if (n < 0) {
                    throw new java.io.EOFException("body ended after " + off + " of " + contentLength + " bytes");
                }
                off += n;
            }
            if (!source.exhausted()) {
                // longer than declared: fall back to collecting the rest, still counted against the cap
                try (dev.imagegen.internal.ChunkedOutput rest = new dev.imagegen.internal.ChunkedOutput()) {
                    rest.write(out);
                    source.inputStream().transferTo(rest);
                    return rest.toByteArray();
                }
            }
            return out;
        }
        try (dev.imagegen.internal.ChunkedOutput out = new dev.imagegen.internal.ChunkedOutput()) {
            source.inputStream().transferTo(out);
            return out.toByteArray();
        }
    }

    @Override
    public String bodyText() {
        return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public JsonNode json() {
        try {
            JsonNode node = Json.MAPPER.readTree(bodyBytes());
            if (node == null || node.isMissingNode()) {
                throw new MalformedBodyException("empty body where JSON was expected");
            }
            return node;
        } catch (MalformedBodyException e) {
            throw e;
        } catch (IOException e) {
            throw new MalformedBodyException("malformed JSON: " + firstLine(e.getMessage()));
        }
    }

    @Override
    public Optional<JsonNode> tryJson() {
        try {
            byte[] b = bodyBytes();
            if (b.length == 0) {
                return Optional.empty();
            }
            JsonNode node = Json.MAPPER.readTree(b);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public JsonParser jsonParser() {
        try {
            // unreadable: lets ImageData.readBase64 decode inline images straight from the bytes
            return Json.FACTORY.createParser(dev.imagegen.internal.Base64Images.unreadable(bodyStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A JSON body that does not parse. */
    static final class MalformedBodyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedBodyException(String message) {
            super(message);
        }
    }
}
