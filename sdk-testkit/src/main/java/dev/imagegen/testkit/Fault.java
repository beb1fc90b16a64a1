package dev.imagegen.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@link ProviderEmulator} does instead of (or on top of) its normal answer when a {@link FaultPlan} rule
 * fires. Immutable; the modifiers ({@link #header}, {@link #body(String)}, {@link #afterDelay}) return new instances.
 *
 * <p>Every fault first waits its {@linkplain #afterDelay(Duration) delay} (if any). Then, by kind:
 * <ul>
 * <li>{@link #status(int)}: answers that status at once. The body is the route's vendor error shape with a generic
 *     message for the status (e.g. Segmind {@code {"error":"..."}}, Lumenfall {@code {"error":{"code":"RATE_LIMITED",..}}})
 *     unless {@link #body(String)} replaces it.</li>
 * <li>{@link #delay(Duration)}: waits, then handles the request normally.</li>
 * <li>{@link #dropConnection()}: closes the connection before writing any byte of a response.</li>
 * <li>{@link #dropMidBody()}: computes the real response, sends its status and headers with chunked framing (no
 *     Content-Length), about half of the body, then closes the connection (no final chunk).</li>
 * <li>{@link #truncatedBody()}: computes the real response, sends a Content-Length of the full body but only about
 *     half of the bytes, then closes the connection.</li>
 * <li>{@link #malformedBody()}: status 200 with a body cut in the middle of the route's JSON
 *     (e.g. <code>{"data":[{"b64_json":</code>), or, on image routes (Segmind v1, storage), bytes that start like a PNG
 *     but are not one.</li>
 * <li>{@link #oversizedBody(long)}: status 200 with exactly that many bytes (Content-Length set), streamed without
 *     holding them in memory: JSON routes get <code>{"data":[{"b64_json":"AAAA...</code>, image routes a PNG signature
 *     followed by zeros.</li>
 * <li>{@link #slowBody(Duration)}: the real response, with the body written in eight pieces and a pause before each.</li>
 * <li>{@link #jobNeverFinishes()}: on a job-creating route (WaveSpeed submit, Segmind queue submit, Lumoz run in
 *     async mode) the job never leaves its in-progress state; on a poll route (WaveSpeed result, Segmind queue
 *     status/result, Lumoz check) that one poll reports the job in progress whatever its age; on a synchronous
 *     route (Segmind v1, Lumoz run, Lumenfall, WaveSpeed sync mode) the request hangs until the emulator closes
 *     (WaveSpeed sync mode instead answers its "Sync mode timed out" body after the processing time).</li>
 * <li>{@link #jobFails(String)}: on a job-creating route the job ends failed with that message once its processing
 *     time has passed; on a poll route the job fails now; on a synchronous route the request fails in the vendor's
 *     shape (Segmind 422 {@code {"error":..}}, Lumoz 500 {@code {"success":false,..}}, Lumenfall 502
 *     {@code UPSTREAM_ERROR}, WaveSpeed sync mode a {@code failed} prediction).</li>
 * </ul>
 * Headers added with {@link #header} are added to whatever response the fault writes.
 */
public final class Fault {
    enum Kind {
        STATUS, DELAY, DROP_CONNECTION, DROP_MID_BODY, TRUNCATED_BODY, MALFORMED_BODY, OVERSIZED_BODY, SLOW_BODY,
        JOB_NEVER_FINISHES, JOB_FAILS
    }

    final Kind kind;
    final Duration delay;
    final int status;
    final Map<String, List<String>> headers;
    final byte[] body;
    final String contentType;
    final long size;
    final Duration perChunk;
    final String message;

    private Fault(Kind kind, Duration delay, int status, Map<String, List<String>> headers, byte[] body,
            String contentType, long size, Duration perChunk, String message) {
        this.kind = kind;
        this.delay = delay;
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.contentType = contentType;
        this.size = size;
        this.perChunk = perChunk;
        this.message = message;
    }

    private static Fault of(Kind kind) {
        return new Fault(kind, Duration.ZERO, 0, Map.of(), null, null, 0, Duration.ZERO, null);
    }

    /**
     * Answers the given HTTP status at once, with the route's vendor error body (or {@link #body(String)}).
     *
     * @param code an HTTP status, 200..599
     */
    public static Fault status(int code) {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("status must be 200..599, got " + code);
        }
        return new Fault(Kind.STATUS, Duration.ZERO, code, Map.of(), null, null, 0, Duration.ZERO, null);
    }

    /** Waits for the given time, then handles the request normally. */
    public static Fault delay(Duration delay) {
        return of(Kind.DELAY).afterDelay(delay);
    }

    /** Closes the connection without sending any response byte. */
    public static Fault dropConnection() {
        return of(Kind.DROP_CONNECTION);
    }

    /** Sends the real status and headers (chunked framing) and part of the real body, then closes the connection. */
    public static Fault dropMidBody() {
        return of(Kind.DROP_MID_BODY);
    }

    /** Sends a Content-Length for the real body but only part of it, then closes the connection. */
    public static Fault truncatedBody() {
        return of(Kind.TRUNCATED_BODY);
    }

    /** Status 200 with a body that is not valid for the route (cut JSON, or a broken image on image routes). */
    public static Fault malformedBody() {
        return of(Kind.MALFORMED_BODY);
    }

    /** Status 200 with exactly this body, sent as {@code application/json}. */
    public static Fault malformedBody(String body) {
        Fault f = of(Kind.MALFORMED_BODY);
        return new Fault(Kind.MALFORMED_BODY, f.delay, 0, f.headers, body.getBytes(StandardCharsets.UTF_8),
                "application/json", 0, f.perChunk, null);
    }

    /** Status 200 with a body of exactly {@code bytes} bytes (streamed, Content-Length set). */
    public static Fault oversizedBody(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0");
        }
        Fault f = of(Kind.OVERSIZED_BODY);
        return new Fault(Kind.OVERSIZED_BODY, f.delay, 0, f.headers, null, null, bytes, f.perChunk, null);
    }

    /** The real response, with its body written in eight pieces, each after a pause of {@code perChunk}. */
    public static Fault slowBody(Duration perChunk) {
        requireNonNegative(perChunk);
        Fault f = of(Kind.SLOW_BODY);
        return new Fault(Kind.SLOW_BODY, f.delay, 0, f.headers, null, null, 0, perChunk, null);
    }

    /** The job (or synchronous generation) never completes; see the class comment for each route kind. */
    public static Fault jobNeverFinishes() {
        return of(Kind.JOB_NEVER_FINISHES);
    }

    /** The job (or synchronous generation) fails with this message, in the vendor's failure shape. */
    public static Fault jobFails(String message) {
        Objects.requireNonNull(message, "message");
        Fault f = of(Kind.JOB_FAILS);
        return new Fault(Kind.JOB_FAILS, f.delay, 0, f.headers, null, null, 0, f.perChunk, message);
    }

    /** A copy that also sends this response header (added to the vendor's or the fault's own headers). */
    public Fault header(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, new ArrayList<>(v)));
        h.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        h.replaceAll((k, v) -> List.copyOf(v));
        return new Fault(kind, delay, status, Map.copyOf(h), body, contentType, size, perChunk, message);
    }

    /**
     * A copy of a {@link #status(int)} fault with this body instead of the vendor error shape. The content type is
     * {@code text/html} when the body starts with {@code <}, else {@code application/json}.
     */
    public Fault body(String body) {
        String type = body.stripLeading().startsWith("<") ? "text/html; charset=utf-8" : "application/json";
        return body(body.getBytes(StandardCharsets.UTF_8), type);
    }

    /** A copy of a {@link #status(int)} fault with this body and content type. */
    public Fault body(byte[] body, String contentType) {
        if (kind != Kind.STATUS) {
            throw new IllegalStateException("body(...) applies to Fault.status(..) only, not " + kind);
        }
        return new Fault(kind, delay, status, headers, body.clone(), Objects.requireNonNull(contentType), size,
                perChunk, message);
    }

    /** A copy that waits this long before doing anything else (for {@link #delay} this is the delay itself). */
    public Fault afterDelay(Duration delay) {
        requireNonNegative(delay);
        return new Fault(kind, delay, status, headers, body, contentType, size, perChunk, message);
    }

    private static void requireNonNegative(Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("duration must be >= 0: " + d);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Fault{").append(kind);
        if (kind == Kind.STATUS) {
            sb.append(' ').append(status);
        }
        if (!delay.isZero()) {
            sb.append(", delay=").append(delay);
        }
        if (kind == Kind.OVERSIZED_BODY) {
            sb.append(", size=").append(size);
        }
        if (message != null) {
            sb.append(", message=").append(message);
        }
        if (!headers.isEmpty()) {
            sb.append(", headers=").append(headers);
        }
        return sb.append('}').toString();
    }
}
