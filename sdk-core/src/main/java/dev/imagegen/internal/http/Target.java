package dev.imagegen.internal.http;

import dev.imagegen.internal.Redaction;
import okhttp3.HttpUrl;

import java.util.Objects;

/**
 * Where one provider's requests go and how they authenticate. The credential is added only to requests whose origin
 * (scheme, host, port) is the API origin.
 *
 * @param providerId       the provider id
 * @param apiOrigin        the API base URL (only its origin matters)
 * @param authHeader       the credential header's name
 * @param authValue        the credential header's value (a secret: never logged, redacted in toString)
 * @param allowLoopbackHttp whether output URLs may be plain http on a loopback host
 */
public record Target(String providerId, HttpUrl apiOrigin, String authHeader, String authValue, boolean allowLoopbackHttp) {

    /** Checks the fields. */
    public Target {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(apiOrigin, "apiOrigin");
    }

    /** Whether {@code url} has the API's scheme, host and port. */
    public boolean sameOrigin(HttpUrl url) {
        return url.scheme().equals(apiOrigin.scheme()) && url.host().equalsIgnoreCase(apiOrigin.host())
                && url.port() == apiOrigin.port();
    }

    @Override
    public String toString() {
        return "Target{" + providerId + ", " + apiOrigin + ", " + authHeader + ": " + Redaction.secret(authValue) + "}";
    }
}
