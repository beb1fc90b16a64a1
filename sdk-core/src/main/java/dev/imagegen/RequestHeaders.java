package dev.imagegen;

/**
 * Adds headers to every HTTP request the client sends: W3C trace context (traceparent), a gateway's own headers.
 * Set with {@link HttpOptions.Builder#requestHeaders(RequestHeaders)}.
 */
@FunctionalInterface
public interface RequestHeaders {
    /**
     * Called before each HTTP request (every hop of API calls, polls, cancels and downloads) on the sending thread.
     * Must be fast and must not throw (what it throws is logged and ignored). Credential headers (Authorization,
     * Proxy-Authorization, x-api-key, Cookie, the provider's own auth header) and headers the provider set are never
     * replaced.
     *
     * <p>Neither are the headers the transport owns ({@code Host}, {@code Content-Length}, {@code Content-Type},
     * {@code Transfer-Encoding}, {@code Connection}, {@code Accept-Encoding}, {@code User-Agent}); a hook that throws
     * adds nothing to that request.
     *
     * @param request what is about to be sent
     * @param header  adds one header (name, value) to the request; call it once per header, or not at all
     */
    void addTo(OutgoingRequest request, java.util.function.BiConsumer<String, String> header);

    /**
     * What is about to be sent: the client-local operation id its events use, the provider id, the provider's label of
     * the request (generate, poll, download, ...), the method, and the URL without any credential.
     *
     * @param operationId the client-local id of the request, as its {@link ImageEventListener} events carry it
     * @param provider    the provider's id
     * @param operation   the provider's label of the request, e.g. {@code generate}, {@code poll}, {@code download}
     * @param method      the HTTP method, e.g. {@code POST}
     * @param url         the absolute URL, without any credential
     */
    record OutgoingRequest(long operationId, String provider, String operation, String method, String url) {
    }
}
