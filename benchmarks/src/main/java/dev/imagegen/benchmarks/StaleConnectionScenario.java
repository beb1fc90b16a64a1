package dev.imagegen.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stale keep-alive connections (issue 12): {@code requests} Segmind generations, {@code concurrency} at a time,
 * against the JDK's {@code com.sun.net.httpserver.HttpServer} answering each after {@code latencyMs}. That server
 * keeps at most 200 idle connections (its default, {@code sun.net.httpserver.maxIdleConnections}) and closes any
 * connection beyond that as soon as its answer is written, without saying so: the client finds out only when it
 * reuses the connection. Run three ways: the SDK's {@code generateAsync}, the SDK's blocking {@code generate} on
 * {@code concurrency} threads, and hand-written OkHttp calls with OkHttp's defaults (which re-send a request whose
 * connection failed: {@code retryOnConnectionFailure}, which the SDK keeps off for paid POSTs).
 *
 * <p>Each way starts with a warm-up burst of {@code concurrency} calls, so the pool holds that many connections, as a
 * busy client's does; the server closes those beyond its limit as they go idle (56 at the load), and the
 * measured calls find them in the pool. Prints, per way, the failures by type (and the first one's message), the paid
 * POSTs the server saw against the requests, the connections the measured calls used and how many of them were new,
 * and the wall time; exits 1 unless every way had no failure and exactly one POST per request. Arguments: requests
 * concurrency latencyMs (the load: 1000 256 250); {@code benchmarks/stale.sh} builds and runs it. Needs
 * {@code -Dsun.net.httpserver.nodelay=true} (set here when absent), or every loopback answer waits ~40 ms for the
 * delayed ACK.
 */
public final class StaleConnectionScenario {

    static final int IMAGE_BYTES = 16 * 1024;

    private StaleConnectionScenario() {
    }

    /** The ways of calling. */
    enum Mode {
        SDK_ASYNC, SDK_BLOCKING, RAW_OKHTTP
    }

    /** What one way got. */
    record Result(Mode mode, int requests, int succeeded, Map<String, Integer> failures, String firstFailure,
                  long postsSeen, int connections, int newConnections, long wallMs) {

        boolean clean() {
            return failures.isEmpty() && succeeded == requests && postsSeen == requests;
        }

        String text() {
            String p = "stale." + mode.name().toLowerCase(Locale.ROOT) + ".";
            return String.format(Locale.ROOT, "%srequests=%d%n%ssucceeded=%d%n%sfailures=%s%s%n%spaid_posts_seen=%d%n"
                            + "%sconnections=%d%n%snew_connections=%d%n%swall_ms=%d%n",
                    p, requests, p, succeeded, p, failures, firstFailure == null ? "" : " first: " + firstFailure, p,
                    postsSeen, p, connections, p, newConnections, p, wallMs);
        }
    }

    public static void main(String[] args) throws Exception {
        int requests = Integer.parseInt(args[0]);
        int concurrency = Integer.parseInt(args[1]);
        long latencyMs = Long.parseLong(args[2]);
        boolean clean = true;
        for (Mode mode : Mode.values()) {
            Result r = run(mode, requests, concurrency, latencyMs);
            System.out.print(r.text());
            clean &= r.clean();
        }
        System.out.println(clean ? "stale.result=0 failures, one paid POST per request" : "stale.result=FAILED");
        System.exit(clean ? 0 : 1);
    }

    /**
     * One way, on a server of its own: a warm-up burst of {@code concurrency} calls at once (the pool then holds that
     * many connections, as any busy client's does, and the server closes those beyond its idle limit as they go idle),
     * then the {@code requests} measured calls, {@code concurrency} at a time.
     */
    static Result run(Mode mode, int requests, int concurrency, long latencyMs) throws Exception {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true"); // read once, when the first server starts
        }
        try (Server server = new Server(Workloads.image(IMAGE_BYTES), latencyMs);
             Caller caller = switch (mode) {
                 case SDK_ASYNC -> new SdkAsync(server, concurrency);
                 case SDK_BLOCKING -> new SdkBlocking(server, concurrency);
                 case RAW_OKHTTP -> new RawOkHttp(server, concurrency);
             }) {
            Failures warmUp = new Failures();
            if (caller.burst(concurrency, warmUp) != concurrency) {
                throw new IllegalStateException("the warm-up failed: " + warmUp.byType + " " + warmUp.first);
            }
            Set<Integer> warmPorts = Set.copyOf(server.clientPorts);
            server.posts.set(0);
            server.clientPorts.clear();
            Failures failures = new Failures();
            long start = System.nanoTime();
            int succeeded = caller.burst(requests, failures);
            long wallMs = (System.nanoTime() - start) / 1_000_000;
            Set<Integer> newPorts = new HashSet<>(server.clientPorts);
            newPorts.removeAll(warmPorts);
            return new Result(mode, requests, succeeded, failures.byType, failures.first, server.posts.get(),
                    server.clientPorts.size(), newPorts.size(), wallMs);
        }
    }

    /** A way of calling: {@code n} calls, at most the client's concurrency at once; the successes, failures by type. */
    private interface Caller extends AutoCloseable {
        int burst(int n, Failures failures) throws Exception;

        @Override
        void close();
    }

    /** {@code generateAsync} for all at once; the client's {@code maxConcurrency} bounds what is in flight. */
    private static final class SdkAsync implements Caller {
        private final ImageClient client;

        SdkAsync(Server server, int concurrency) {
            client = Workloads.client(server.origin, concurrency, "b64_json", true);
        }

        @Override
        public int burst(int n, Failures failures) {
            ImageRequest request = Workloads.request("segmind");
            List<CompletableFuture<ImageResult>> all = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                all.add(client.generateAsync(request));
            }
            int ok = 0;
            for (CompletableFuture<ImageResult> f : all) {
                try {
                    check(f.join().image().bytes());
                    ok++;
                } catch (CompletionException e) {
                    failures.add(e.getCause());
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
            return ok;
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** Blocking calls on {@code concurrency} threads, each taking the next call until none is left. */
    private abstract static class OnThreads implements Caller {
        private final ExecutorService threads;
        private final int concurrency;

        OnThreads(int concurrency) {
            this.concurrency = concurrency;
            this.threads = Executors.newFixedThreadPool(concurrency);
        }

        abstract byte[] call() throws Exception;

        @Override
        public int burst(int n, Failures failures) throws Exception {
            AtomicInteger next = new AtomicInteger();
            AtomicInteger ok = new AtomicInteger();
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                workers.add(CompletableFuture.runAsync(() -> {
                    while (next.getAndIncrement() < n) {
                        try {
                            check(call());
                            ok.incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e);
                        }
                    }
                }, threads));
            }
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
            return ok.get();
        }

        @Override
        public void close() {
            threads.shutdownNow();
        }
    }

    /** The SDK's blocking {@code generate}. */
    private static final class SdkBlocking extends OnThreads {
        private final ImageClient client;
        private final ImageRequest request = Workloads.request("segmind");

        SdkBlocking(Server server, int concurrency) {
            super(concurrency);
            client = Workloads.client(server.origin, concurrency, "b64_json", true);
        }

        @Override
        byte[] call() {
            return Workloads.sdk(client, request);
        }

        @Override
        public void close() {
            super.close();
            client.close();
        }
    }

    /** OkHttp as a user would configure it for this load: its defaults, with room for {@code concurrency} calls. */
    private static final class RawOkHttp extends OnThreads {
        private final OkHttpClient http;
        private final String base;

        RawOkHttp(Server server, int concurrency) {
            super(concurrency);
            Dispatcher d = new Dispatcher();
            d.setMaxRequests(concurrency);
            d.setMaxRequestsPerHost(concurrency);
            http = new OkHttpClient.Builder().dispatcher(d)
                    .connectionPool(new ConnectionPool(Math.min(concurrency, 256), 5, TimeUnit.MINUTES))
                    .readTimeout(Duration.ofMinutes(2)).build();
            base = LoopbackServer.baseUrl(server.origin, "segmind");
        }

        @Override
        byte[] call() throws IOException {
            return Workloads.raw(http, base, "segmind");
        }

        @Override
        public void close() {
            super.close();
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private static void check(byte[] image) {
        if (image.length != IMAGE_BYTES) {
            throw new IllegalStateException("wrong image: " + image.length + " bytes");
        }
    }

    /** Failures by type, and the first one's message. */
    static final class Failures {
        final Map<String, Integer> byType = new TreeMap<>();
        String first;

        synchronized void add(Throwable e) {
            byType.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            if (first == null) {
                first = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
    }

    /**
     * The JDK's HTTP server as it is usually run: a handler thread per request in flight, sleeping the latency, then
     * answering Segmind's generation route with the image. Counts the POSTs and the client ports they came from (one
     * per connection).
     */
    static final class Server implements AutoCloseable {
        final HttpServer http;
        final String origin;
        final AtomicLong posts = new AtomicLong();
        final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, LoopbackServer.THREAD_PREFIX + "handler");
            t.setDaemon(true);
            return t;
        });

        Server(byte[] image, long latencyMs) throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            http.setExecutor(handlers);
            http.createContext("/", ex -> {
                try (InputStream in = ex.getRequestBody()) {
                    in.readAllBytes();
                }
                if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().startsWith("/v1/")) {
                    ex.sendResponseHeaders(404, -1);
                    ex.close();
                    return;
                }
                posts.incrementAndGet();
                clientPorts.add(ex.getRemoteAddress().getPort());
                try {
                    Thread.sleep(latencyMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer(ex, image);
            });
            http.start();
            origin = "http://127.0.0.1:" + http.getAddress().getPort();
        }

        private static void answer(HttpExchange ex, byte[] image) {
            try (OutputStream out = ex.getResponseBody()) {
                ex.getResponseHeaders().add("Content-Type", "image/png");
                ex.getResponseHeaders().add("x-request-id", "req-stale");
                ex.sendResponseHeaders(200, image.length);
                out.write(image);
            } catch (IOException e) {
                // the client went away
            } finally {
                ex.close();
            }
        }

        @Override
        public void close() {
            http.stop(0);
            handlers.shutdownNow();
        }
    }
}
