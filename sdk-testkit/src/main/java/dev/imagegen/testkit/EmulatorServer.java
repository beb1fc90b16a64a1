package dev.imagegen.testkit;

import static dev.imagegen.testkit.Json.obj;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one {@link HttpHandler} behind the emulator: reads the request, records it, matches the route, applies a
 * fault if a rule fires, dispatches to the vendor's routes and writes the answer.
 *
 * <p>Connection-level faults rely on a documented-by-behaviour property of the JDK server: when a handler throws,
 * the server closes the connection without completing the exchange. {@link AbortExchange} is thrown for that.
 */
final class EmulatorServer implements HttpHandler {
    /** Thrown to make the JDK server close the connection as it stands. */
    static final class AbortExchange extends RuntimeException {
        AbortExchange() {
            super("exchange aborted by the emulator", null, false, false);
        }
    }

    private final EmulatorState state;
    private final FaultPlan faults;
    private final int logLimit;
    private final ArrayDeque<RecordedCall> log = new ArrayDeque<>();
    /** Calls not yet returned by {@link #take}, oldest first; bounded like the log. Guarded by {@link #log}. */
    private final ArrayDeque<RecordedCall> untaken = new ArrayDeque<>();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final LumozRoutes lumoz;
    private final SegmindRoutes segmind;
    private final WaveSpeedRoutes wavespeed;
    private final LumenfallRoutes lumenfall;
    private final FalRoutes fal;

    EmulatorServer(EmulatorState state, FaultPlan faults, int logLimit) {
        this.state = state;
        this.faults = faults;
        this.logLimit = logLimit;
        this.lumoz = new LumozRoutes(state);
        this.segmind = new SegmindRoutes(state);
        this.wavespeed = new WaveSpeedRoutes(state);
        this.lumenfall = new LumenfallRoutes(state);
        this.fal = new FalRoutes(state);
    }

    // ---- request log ----

    List<RecordedCall> requests() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    int count(String route) {
        LongAdder a = counts.get(route);
        return a == null ? 0 : a.intValue();
    }

    void clear() {
        synchronized (log) {
            log.clear();
            untaken.clear();
            counts.clear();
        }
    }

    /** The oldest call not taken yet, waiting up to the timeout for one; null when none came. */
    RecordedCall take(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (log) {
            while (untaken.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(log, left);
            }
            return untaken.removeFirst();
        }
    }

    private void record(RecordedCall call) {
        synchronized (log) {
            counts.computeIfAbsent(call.route(), k -> new LongAdder()).increment();
            if (logLimit == 0) {
                return;
            }
            while (log.size() >= logLimit) {
                log.removeFirst();
            }
            log.addLast(call);
            while (untaken.size() >= logLimit) {
                untaken.removeFirst();
            }
            untaken.addLast(call);
            log.notifyAll();
        }
    }

    // ---- routing ----

    /** A matched route and the path segments it captured. */
    record Match(String route, List<String> params) {
    }

    static Match match(String path) {
        String[] s = path.split("/", -1); // s[0] is "" for an absolute path
        int n = s.length;
        if (path.equals("/api/v4/run")) {
            return new Match(Routes.LUMOZ_RUN, List.of());
        }
        if (path.equals("/api/v4/check")) {
            return new Match(Routes.LUMOZ_CHECK, List.of());
        }
        if (n == 3 && s[1].equals("v1") && !s[2].isEmpty()) {
            return new Match(Routes.SEGMIND_GENERATE, List.of(s[2]));
        }
        if (n == 5 && s[1].equals("v2") && s[2].equals("requests") && !s[3].isEmpty() && s[4].equals("status")) {
            return new Match(Routes.SEGMIND_QUEUE_STATUS, List.of(s[3]));
        }
        if (n == 4 && s[1].equals("v2") && s[2].equals("requests") && !s[3].isEmpty()) {
            return new Match(Routes.SEGMIND_QUEUE_RESULT, List.of(s[3]));
        }
        if (n == 3 && s[1].equals("v2") && !s[2].isEmpty()) {
            return new Match(Routes.SEGMIND_QUEUE_SUBMIT, List.of(s[2]));
        }
        boolean apiV = n >= 4 && s[1].equals("api") && (s[2].equals("v2") || s[2].equals("v3"));
        if (apiV && n == 5 && s[3].equals("wavespeed-ai") && !s[4].isEmpty()) {
            return new Match(Routes.WAVESPEED_SUBMIT, List.of(s[2], s[4]));
        }
        if (apiV && n == 6 && s[3].equals("predictions") && !s[4].isEmpty() && s[5].equals("result")) {
            return new Match(Routes.WAVESPEED_RESULT, List.of(s[2], s[4]));
        }
        if (path.equals("/openai/v1/images/generations")) {
            return new Match(Routes.LUMENFALL_GENERATIONS, List.of());
        }
        if (path.equals("/openai/v1/images/edits")) {
            return new Match(Routes.LUMENFALL_EDITS, List.of());
        }
        if (n >= 3 && s[1].equals("fal-ai") && !s[2].isEmpty()) {
            if (n == 5 && s[3].equals("requests") && !s[4].isEmpty()) {
                return new Match(Routes.FAL_RESULT, List.of(s[2], s[4]));
            }
            if (n == 6 && s[3].equals("requests") && !s[4].isEmpty() && (s[5].equals("status") || s[5].equals("cancel"))) {
                return new Match(s[5].equals("status") ? Routes.FAL_STATUS : Routes.FAL_CANCEL, List.of(s[2], s[4]));
            }
            if (n < 4 || !s[3].equals("requests")) {
                // a sub-path (fal-ai/hidream-i1-full/image-to-image) is part of the model id on submit
                return new Match(Routes.FAL_SUBMIT, List.of(String.join("/", java.util.Arrays.copyOfRange(s, 2, n))));
            }
        }
        if (path.equals("/fal/.well-known/jwks.json")) {
            return new Match(Routes.FAL_WEBHOOK_KEYS, List.of());
        }
        if (n == 3 && s[1].equals("storage") && !s[2].isEmpty()) {
            return new Match(Routes.STORAGE, List.of(s[2]));
        }
        return new Match(Routes.UNMATCHED, List.of());
    }

    private Reply dispatch(Call c) {
        switch (c.route) {
            case Routes.LUMOZ_RUN:
                return lumoz.run(c);
            case Routes.LUMOZ_CHECK:
                return lumoz.check(c);
            case Routes.SEGMIND_GENERATE:
                return segmind.generate(c);
            case Routes.SEGMIND_QUEUE_SUBMIT:
                return segmind.submit(c);
            case Routes.SEGMIND_QUEUE_STATUS:
                return segmind.status(c);
            case Routes.SEGMIND_QUEUE_RESULT:
                return segmind.result(c);
            case Routes.WAVESPEED_SUBMIT:
                return wavespeed.submit(c);
            case Routes.WAVESPEED_RESULT:
                return wavespeed.result(c);
            case Routes.LUMENFALL_GENERATIONS:
                return lumenfall.generations(c);
            case Routes.LUMENFALL_EDITS:
                return lumenfall.edits(c);
            case Routes.FAL_SUBMIT:
                return fal.submit(c);
            case Routes.FAL_STATUS:
                return fal.status(c);
            case Routes.FAL_RESULT:
                return fal.result(c);
            case Routes.FAL_CANCEL:
                return fal.cancel(c);
            case Routes.FAL_WEBHOOK_KEYS:
                try {
                    return Reply.json(200, Reply.JSON.readTree(state.signer.falJwks()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            case Routes.STORAGE:
                return storage(c);
            default:
                return Reply.json(404, obj("error", "No route for " + c.method + " " + c.path));
        }
    }

    private Reply storage(Call c) {
        if (!c.method.equals("GET")) {
            return Reply.text(405, "text/plain; charset=utf-8", "Method Not Allowed").header("Allow", "GET");
        }
        ImageRenderer.Spec spec = state.storedOutput(c.params.get(0));
        if (spec == null) {
            return Reply.text(404, "text/plain; charset=utf-8", "Not Found");
        }
        return new Reply(200, state.mediaType(spec), state.image(spec)).header("Cache-Control", "max-age=3600");
    }

    // ---- the exchange ----

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getRawPath();
            String rawQuery = ex.getRequestURI().getRawQuery();
            Match m = match(path == null ? "/" : path);
            record(new RecordedCall(ex.getRequestMethod(), ex.getRequestURI().getRawPath()
                    + (rawQuery == null ? "" : "?" + rawQuery), ex.getRequestHeaders(), body, m.route(),
                    Instant.now()));
            Fault fault = faults.next(m.route());
            if (fault != null) {
                EmulatorState.sleep(fault.delay);
            }
            Call call = new Call(ex.getRequestMethod(), path, rawQuery, ex.getRequestHeaders(), body, m.route(),
                    m.params(), state.originFor(ex.getRequestHeaders().getFirst("Host")));
            if (fault != null) {
                switch (fault.kind) {
                    case STATUS:
                        send(ex, withFaultHeaders(statusReply(m.route(), fault), fault));
                        return;
                    case DROP_CONNECTION:
                        throw new AbortExchange();
                    case MALFORMED_BODY:
                        send(ex, withFaultHeaders(malformed(m.route(), fault), fault));
                        return;
                    case OVERSIZED_BODY:
                        sendOversized(ex, m.route(), fault);
                        return;
                    case JOB_FAILS:
                    case JOB_NEVER_FINISHES:
                        call.jobFault = fault;
                        break;
                    default:
                        break;
                }
            }
            Reply reply;
            try {
                reply = dispatch(call);
            } catch (AbortExchange e) {
                throw e;
            } catch (RuntimeException e) {
                reply = Reply.text(500, "text/plain; charset=utf-8", "emulator error: " + e);
            }
            if (fault == null) {
                send(ex, reply);
                return;
            }
            withFaultHeaders(reply, fault);
            switch (fault.kind) {
                case DROP_MID_BODY:
                    sendCut(ex, reply, true);
                    return;
                case TRUNCATED_BODY:
                    sendCut(ex, reply, false);
                    return;
                case SLOW_BODY:
                    sendSlow(ex, reply, fault);
                    return;
                default:
                    send(ex, reply);
            }
        } catch (IOException e) {
            throw new AbortExchange(); // the client went away; let the server drop the connection
        }
    }

    private static Reply withFaultHeaders(Reply r, Fault f) {
        f.headers.forEach((k, v) -> v.forEach(x -> r.header(k, x)));
        return r;
    }

    private static void putHeaders(HttpExchange ex, Reply r) {
        Headers h = ex.getResponseHeaders();
        if (r.contentType != null) {
            h.set("Content-Type", r.contentType);
        }
        r.headers.forEach((k, v) -> v.forEach(x -> h.add(k, x)));
    }

    static void send(HttpExchange ex, Reply r) throws IOException {
        putHeaders(ex, r);
        ex.sendResponseHeaders(r.status, r.body.length == 0 ? -1 : r.body.length);
        if (r.body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(r.body);
            }
        }
        ex.close();
    }

    /** Half of the body, then the connection closes: chunked framing, or a Content-Length for the full body. */
    private static void sendCut(HttpExchange ex, Reply r, boolean chunked) throws IOException {
        putHeaders(ex, r);
        int cut = r.body.length / 2;
        ex.sendResponseHeaders(r.status, chunked ? 0 : Math.max(1, r.body.length));
        OutputStream out = ex.getResponseBody();
        if (cut > 0) {
            out.write(r.body, 0, cut);
        }
        out.flush();
        throw new AbortExchange();
    }

    private static void sendSlow(HttpExchange ex, Reply r, Fault f) throws IOException {
        putHeaders(ex, r);
        ex.sendResponseHeaders(r.status, r.body.length == 0 ? -1 : r.body.length);
        if (r.body.length > 0) {
            OutputStream out = ex.getResponseBody();
            int pieces = Math.min(8, r.body.length);
            for (int i = 0; i < pieces; i++) {
                EmulatorState.sleep(f.perChunk);
                int from = (int) ((long) r.body.length * i / pieces);
                int to = (int) ((long) r.body.length * (i + 1) / pieces);
                out.write(r.body, from, to - from);
                out.flush();
            }
            out.close();
        }
        ex.close();
    }

    private static boolean isImageRoute(String route) {
        return route.equals(Routes.SEGMIND_GENERATE) || route.equals(Routes.STORAGE);
    }

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static void sendOversized(HttpExchange ex, String route, Fault f) throws IOException {
        byte[] prefix;
        byte fill;
        Reply head;
        if (isImageRoute(route)) {
            prefix = PNG_SIGNATURE;
            fill = 0;
            head = new Reply(200, "image/png", new byte[0]);
        } else {
            prefix = "{\"data\":[{\"b64_json\":\"".getBytes(StandardCharsets.US_ASCII);
            fill = 'A';
            head = new Reply(200, "application/json", new byte[0]);
        }
        putHeaders(ex, withFaultHeaders(head, f));
        ex.sendResponseHeaders(200, f.size == 0 ? -1 : f.size);
        if (f.size > 0) {
            OutputStream out = ex.getResponseBody();
            long left = f.size;
            int p = (int) Math.min(prefix.length, left);
            out.write(prefix, 0, p);
            left -= p;
            byte[] buf = new byte[64 * 1024];
            Arrays.fill(buf, fill);
            while (left > 0) {
                int k = (int) Math.min(buf.length, left);
                out.write(buf, 0, k);
                left -= k;
            }
            out.close();
        }
        ex.close();
    }

    private static Reply malformed(String route, Fault f) {
        if (f.body != null) {
            return new Reply(200, f.contentType, f.body);
        }
        String json;
        switch (route) {
            case Routes.SEGMIND_GENERATE:
            case Routes.STORAGE:
                byte[] b = Arrays.copyOf(PNG_SIGNATURE, 64);
                byte[] junk = "this is not the rest of a PNG file.....................".getBytes(
                        StandardCharsets.US_ASCII);
                System.arraycopy(junk, 0, b, 8, Math.min(junk.length, 56));
                return new Reply(200, "image/png", b);
            case Routes.LUMOZ_RUN:
            case Routes.LUMOZ_CHECK:
                json = "{\"success\":true,\"data\":{\"request_id\":";
                break;
            case Routes.SEGMIND_QUEUE_SUBMIT:
                json = "{\"request_id\":\"";
                break;
            case Routes.SEGMIND_QUEUE_STATUS:
                json = "{\"status\":\"COMP";
                break;
            case Routes.SEGMIND_QUEUE_RESULT:
                json = "{\"status\":\"COMPLETED\",\"output\":\"http";
                break;
            case Routes.WAVESPEED_SUBMIT:
            case Routes.WAVESPEED_RESULT:
                json = "{\"code\":200,\"message\":\"success\",\"data\":{\"id\":\"";
                break;
            case Routes.FAL_SUBMIT:
                json = "{\"status\":\"IN_QUEUE\",\"request_id\":\"";
                break;
            case Routes.FAL_STATUS:
                json = "{\"status\":\"IN_PRO";
                break;
            case Routes.FAL_RESULT:
                json = "{\"images\":[{\"url\":\"http";
                break;
            case Routes.FAL_CANCEL:
                json = "{\"status\":";
                break;
            default:
                json = "{\"data\":[{\"b64_json\":";
        }
        return Reply.text(200, "application/json", json);
    }

    /** The answer of a {@link Fault#status(int)} fault: its own body, or the route's vendor error shape. */
    static Reply statusReply(String route, Fault f) {
        if (f.body != null) {
            return new Reply(f.status, f.contentType, f.body);
        }
        String msg = reason(f.status, route);
        if (f.status < 400) {
            return Reply.json(f.status, obj("message", msg));
        }
        if (route.startsWith("lumoz.")) {
            return LumozRoutes.error(f.status, msg);
        }
        if (route.startsWith("segmind.")) {
            return SegmindRoutes.error(f.status, msg);
        }
        if (route.startsWith("wavespeed.")) {
            return WaveSpeedRoutes.error(f.status, msg);
        }
        if (route.startsWith("lumenfall.")) {
            return LumenfallRoutes.error(f.status, msg);
        }
        if (route.startsWith("fal.")) {
            return FalRoutes.error(f.status, msg);
        }
        return Reply.text(f.status, "text/plain; charset=utf-8", msg);
    }

    private static String reason(int status, String route) {
        switch (status) {
            case 400: return "Bad request";
            case 401: return "Unauthorized";
            case 402: return "Insufficient balance";
            case 403: return "Forbidden";
            case 404: return "Not found";
            case 406: return route.startsWith("segmind.") ? "Insufficient credits" : "Not acceptable";
            case 408: return "Request timeout";
            case 409: return "Conflict";
            case 410: return "Model retired";
            case 422: return "Job failed";
            case 429: return "Rate limit exceeded";
            case 500: return "Internal server error";
            case 502: return "Bad gateway";
            case 503: return "Service unavailable";
            case 504: return "Gateway timeout";
            default: return "Error " + status;
        }
    }
}
