package dev.imagegen.benchmarks;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 3: {@code jobs} asynchronous generations (Segmind, 16 KiB image) all started at once, against a server
 * with real limits: the JDK's {@code HttpServer} ({@link StaleConnectionScenario.Server}), which keeps at most 200
 * idle connections (its default) and closes the others without a word as they go idle, answering each generation after
 * {@code latencyMs}. Wall time against the ideal {@code ceil(jobs / concurrency) x latency}, the failures (there must
 * be none), the paid POSTs the server saw (one per call) and the peak number of threads the client started. Run with
 * the client's {@code maxConcurrency(256)} and with the library's defaults. Not a JMH benchmark: one wall-clock
 * measurement of a burst, repeated {@code rounds} times after one warm-up burst of {@code concurrency} calls (which
 * leaves the pool holding more connections than the server keeps); the best round is reported with every round's time.
 *
 * <p>{@code floorN} runs the same bursts by hand, the careful way, as the floor of what this machine allows: {@code N}
 * platform threads each making the call with {@link Workloads#floorSegmind} (blocking OkHttp, a Content-Length-sized
 * read) over one OkHttp client whose pool keeps {@code N} connections.
 *
 * <p>Prints {@code concurrency.<label>.*} lines. Arguments: jobs latencyMs rounds maxConcurrency... (0 = the
 * library's default; {@code floorN} the hand-written floor at concurrency N). Needs {@code -Dsun.net.httpserver.nodelay=true} (set here when absent).
 */
public final class ConcurrencyScenario {

    /** Default maxConcurrency of ImageClient, for the ideal time of the defaults run. */
    static final int LIBRARY_DEFAULT_CONCURRENCY = 64;

    private ConcurrencyScenario() {
    }

    /** One result. */
    record Result(String label, int concurrency, long wallMs, long idealMs, int peakThreads, int failures, long paidPosts,
                  long calls, String rounds, String firstFailure) {
        double ratio() {
            return (double) wallMs / idealMs;
        }

        /** The {@code concurrency.<label>.*} lines. */
        String text(int jobs, long latency) {
            String p = "concurrency." + label + ".";
            return String.format(Locale.ROOT, "%sjobs=%d%n%slatency_ms=%d%n%smax=%d%n%swall_ms=%d%n%sideal_ms=%d%n%sratio=%.3f%n"
                            + "%speak_threads=%d%n%sfailures=%d%n%spaid_posts=%d%n%scalls=%d%n%srounds_ms=%s%n%sfirst_failure=%s%n",
                    p, jobs, p, latency, p, concurrency, p, wallMs, p, idealMs, p, ratio(), p, peakThreads, p, failures,
                    p, paidPosts, p, calls, p, rounds, p, firstFailure == null ? "" : firstFailure);
        }
    }

    public static void main(String[] args) throws Exception {
        int jobs = Integer.parseInt(args[0]);
        long latency = Long.parseLong(args[1]);
        int rounds = Integer.parseInt(args[2]);
        for (int i = 3; i < args.length; i++) {
            Result r = args[i].startsWith("floor")
                    ? runFloor(jobs, latency, rounds, Integer.parseInt(args[i].substring("floor".length())))
                    : run(jobs, latency, rounds, Integer.parseInt(args[i]));
            System.out.print(r.text(jobs, latency));
        }
        System.exit(0);
    }

    static Result run(int jobs, long latencyMs, int rounds, int maxConcurrency) throws Exception {
        noDelay();
        int effective = maxConcurrency > 0 ? maxConcurrency : LIBRARY_DEFAULT_CONCURRENCY;
        String label = maxConcurrency > 0 ? "c" + maxConcurrency : "defaults";
        long ideal = (long) Math.ceil((double) jobs / effective) * latencyMs;
        try (StaleConnectionScenario.Server server = new StaleConnectionScenario.Server(
                Workloads.image(StaleConnectionScenario.IMAGE_BYTES), latencyMs);
             ThreadSampler threads = new ThreadSampler();
             ImageClient client = Workloads.client(server.origin, maxConcurrency, "b64_json", true)) {
            ImageRequest request = Workloads.request("segmind");
            StaleConnectionScenario.Failures failures = new StaleConnectionScenario.Failures();
            Call call = () -> client.generateAsync(request).thenApply(r -> r.image().bytes());
            return measure(label, effective, ideal, jobs, rounds, call, server, threads);
        }
    }

    /** The floor: {@code concurrency} platform threads making the call by hand, over one client pooling as many connections. */
    static Result runFloor(int jobs, long latencyMs, int rounds, int concurrency) throws Exception {
        noDelay();
        long ideal = (long) Math.ceil((double) jobs / concurrency) * latencyMs;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        OkHttpClient http = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(concurrency, 5, TimeUnit.MINUTES))
                .readTimeout(Duration.ofMinutes(2))
                .callTimeout(Duration.ofMinutes(2)) // as Workloads.rawClient()
                .build();
        try (StaleConnectionScenario.Server server = new StaleConnectionScenario.Server(
                Workloads.image(StaleConnectionScenario.IMAGE_BYTES), latencyMs);
             ThreadSampler threads = new ThreadSampler()) {
            String base = LoopbackServer.baseUrl(server.origin, "segmind");
            Call call = () -> CompletableFuture.supplyAsync(() -> {
                try {
                    return Workloads.floorSegmind(http, base);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, pool);
            return measure("floor" + concurrency, concurrency, ideal, jobs, rounds, call, server, threads);
        } finally {
            pool.shutdownNow();
            http.connectionPool().evictAll();
        }
    }

    /** One warm-up burst of {@code concurrency} calls (classes, JIT, threads, a full pool), then {@code rounds} bursts. */
    private static Result measure(String label, int concurrency, long ideal, int jobs, int rounds, Call call,
                                  StaleConnectionScenario.Server server, ThreadSampler threads) {
        StaleConnectionScenario.Failures failures = new StaleConnectionScenario.Failures();
        burst(call, concurrency, failures);
        if (!failures.byType.isEmpty()) {
            throw new IllegalStateException("the warm-up failed: " + failures.byType + " " + failures.first);
        }
        server.posts.set(0);
        long best = Long.MAX_VALUE;
        StringBuilder all = new StringBuilder();
        threads.resetPeak();
        for (int r = 0; r < rounds; r++) {
            long ms = burst(call, jobs, failures);
            best = Math.min(best, ms);
            all.append(r == 0 ? "" : ",").append(ms);
        }
        int failed = failures.byType.values().stream().mapToInt(Integer::intValue).sum();
        return new Result(label, concurrency, best, ideal, threads.peak(), failed, server.posts.get(),
                (long) jobs * rounds, all.toString(), failures.first);
    }

    private static void noDelay() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true"); // read once, when the first server starts
        }
    }

    /** One generation, started. */
    private interface Call {
        CompletableFuture<byte[]> start();
    }

    private static long burst(Call call, int jobs, StaleConnectionScenario.Failures failures) {
        long start = System.nanoTime();
        List<CompletableFuture<byte[]>> all = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            all.add(call.start());
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        long ms = (System.nanoTime() - start) / 1_000_000;
        for (CompletableFuture<byte[]> f : all) {
            try {
                if (f.join().length != StaleConnectionScenario.IMAGE_BYTES) {
                    throw new IllegalStateException("wrong image");
                }
            } catch (java.util.concurrent.CompletionException e) {
                failures.add(e.getCause());
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        return ms;
    }
}
