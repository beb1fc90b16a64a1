package dev.imagegen.benchmarks;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Benchmark 3: {@code jobs} asynchronous generations (Segmind, 16 KiB image) against a server that takes
 * {@code latencyMs} per generation, all started at once: wall time against the ideal
 * {@code ceil(jobs / concurrency) x latency}, and the peak number of threads the client started. Run with the
 * client's {@code maxConcurrency(256)} and with the library's defaults. Not a JMH benchmark: it is one wall-clock
 * measurement of a burst, repeated {@code rounds} times (the best round is kept, after one warm-up burst).
 *
 * <p>Prints {@code concurrency.<label>.wall_ms=..} lines. Arguments: jobs latencyMs rounds maxConcurrency...
 * (0 = the library's default).
 */
public final class ConcurrencyScenario {

    /** Default maxConcurrency of ImageClient, for the ideal time of the defaults run. */
    static final int LIBRARY_DEFAULT_CONCURRENCY = 64;

    private ConcurrencyScenario() {
    }

    /** One result. */
    record Result(String label, int concurrency, long wallMs, long idealMs, int peakThreads) {
        double ratio() {
            return (double) wallMs / idealMs;
        }
    }

    public static void main(String[] args) throws Exception {
        int jobs = Integer.parseInt(args[0]);
        long latency = Long.parseLong(args[1]);
        int rounds = Integer.parseInt(args[2]);
        for (int i = 3; i < args.length; i++) {
            int c = Integer.parseInt(args[i]);
            Result r = run(jobs, latency, rounds, c);
            System.out.printf(Locale.ROOT, "concurrency.%s.jobs=%d%nconcurrency.%s.latency_ms=%d%nconcurrency.%s.max=%d%nconcurrency.%s.wall_ms=%d%nconcurrency.%s.ideal_ms=%d%n"
                            + "concurrency.%s.ratio=%.3f%nconcurrency.%s.peak_threads=%d%n",
                    r.label, jobs, r.label, latency, r.label, r.concurrency, r.label, r.wallMs, r.label, r.idealMs, r.label, r.ratio(), r.label, r.peakThreads);
        }
        System.exit(0);
    }

    static Result run(int jobs, long latencyMs, int rounds, int maxConcurrency) throws Exception {
        int effective = maxConcurrency > 0 ? maxConcurrency : LIBRARY_DEFAULT_CONCURRENCY;
        String label = maxConcurrency > 0 ? "c" + maxConcurrency : "defaults";
        long ideal = (long) Math.ceil((double) jobs / effective) * latencyMs;
        try (LoopbackServer server = new LoopbackServer(Workloads.image(16 * 1024));
             ThreadSampler threads = new ThreadSampler();
             ImageClient client = Workloads.client(server, maxConcurrency, "b64_json", true)) {
            ImageRequest request = Workloads.request("segmind");
            burst(client, request, Math.min(jobs, 50)); // warm-up: classes, JIT, connections
            server.generateLatency(latencyMs);
            long best = Long.MAX_VALUE;
            threads.resetPeak();
            for (int r = 0; r < rounds; r++) {
                best = Math.min(best, burst(client, request, jobs));
            }
            return new Result(label, effective, best, ideal, threads.peak());
        }
    }

    private static long burst(ImageClient client, ImageRequest request, int jobs) {
        long start = System.nanoTime();
        List<CompletableFuture<ImageResult>> all = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            all.add(client.generateAsync(request));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        long ms = (System.nanoTime() - start) / 1_000_000;
        for (CompletableFuture<ImageResult> f : all) {
            if (f.join().image().bytes().length != 16 * 1024) {
                throw new IllegalStateException("wrong image");
            }
        }
        return ms;
    }
}
