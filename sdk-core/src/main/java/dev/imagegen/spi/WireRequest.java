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

    /**
     * A POST to {@code url}.
     *
     * @param url the absolute URL, usually built with {@link ProviderConfig#url(String)}
     * @return a builder for the request
     */
    public static Builder post(String url) {
        return new Builder("POST", url);
    }

    /**
     * A GET of {@code url}.
     *
     * @param url the absolute URL
     * @return a builder for the request
     */
    public static Builder get(String url) {
        return new Builder("GET", url);
    }

    /**
     * A PUT to {@code url} (e.g. a vendor's cancel endpoint).
     *
     * @param url the absolute URL
     * @return a builder for the request
     */
    public static Builder put(String url) {
        return new Builder("PUT", url);
    }

    /**
     * A DELETE of {@code url}.
     *
     * @param url the absolute URL
     * @return a builder for the request
     */
    public static Builder delete(String url) {
        return new Builder("DELETE", url);
    }

    /**
     * A request with any HTTP method, e.g. {@code PATCH}. The method is an HTTP token in upper case.
     *
     * @param method the HTTP method, e.g. {@code PATCH}
     * @param url    the absolute URL
     * @return a builder for the request
     * @throws IllegalArgumentException when {@code method} is not an upper-case token
     */
    public static Builder of(String method, String url) {
        Objects.requireNonNull(method, "method");
        if (!method.matches("[A-Z][A-Z_-]*")) {
            throw new IllegalArgumentException("HTTP method must be an upper-case token, got '" + method + "'");
        }
        return new Builder(method, url);
    }

    /**
     * The HTTP method.
     *
     * @return the upper-case HTTP method, e.g. {@code POST}
     */
    public String method() {
        return method;
    }

    /**
     * The absolute URL.
     *
     * @return the absolute URL, without the credential (for query-parameter schemes the core adds it when sending)
     */
    public String url() {
        return url;
    }

    /**
     * Headers to send, in order (never the credential: the core adds it).
     *
     * @return the headers as name-value pairs, unmodifiable; a name may repeat
     */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /**
     * The body, or null for none.
     *
     * @return the body, or null for a request without one (e.g. a GET)
     */
    public @Nullable WireBody body() {
        return body;
    }

    /**
     * Whether sending this request may start billable work. A paid request is re-sent only when the core knows nothing
     * reached the vendor, or the vendor said it did nothing (429, 503); otherwise a lost answer is an
     * {@link dev.imagegen.OutcomeUnknownException}. A redirect answered to a paid request is never followed (that would
     * send it a second time): the call fails with an {@link dev.imagegen.InvalidResponseException} naming the target.
     *
     * @return true if the request may start billable work; false by default
     */
    public boolean paid() {
        return paid;
    }

    /**
     * A short name for logs and events, e.g. {@code generate}, {@code poll}.
     *
     * @return the operation's name; by default the method in lower case
     */
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

        /**
         * Adds a header.
         *
         * @param name  the header name; never the credential's, which the core adds
         * @param value the header value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.add(Map.entry(name, value));
            return this;
        }

        /**
         * The body.
         *
         * @param body the body, or null for none (the default)
         * @return this builder
         */
        public Builder body(@Nullable WireBody body) {
            this.body = body;
            return this;
        }

        /**
         * Marks the request as starting billable work (see {@link WireRequest#paid()}).
         *
         * @param paid true if sending the request may start billable work; false (the default) lets the core retry it
         * @return this builder
         */
        public Builder paid(boolean paid) {
            this.paid = paid;
            return this;
        }

        /**
         * A short name for logs and events.
         *
         * @param operation a short lower-case name, e.g. {@code generate}; defaults to the method in lower case
         * @return this builder
         */
        public Builder operation(String operation) {
            this.operation = operation;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws NullPointerException if the URL is null
         */
        public WireRequest build() {
            return new WireRequest(this);
        }
    }
}
