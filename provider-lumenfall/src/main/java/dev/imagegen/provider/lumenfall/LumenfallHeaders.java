package dev.imagegen.provider.lumenfall;

import dev.imagegen.spi.WireResponse;

/** The response headers Lumenfall adds, and the metadata keys the SDK keeps them under. */
final class LumenfallHeaders {

    /** The upstream provider Lumenfall routed the request to, e.g. {@code fal}. */
    static final String PROVIDER = "X-Lumenfall-Provider";
    /** The upstream model id, e.g. {@code fal-ai/hidream-i1-full}. */
    static final String MODEL = "X-Lumenfall-Model";
    /** Lumenfall's request id. */
    static final String REQUEST_ID = "X-Lumenfall-Request-Id";

    /** Metadata key for {@link #PROVIDER}. */
    static final String META_UPSTREAM_PROVIDER = "upstreamProvider";
    /** Metadata key for {@link #MODEL}. */
    static final String META_UPSTREAM_MODEL = "upstreamModel";

    private LumenfallHeaders() {
    }

    /** Lumenfall's request id, else a generic {@code x-request-id}, else null. */
    static String requestId(WireResponse response) {
        return response.header(REQUEST_ID).or(() -> response.header("x-request-id")).orElse(null);
    }
}
