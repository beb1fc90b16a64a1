package dev.imagegen.provider.wavespeed;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 concurrent jobs, each polled twice, on a real clock: waiting holds no thread, so the client's threads stay
 * bounded by its concurrency setting (default 64 HTTP calls at once), not by the number of jobs.
 */
class WaveSpeedLoadTest {

    private static final int JOBS = 1000;

    @StartStop
    final MockWebServer server = new MockWebServer();

    private static final byte[] PNG = dev.imagegen.testing.TestImages.png(8, 8);

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void thousandConcurrentJobsCompleteWithABoundedNumberOfThreads() throws Exception {
        AtomicInteger submits = new AtomicInteger();
        Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String path = r.getUrl().encodedPath();
                if (r.getMethod().equals("POST") && path.equals("/api/v2/wavespeed-ai/hidream-i1-fast")) {
                    String id = "job-" + submits.incrementAndGet();
                    return WaveSpeedFixtures.created(id, server.url("/api/v2/predictions/" + id + "/result").toString());
                }
                if (r.getMethod().equals("GET") && path.startsWith("/api/v2/predictions/") && path.endsWith("/result")) {
                    String id = path.substring("/api/v2/predictions/".length(), path.length() - "/result".length());
                    String get = server.url(path).toString();
                    int n = polls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    return n < 2 ? WaveSpeedFixtures.processing(id, get)
                            : WaveSpeedFixtures.completed(id, get, server.url("/storage/" + id + ".png").toString());
                }
                if (r.getMethod().equals("GET") && path.startsWith("/storage/")) {
                    return WaveSpeedFixtures.image(PNG, "image/png");
                }
                return new MockResponse.Builder().code(404).build();
            }
        });

        ThreadSampler sampler = new ThreadSampler();
        try (ImageClient client = ImageClient.builder()
                .discoverProviders(false)
                .addProvider(new WaveSpeedProviderFactory())
                .environment(Map.of())
                .apiKey("wavespeed", "k")
                .baseUrl("wavespeed", server.url("/").toString())
                .pollInterval(Duration.ofMillis(20), Duration.ofMillis(50))
                .build()) {
            int before = Thread.activeCount();
            sampler.start();
            long start = System.nanoTime();
            List<CompletableFuture<ImageResult>> futures = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                futures.add(client.generateAsync(ImageRequest.builder().provider("wavespeed").model("hidream-i1-fast")
                        .prompt("fox number " + i).build()));
            }
            // a liveness bound, not a speed check (benchmarks/ measures that): about 7 s on a quiet 2-core machine; the
            // pool runs quick exchanges on its 10 eager threads, so other processes on the cores slow it down
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(45, TimeUnit.SECONDS);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            sampler.stop();

            Set<String> ids = new HashSet<>();
            for (CompletableFuture<ImageResult> f : futures) {
                ImageResult r = f.join();
                assertThat(r.images()).hasSize(1);
                assertThat(r.image().url()).hasValueSatisfying(u -> assertThat(u).contains("/storage/job-"));
                ids.add(r.requestId().orElseThrow());
            }
            assertThat(ids).hasSize(JOBS);
            assertThat(submits.get()).as("each job submitted exactly once").isEqualTo(JOBS);
            assertThat(polls.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(2));
            assertThat(server.getRequestCount()).as("submit, two polls and the output's download, each").isEqualTo(4 * JOBS);

            // The JVM's threads include MockWebServer's, one per open connection; the client's own are counted apart.
            // OkHttp runs at most maxConcurrency (64) calls at once, on the client's bounded pool of that many threads.
            // So the bound is 64 plus a fixed overhead (the JVM's, surefire's, OkHttp's task runner and watchdog, the
            // client's one scheduler thread, this sampler), whatever the number of jobs: nothing waits on a thread.
            System.out.printf("load: %d jobs in %d ms; threads before %d, peak %d, peak without MockWebServer's %d: %s%n",
                    JOBS, ms, before, sampler.peakAll, sampler.peakClient, sampler.peakNames);
            assertThat(sampler.peakClient).as("client-side threads at the peak").isLessThanOrEqualTo(64 + 32);
            assertThat(sampler.peakAll).as("all threads at the peak, MockWebServer's included").isLessThan(before + 3 * 64 + 48);
        }
    }

    /** Samples the live threads every few milliseconds. */
    private static final class ThreadSampler implements Runnable {
        private volatile boolean running = true;
        volatile int peakAll;
        volatile int peakClient;
        volatile Map<String, Long> peakNames;
        private Thread thread;

        void start() {
            thread = new Thread(this, "thread-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        @Override
        public void run() {
            while (running) {
                Set<Thread> live = Thread.getAllStackTraces().keySet();
                int all = live.size();
                int client = (int) live.stream().filter(t -> !t.getName().startsWith("MockWebServer")).count();
                peakAll = Math.max(peakAll, all);
                if (client > peakClient) {
                    peakNames = new java.util.TreeMap<>(live.stream().filter(t -> !t.getName().startsWith("MockWebServer"))
                            .collect(java.util.stream.Collectors.groupingBy(t -> t.getName().replaceAll("[0-9]+", "N"),
                                    java.util.stream.Collectors.counting())));
                }
                peakClient = Math.max(peakClient, client);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
