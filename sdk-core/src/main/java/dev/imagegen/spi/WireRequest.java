package dev.imagegen.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request as a provider describes it: method, absolute URL, headers, body, and whether it starts paid work.
 * The core adds the credential header, sends it, retries it under its policy and reads the answer.
 */
public final class WireRequest {

    private final String method;
    private final String url;
    private final List<Map.Entry<String, String>> headers;
    private final @Nullable WireBody body;
    private final boolean paid;
    private final String operation;

    private WireRequest(Builder b) {
        this.method = b.method;
        this.url = Objects.requireNonNull(b.url, "url");
        this.headers = List.copyOf(b.headers);
        this.body = b.body;
        this.paid = b.paid;
        this.operation = b.operation;
    }

    /** A POST to {@code url}. */
    public static Builder post(String url) {
        return new Builder("POST", url);
    }

    /** A GET of {@code url}. */
    public static Builder get(String url) {
        return new Builder("GET", url);
    }

    /** A PUT to {@code url} (e.g. a vendor's cancel endpoint). */
    public static Builder put(String url) {
        return new Builder("PUT", url);
    }

    /** A DELETE of {@code url}. */
    public static Builder delete(String url) {
        return new Builder("DELETE", url);
    }

    /**
     * A request with any HTTP method, e.g. {@code PATCH}. The method is an HTTP token in upper case.
     *
     * @throws IllegalArgumentException when {@code method} is not an upper-case token
     */
    public static Builder of(String method, String url) {
        Objects.requireNonNull(method, "method");
        if (!method.matches("[A-Z][A-Z_-]*")) {
            throw new IllegalArgumentException("HTTP method must be an upper-case token, got '" + method + "'");
        }
        return new Builder(method, url);
    }

    /** The HTTP method. */
    public String method() {
        return method;
    }

    /** The absolute URL. */
    public String url() {
        return url;
    }

    /** Headers to send, in order (never the credential: the core adds it). */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** The body, or null for none. */
    public @Nullable WireBody body() {
        return body;
    }

    /**
     * Whether sending this request may start billable work. A paid request is re-sent only when the core knows nothing
     * reached the vendor, or the vendor said it did nothing (429, 503); otherwise a lost answer is an
     * {@link dev.imagegen.OutcomeUnknownException}. A redirect answered to a paid request is never followed (that would
     * send it a second time): the call fails with an {@link dev.imagegen.InvalidResponseException} naming the target.
     */
    public boolean paid() {
        return paid;
    }

    /** A short name for logs and events, e.g. {@code generate}, {@code poll}. */
    public String operation() {
        return operation;
    }

    @Override
    public String toString() {
        return method + " " + url + (paid ? " (paid)" : "");
    }

    /** Builds a {@link WireRequest}. */
    public static final class Builder {
        private final String method;
        private final String url;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private @Nullable WireBody body;
        private boolean paid;
        private String operation;

        private Builder(String method, String url) {
            this.method = method;
            this.url = url;
            this.operation = method.toLowerCase(Locale.ROOT);
        }

        /** Adds a header. */
        public Builder header(String name, String value) {
            headers.add(Map.entry(name, value));
            return this;
        }

        /** The body. */
        public Builder body(@Nullable WireBody body) {
            this.body = body;
            return this;
        }

        /** Marks the request as starting billable work (see {@link WireRequest#paid()}). */
        public Builder paid(boolean paid) {
            this.paid = paid;
            return this;
        }

        /** A short name for logs and events. */
        public Builder operation(String operation) {
            this.operation = operation;
            return this;
        }

        /** Builds the request. */
        public WireRequest build() {
            return new WireRequest(this);
        }
    }
}
