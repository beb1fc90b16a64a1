package dev.imagegen.internal.http;

import dev.imagegen.spi.AuthScheme;
import okhttp3.HttpUrl;
import okhttp3.Request;

import java.util.List;
import java.util.Map;

/**
 * Puts the credential on a hop, and only where it belongs: on an API request whose hop is on the API origin (first
 * hop or redirect alike), as the provider's {@link AuthScheme} says (a header with its prefix, or a query parameter).
 * A download, or a hop to any other origin, carries no credential, and the credential-like headers a provider may
 * have set ({@code Authorization}, {@code x-api-key}, {@code Cookie}, ...) are dropped from it.
 */
final class CredentialLayer {

    /** Headers that carry credentials for some vendor, plus the generic ones. */
    static final List<String> CREDENTIAL_HEADERS = List.of("Authorization", "Proxy-Authorization", "Cookie", "x-api-key", "api-key");

    private CredentialLayer() {
    }

    /** Adds the provider's headers and, where it belongs, the credential; returns the URL to send to. */
    static HttpUrl apply(Exchange<?> x, HttpUrl url, Request.Builder b) {
        Target t = x.target();
        boolean credentialed = !x.download() && t.credential() != null && t.sameOrigin(url);
        for (Map.Entry<String, String> h : x.request().headers()) {
            if (credentialed || !isCredentialHeader(h.getKey(), t)) {
                b.addHeader(h.getKey(), h.getValue());
            }
        }
        if (!credentialed) {
            return url;
        }
        if (t.auth().placement() == AuthScheme.Placement.HEADER) {
            b.header(t.auth().name(), t.credential());
            return url;
        }
        return url.newBuilder().setQueryParameter(t.auth().name(), t.credential()).build();
    }

    private static boolean isCredentialHeader(String name, Target t) {
        if (t.auth().placement() == AuthScheme.Placement.HEADER && name.equalsIgnoreCase(t.auth().name())) {
            return true;
        }
        return CREDENTIAL_HEADERS.stream().anyMatch(name::equalsIgnoreCase);
    }
}
