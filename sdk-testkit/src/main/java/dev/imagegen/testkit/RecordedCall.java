package dev.imagegen.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as the {@link ProviderEmulator} received it: method, path with query, headers, body and the
 * route it matched. Immutable. Bodies larger than {@link #MAX_RECORDED_BODY_BYTES} are recorded cut to that size
 * (see {@link #bodyTruncated()}) so that a long soak test cannot fill the heap through the log.
 */
public final class RecordedCall {
    /** Largest body kept in the log, in bytes (4 MiB). */
    public static final int MAX_RECORDED_BODY_BYTES = 4 * 1024 * 1024;

    private final String method;
    private final String pathAndQuery;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final boolean bodyTruncated;
    private final String route;
    private final Instant receivedAt;

    RecordedCall(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body, String route,
            Instant receivedAt) {
        this.method = method;
        this.pathAndQuery = pathAndQuery;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        copy.replaceAll((k, v) -> List.copyOf(v));
        this.headers = Collections.unmodifiableMap(copy);
        this.bodyTruncated = body.length > MAX_RECORDED_BODY_BYTES;
        this.body = bodyTruncated ? java.util.Arrays.copyOf(body, MAX_RECORDED_BODY_BYTES) : body;
        this.route = route;
        this.receivedAt = receivedAt;
    }

    /** The HTTP method, e.g. {@code POST}. */
    public String method() {
        return method;
    }

    /** The request target as sent: path plus {@code ?query} when there was one. */
    public String pathAndQuery() {
        return pathAndQuery;
    }

    /** The path without the query. */
    public String path() {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    /** All request headers; lookups on this map ignore case. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header (name compared without case), if present. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** A copy of the request body (possibly cut, see {@link #bodyTruncated()}). */
    public byte[] body() {
        return body.clone();
    }

    /** The request body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the body was longer than {@link #MAX_RECORDED_BODY_BYTES} and was cut in this record. */
    public boolean bodyTruncated() {
        return bodyTruncated;
    }

    /** The route name the request matched (one of {@link Routes#ALL}). */
    public String route() {
        return route;
    }

    /** When the emulator finished reading the request. */
    public Instant receivedAt() {
        return receivedAt;
    }

    @Override
    public String toString() {
        return "RecordedCall{" + method + ' ' + pathAndQuery + ", route=" + route + ", body=" + body.length
                + " bytes, receivedAt=" + receivedAt + '}';
    }
}
