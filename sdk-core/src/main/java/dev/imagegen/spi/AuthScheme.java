package dev.imagegen.spi;

import java.util.Locale;
import java.util.Objects;

/**
 * How a vendor takes the API key. The core, not the provider, puts the key on requests: a provider never sees it, and
 * the core knows which header to redact in logs and to strip when a redirect leaves the vendor's host.
 */
public final class AuthScheme {

    private final String headerName;
    private final String prefix;

    private AuthScheme(String headerName, String prefix) {
        this.headerName = headerName;
        this.prefix = prefix;
    }

    /** {@code Authorization: Bearer KEY}. */
    public static AuthScheme bearer() {
        return new AuthScheme("Authorization", "Bearer ");
    }

    /** The key as the whole value of a header, e.g. {@code x-api-key: KEY}. */
    public static AuthScheme header(String name) {
        Objects.requireNonNull(name, "name");
        return new AuthScheme(name, "");
    }

    /** The header that carries the key. */
    public String headerName() {
        return headerName;
    }

    /** The header value for a key. */
    public String headerValue(String apiKey) {
        return prefix + apiKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthScheme a && headerName.equalsIgnoreCase(a.headerName) && prefix.equals(a.prefix);
    }

    @Override
    public int hashCode() {
        return Objects.hash(headerName.toLowerCase(Locale.ROOT), prefix);
    }

    @Override
    public String toString() {
        return headerName + ": " + prefix + "***";
    }
}
