package dev.imagegen;

import java.util.Objects;

/**
 * How the client's HTTP transport is set up beyond timeouts, set with {@link ImageClient.Builder#http(HttpOptions)}.
 * An immutable value; every setting is optional and only JDK types appear, so the transport underneath stays the
 * SDK's business.
 *
 * <pre>{@code
 * ImageClient.builder()
 *         .http(HttpOptions.builder()
 *                 .requestHeaders((request, header) -> header.accept("traceparent", currentTraceparent()))
 *                 .build())
 *         .build();
 * }</pre>
 */
public final class HttpOptions {

    private static final HttpOptions DEFAULTS = new Builder().build();

    private final RequestHeaders requestHeaders;

    private HttpOptions(Builder b) {
        this.requestHeaders = b.requestHeaders;
    }

    /** No extra headers: what a client gets without {@link ImageClient.Builder#http(HttpOptions)}. */
    public static HttpOptions defaults() {
        return DEFAULTS;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.requestHeaders = requestHeaders;
        return b;
    }

    /** The hook that adds headers to every request; {@code null} for none. */
    public RequestHeaders requestHeaders() {
        return requestHeaders;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpOptions h && Objects.equals(requestHeaders, h.requestHeaders);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestHeaders);
    }

    @Override
    public String toString() {
        return "HttpOptions{" + (requestHeaders == null ? "" : "requestHeaders=" + requestHeaders.getClass().getName()) + "}";
    }

    /** Builds {@link HttpOptions}. Not thread-safe. */
    public static final class Builder {
        private RequestHeaders requestHeaders;

        private Builder() {
        }

        /** Adds headers to every HTTP request the client sends (see {@link RequestHeaders}); {@code null} for none. */
        public Builder requestHeaders(RequestHeaders hook) {
            this.requestHeaders = hook;
            return this;
        }

        /** The options. */
        public HttpOptions build() {
            return new HttpOptions(this);
        }
    }
}
