package dev.imagegen.benchmarks;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark 4: {@code jobs} WaveSpeed jobs submitted at once (not sync mode), each "processing" on the server for
 * {@code jobMs}: the peak number of threads the client had while the jobs were pending (from the moment the server
 * had answered every submit; the submit burst's own peak is printed apart), polls per job, and the
 * lag between a job becoming complete on the server and its future completing, against the poll interval in effect
 * at that moment (the client's default schedule: 500 ms growing by half to 5 s).
 *
 * <p>Prints {@code polling.*} lines. Arguments: jobs jobMs.
 */
public final class PollingScenario {

    private PollingScenario() {
    }

    public static void main(String[] args) throws Exception {
        int maxConcurrency = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        System.out.print(run(Integer.parseInt(args[0]), Long.parseLong(args[1]), maxConcurrency));
        System.exit(0);
    }

    /**
     * Runs the scenario; the {@code polling.*} lines ({@code polling.c<N>.*} when {@code maxConcurrency} is not 0,
     * the library default).
     */
    static String run(int jobs, long jobMs, int maxConcurrency) throws Exception {
        try (LoopbackServer server = new LoopbackServer(Workloads.image(1024));
             ThreadSampler threads = new ThreadSampler();
             ImageClient client = Workloads.client(server, maxConcurrency, "b64_json", false)) {
            ImageRequest request = Workloads.request("wavespeed");
            server.jobDuration(50);
            client.generateAsync(request).join(); // warm-up: classes, one connection
            int warmThreads = threads.current();
            server.jobDuration(jobMs);
            threads.resetPeak();
            long[] doneAt = new long[jobs];
            String[] ids = new String[jobs];
            List<CompletableFuture<ImageResult>> all = new ArrayList<>(jobs);
            AtomicInteger submitted = new AtomicInteger();
            long start = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                int k = i;
                all.add(client.generateAsync(request).whenComplete((r, e) -> {
                    doneAt[k] = System.nanoTime();
                    if (r != null) {
                        ids[k] = r.requestId().orElse(null);
                    }
                }));
                submitted.incrementAndGet();
            }
            // the pending phase starts once the server has answered every submit
            while (server.jobCount() < jobs + 1) {
                Thread.sleep(1);
            }
            int burstPeak = threads.peak();
            String burstNames = threads.peakNames();
            threads.resetPeak();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            long wallMs = (System.nanoTime() - start) / 1_000_000;
            long[] lagMs = new long[jobs];
            for (int i = 0; i < jobs; i++) {
                Long serverDone = server.jobDoneAtNanos(ids[i]);
                if (serverDone == null) {
                    throw new IllegalStateException("no server record for job " + ids[i]);
                }
                lagMs[i] = Math.max(0, (doneAt[i] - serverDone) / 1_000_000);
            }
            Arrays.sort(lagMs);
            double polls = server.jobPolls().values().stream().mapToInt(AtomicInteger::get).sum() / (double) (jobs + 1);
            long interval = intervalAt(jobMs, 500, 5000);
            String text = String.format(Locale.ROOT, "polling.jobs=%d%npolling.job_ms=%d%npolling.wall_ms=%d%npolling.peak_threads=%d%npolling.submit_peak_threads=%d%n"
                            + "polling.threads_after_warmup=%d%npolling.polls_per_job=%.2f%npolling.lag_p50_ms=%d%n"
                            + "polling.lag_max_ms=%d%npolling.interval_ms=%d%npolling.peak_thread_names=%s%n"
                            + "polling.submit_peak_thread_names=%s%n",
                    jobs, jobMs, wallMs, threads.peak(), burstPeak, warmThreads, polls, lagMs[jobs / 2], lagMs[jobs - 1], interval,
                    threads.peakNames(), burstNames);
            return maxConcurrency == 0 ? text : text.replace("polling.", "polling.c" + maxConcurrency + ".");
        }
    }

    /** The poll interval that spans {@code t} ms after submit, on the schedule initial, x1.5, ... up to max. */
    static long intervalAt(long t, long initial, long max) {
        long at = 0;
        long interval = initial;
        while (true) {
            if (at + interval >= t) {
                return interval;
            }
            at += interval;
            interval = Math.min(interval * 3 / 2, max);
        }
    }
}
