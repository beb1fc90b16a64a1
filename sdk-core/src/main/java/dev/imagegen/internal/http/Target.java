package dev.imagegen.internal.http;

import dev.imagegen.internal.Redaction;
import dev.imagegen.spi.AuthScheme;
import okhttp3.HttpUrl;

import java.util.Objects;

/**
 * Where one provider's requests go and how they authenticate. The credential is added only to requests whose origin
 * (scheme, host, port) is the API origin.
 *
 * @param providerId        the provider id
 * @param apiOrigin         the API base URL (only its origin matters)
 * @param auth              how the vendor takes the key
 * @param credential        the header or query value ({@link AuthScheme#value}); a secret: never logged, redacted in
 *                          toString; null for none
 * @param trustLocalOutputs whether output URLs may be on loopback, link-local or private addresses, and plain http on a
 *                          loopback host: when the API itself is on such an address (an emulator, a proxy), or the user
 *                          allowed it
 */
public record Target(String providerId, HttpUrl apiOrigin, AuthScheme auth, String credential, boolean trustLocalOutputs) {

    /** Checks the fields. */
    public Target {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(apiOrigin, "apiOrigin");
        Objects.requireNonNull(auth, "auth");
    }

    /** Whether {@code url} has the API's scheme, host and port. */
    public boolean sameOrigin(HttpUrl url) {
        return url.scheme().equals(apiOrigin.scheme()) && url.host().equalsIgnoreCase(apiOrigin.host())
                && url.port() == apiOrigin.port();
    }

    /** {@code url} without the credential's query parameter (for what is logged or handed to the provider). */
    public HttpUrl withoutCredential(HttpUrl url) {
        if (auth.placement() != AuthScheme.Placement.QUERY || url.queryParameter(auth.name()) == null) {
            return url;
        }
        return url.newBuilder().removeAllQueryParameters(auth.name()).build();
    }

    @Override
    public String toString() {
        return "Target{" + providerId + ", " + apiOrigin + ", " + auth.placement().name().toLowerCase(java.util.Locale.ROOT) + " "
                + auth.name() + "=" + Redaction.secret(credential) + "}";
    }
}
