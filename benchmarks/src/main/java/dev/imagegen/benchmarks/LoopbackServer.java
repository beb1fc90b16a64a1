package dev.imagegen.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal HTTP/1.1 server on loopback that answers the four vendors' success shapes with one fixed image, with
 * pre-built bodies, so that what a benchmark measures is the client. One thread per connection, keep-alive,
 * {@code TCP_NODELAY}. Threads are named {@value #THREAD_PREFIX}* so client thread counts can leave them out.
 *
 * <p>The testkit's {@code ProviderEmulator} validates every field, logs each request and renders images; that is
 * right for tests, but its per-request work would be part of every number here. The shapes below are the ones
 * {@code docs/vendor-wire-formats.md} documents and the emulator serves.
 */
public final class LoopbackServer implements AutoCloseable {

    /** Name prefix of the server's threads. */
    public static final String THREAD_PREFIX = "bench-server-";

    private final ServerSocket socket;
    private final ExecutorService workers;
    private final AtomicInteger threadIds = new AtomicInteger();
    private final String base;
    private volatile long generateLatencyMillis;
    private volatile long jobMillis = 2000;
    private volatile Bodies bodies;
    private final Map<String, Long> jobDoneAt = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> jobPolls = new ConcurrentHashMap<>();
    private final AtomicLong jobIds = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    /** Starts on an ephemeral port of 127.0.0.1, serving {@code image}. */
    public LoopbackServer(byte[] image) throws IOException {
        socket = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        base = "http://127.0.0.1:" + socket.getLocalPort();
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, THREAD_PREFIX + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        setImage(image);
        workers.execute(this::acceptLoop);
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String origin() {
        return base;
    }

    /** The base URL a provider is configured with. */
    public String baseUrl(String providerId) {
        return baseUrl(base, providerId);
    }

    /** The base URL of {@code providerId} on a server at {@code origin}. */
    public static String baseUrl(String origin, String providerId) {
        return providerId.equals("lumenfall") ? origin + "/openai/v1" : origin;
    }

    /** How long each generation route waits before answering (default 0). */
    public void generateLatency(long millis) {
        this.generateLatencyMillis = millis;
    }

    /** How long a WaveSpeed job stays "processing" after its submit (default 2000 ms). */
    public void jobDuration(long millis) {
        this.jobMillis = millis;
    }

    /** Replaces the image every route returns. */
    public void setImage(byte[] image) {
        this.bodies = new Bodies(image, base);
    }

    /** The image every route returns. */
    public byte[] image() {
        return bodies.image;
    }

    /** Requests served so far. */
    public long requestCount() {
        return requests.get();
    }

    /** When a job became complete on the server ({@link System#nanoTime()}), or null for an unknown id. */
    public Long jobDoneAtNanos(String id) {
        return jobDoneAt.get(id);
    }

    /** WaveSpeed jobs submitted so far. */
    public int jobCount() {
        return jobDoneAt.size();
    }

    /** Polls of every job so far, by job id. */
    public Map<String, AtomicInteger> jobPolls() {
        return jobPolls;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                s.setTcpNoDelay(true);
                workers.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
             OutputStream out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024)) {
            while (true) {
                Request req = Request.read(in);
                if (req == null) {
                    return;
                }
                requests.incrementAndGet();
                respond(req, out);
                out.flush();
            }
        } catch (SocketException e) {
            // the client closed the connection
        } catch (IOException e) {
            // a broken request ends the connection, like any server would
        }
    }

    private void respond(Request req, OutputStream out) throws IOException {
        Bodies b = bodies;
        String path = req.path;
        Map<String, String> headers = new LinkedHashMap<>();
        if (req.method.equals("GET") && path.startsWith("/storage/")) {
            headers.put("Content-Type", "image/png");
            write(out, 200, headers, b.image);
            return;
        }
        if (req.method.equals("GET") && path.startsWith("/api/v2/predictions/")) {
            String id = path.substring("/api/v2/predictions/".length(), path.indexOf("/result"));
            jobPolls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            Long done = jobDoneAt.get(id);
            headers.put("Content-Type", "application/json");
            if (done == null) {
                write(out, 404, headers, ascii("{\"code\":404,\"message\":\"prediction not found\",\"data\":{\"error\":\"not found\"}}"));
            } else if (System.nanoTime() < done) {
                write(out, 200, headers, b.waveSpeedPrediction(id, "processing", null));
            } else {
                write(out, 200, headers, b.waveSpeedPrediction(id, "completed", b.imageBase64));
            }
            return;
        }
        if (!req.method.equals("POST")) {
            write(out, 404, headers, new byte[0]);
            return;
        }
        if (path.startsWith("/api/v2/wavespeed-ai/") && !contains(req.body, "\"enable_sync_mode\":true")) {
            String id = "job" + jobIds.incrementAndGet();
            jobDoneAt.put(id, System.nanoTime() + jobMillis * 1_000_000L);
            headers.put("Content-Type", "application/json");
            write(out, 200, headers, b.waveSpeedPrediction(id, "created", null));
            return;
        }
        long latency = generateLatencyMillis;
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (path.equals("/api/v4/run")) {
            headers.put("Content-Type", "application/json");
            write(out, 200, headers, b.lumozRun);
        } else if (path.startsWith("/v1/")) {
            headers.put("Content-Type", "image/png");
            headers.put("x-seed-value", "42");
            headers.put("x-cost", "0.0123");
            headers.put("x-request-id", "req-bench");
            headers.put("x-generation-time", "1.25");
            headers.put("x-remaining-credits", "999.9");
            write(out, 200, headers, b.image);
        } else if (path.startsWith("/api/v2/wavespeed-ai/")) {
            headers.put("Content-Type", "application/json");
            boolean base64 = contains(req.body, "\"enable_base64_output\":true");
            write(out, 200, headers, base64 ? b.waveSpeedSyncBase64 : b.waveSpeedSyncUrl);
        } else if (path.equals("/openai/v1/images/generations")) {
            headers.put("Content-Type", "application/json");
            headers.put("X-Lumenfall-Provider", "fal");
            headers.put("X-Lumenfall-Request-Id", "req_bench");
            write(out, 200, headers, contains(req.body, "\"response_format\":\"url\"") ? b.openAiUrl : b.openAiBase64);
        } else {
            write(out, 404, headers, new byte[0]);
        }
    }

    private static void write(OutputStream out, int status, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        sb.append("HTTP/1.1 ").append(status).append(status == 200 ? " OK" : " Not Found").append("\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.write(body);
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = ascii(needle);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        workers.shutdownNow();
    }

    /** Every answer body, built once per image. */
    static final class Bodies {
        final byte[] image;
        final String imageBase64;
        final byte[] lumozRun;
        final byte[] waveSpeedSyncBase64;
        final byte[] waveSpeedSyncUrl;
        final byte[] openAiBase64;
        final byte[] openAiUrl;
        private final String origin;

        Bodies(byte[] image, String origin) {
            this.image = image;
            this.origin = origin;
            this.imageBase64 = Base64.getEncoder().encodeToString(image);
            String url = origin + "/storage/bench.png";
            lumozRun = ascii("{\"success\":true,\"data\":{\"request_id\":212121212121212,\"output\":\"" + url
                    + "\",\"output_type\":\"image\"}}");
            waveSpeedSyncBase64 = waveSpeedPrediction("bench", "completed", imageBase64);
            waveSpeedSyncUrl = waveSpeedPrediction("bench", "completed", url);
            openAiBase64 = ascii("{\"created\":1735689600,\"data\":[{\"b64_json\":\"" + imageBase64 + "\"}]}");
            openAiUrl = ascii("{\"created\":1735689600,\"data\":[{\"url\":\"" + url + "\"}]}");
        }

        byte[] waveSpeedPrediction(String id, String status, String output) {
            String outputs = output == null ? "[]" : "[\"" + output + "\"]";
            return ascii("{\"code\":200,\"message\":\"success\",\"data\":{\"id\":\"" + id
                    + "\",\"model\":\"wavespeed-ai/hidream-i1-full\",\"outputs\":" + outputs
                    + ",\"urls\":{\"get\":\"" + origin + "/api/v2/predictions/" + id + "/result\"},"
                    + "\"has_nsfw_contents\":[" + (output == null ? "" : "false") + "],\"status\":\"" + status
                    + "\",\"created_at\":\"2025-01-01T00:00:00.000Z\",\"error\":\"\",\"timings\":{\"inference\":1250}}}");
        }
    }

    /** One parsed request: method, path, body. */
    static final class Request {
        final String method;
        final String path;
        final byte[] body;

        private Request(String method, String path, byte[] body) {
            this.method = method;
            this.path = path;
            this.body = body;
        }

        /** Reads one request; null at a clean end of stream. */
        static Request read(InputStream in) throws IOException {
            String line = line(in);
            if (line == null) {
                return null;
            }
            String[] parts = line.split(" ");
            if (parts.length < 2) {
                throw new IOException("bad request line: " + line);
            }
            long length = 0;
            boolean chunked = false;
            String h;
            while ((h = line(in)) != null && !h.isEmpty()) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] body;
            if (chunked) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                while (true) {
                    String size = line(in);
                    int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                    if (n == 0) {
                        while ((h = line(in)) != null && !h.isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    buf.write(in.readNBytes(n));
                    line(in);
                }
                body = buf.toByteArray();
            } else {
                body = in.readNBytes((int) length);
            }
            String target = parts[1];
            int q = target.indexOf('?');
            return new Request(parts[0], q < 0 ? target : target.substring(0, q), body);
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int n = sb.length();
                    if (n > 0 && sb.charAt(n - 1) == '\r') {
                        sb.setLength(n - 1);
                    }
                    return sb.toString();
                }
                sb.append((char) c);
            }
            return sb.length() == 0 ? null : sb.toString();
        }
    }
}
