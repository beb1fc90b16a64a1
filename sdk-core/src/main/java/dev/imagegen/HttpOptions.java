package dev.imagegen;

import java.util.Objects;
import java.util.Optional;

/**
 * How the client's HTTP transport is set up beyond timeouts, set with {@link ImageClient.Builder#http(HttpOptions)}.
 * An immutable value; every setting is optional and only JDK types appear, so the transport underneath stays the
 * SDK's business. {@code toString()} never shows a password or key material.
 *
 * <pre>{@code
 * ImageClient.builder()
 *         .http(HttpOptions.builder()
 *                 .userAgentSuffix("acme-studio/2.3")
 *                 .requestHeaders((request, header) -> header.accept("traceparent", currentTraceparent()))
 *                 .build())
 *         .build();
 * }</pre>
 */
public final class HttpOptions {

    private static final HttpOptions DEFAULTS = new Builder().build();

    private final String userAgentSuffix;
    private final RequestHeaders requestHeaders;

    private HttpOptions(Builder b) {
        this.userAgentSuffix = b.userAgentSuffix;
        this.requestHeaders = b.requestHeaders;
    }

    /** What a client gets without {@link ImageClient.Builder#http(HttpOptions)}: every setting at its default. */
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
        b.userAgentSuffix = userAgentSuffix;
        b.requestHeaders = requestHeaders;
        return b;
    }

    /** What follows {@code imagegen-java/<version>} in the User-Agent. */
    public Optional<String> userAgentSuffix() {
        return Optional.ofNullable(userAgentSuffix);
    }

    /** The hook that adds headers to every request. */
    public Optional<RequestHeaders> requestHeaders() {
        return Optional.ofNullable(requestHeaders);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpOptions h && Objects.equals(userAgentSuffix, h.userAgentSuffix)
                && Objects.equals(requestHeaders, h.requestHeaders);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userAgentSuffix, requestHeaders);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("HttpOptions{");
        if (userAgentSuffix != null) {
            sb.append("userAgentSuffix=").append(userAgentSuffix).append(", ");
        }
        if (requestHeaders != null) {
            sb.append("requestHeaders=").append(requestHeaders.getClass().getName()).append(", ");
        }
        if (sb.charAt(sb.length() - 1) == ' ') {
            sb.setLength(sb.length() - 2);
        }
        return sb.append('}').toString();
    }

    /** Builds {@link HttpOptions}. Not thread-safe. */
    public static final class Builder {
        private String userAgentSuffix;
        private RequestHeaders requestHeaders;

        private Builder() {
        }

        /**
         * Names the application after the SDK in the User-Agent: {@code imagegen-java/<version> <suffix>}, e.g.
         * {@code acme-studio/2.3}, so a vendor's support can tell your traffic apart; {@code null} for none. Printable
         * ASCII only (a header value).
         */
        public Builder userAgentSuffix(String suffix) {
            if (suffix != null && (suffix.isBlank() || !suffix.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
                throw new IllegalArgumentException("userAgentSuffix must be printable ASCII and not blank, got '" + suffix + "'");
            }
            this.userAgentSuffix = suffix == null ? null : suffix.trim();
            return this;
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
