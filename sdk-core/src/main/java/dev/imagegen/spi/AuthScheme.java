package dev.imagegen.spi;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a vendor takes the API key: in a header (the whole value, or after a prefix such as {@code Bearer } or
 * {@code Key }), or in a query parameter. The core, not the provider, puts the key on requests: a provider never sees
 * it, the core adds it only to requests for the provider's API origin, and it knows what to redact.
 */
public final class AuthScheme {

    /** Where the key goes. */
    public enum Placement {
        /** In a request header. */
        HEADER,
        /** In a query parameter of the URL. */
        QUERY
    }

    private final Placement placement;
    private final String name;
    private final String prefix;

    private AuthScheme(Placement placement, String name, String prefix) {
        this.placement = placement;
        this.name = Objects.requireNonNull(name, "name");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        if (name.isBlank()) {
            throw new IllegalArgumentException("the credential's " + placement.name().toLowerCase(Locale.ROOT) + " name is blank");
        }
    }

    /**
     * {@code Authorization: Bearer KEY}.
     *
     * @return the scheme that sends the key as {@code Authorization: Bearer <key>}
     */
    public static AuthScheme bearer() {
        return header("Authorization", "Bearer ");
    }

    /**
     * The key as the whole value of a header, e.g. {@code x-api-key: KEY}.
     *
     * @param name the header that carries the key, e.g. {@code x-api-key} (matched case-insensitively)
     * @return a header scheme with no prefix
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static AuthScheme header(String name) {
        return header(name, "");
    }

    /**
     * The key after a prefix in a header, e.g. {@code header("Authorization", "Key ")} for
     * {@code Authorization: Key KEY}.
     *
     * @param name   the header that carries the key, e.g. {@code Authorization} (matched case-insensitively)
     * @param prefix the text sent before the key, including a trailing space (e.g. {@code "Key "}); {@code ""} for none
     * @return a header scheme with that prefix
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static AuthScheme header(String name, String prefix) {
        return new AuthScheme(Placement.HEADER, name, prefix);
    }

    /**
     * The key as a query parameter, e.g. {@code ?key=KEY}. The core strips the parameter from every URL it logs or hands
     * to the provider; prefer a header where the vendor offers one (URLs end up in proxy logs).
     *
     * @param name the query parameter that carries the key, e.g. {@code key} (matched case-sensitively)
     * @return a query-parameter scheme
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static AuthScheme queryParameter(String name) {
        return new AuthScheme(Placement.QUERY, name, "");
    }

    /**
     * Where the key goes.
     *
     * @return {@link Placement#HEADER} or {@link Placement#QUERY}
     */
    public Placement placement() {
        return placement;
    }

    /**
     * The header or query parameter that carries the key.
     *
     * @return the header name as given (headers compare case-insensitively), or the query parameter's name
     */
    public String name() {
        return name;
    }

    /**
     * The header or parameter value for a key: the prefix, then the key.
     *
     * @param apiKey the API key, unredacted
     * @return the prefix followed by {@code apiKey}, e.g. {@code "Bearer sk-..."}; the key itself for a query parameter
     */
    public String value(String apiKey) {
        return prefix.concat(String.valueOf(apiKey)); // concat, not +: no indy bootstrap while a fresh JVM builds a client
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof AuthScheme a && placement == a.placement && prefix.equals(a.prefix)
                && (placement == Placement.HEADER ? name.equalsIgnoreCase(a.name) : name.equals(a.name));
    }

    @Override
    public int hashCode() {
        return Objects.hash(placement, placement == Placement.HEADER ? name.toLowerCase(Locale.ROOT) : name, prefix);
    }

    @Override
    public String toString() {
        return placement == Placement.HEADER ? name + ": " + prefix + "***" : "?" + name + "=***";
    }
}
