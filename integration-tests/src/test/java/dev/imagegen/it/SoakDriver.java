package dev.imagegen.it;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageRequest;
import dev.imagegen.RetryPolicy;
import dev.imagegen.internal.http.HttpPipeline;
import dev.imagegen.it.logging.CapturedLogs;
import dev.imagegen.testing.TestImages;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.FaultPlan;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load and soak: N generations, C at a time, spread over the four providers on one emulator, with a share of the
 * emulator's answers replaced by faults of every kind (429, 500, 502, 503, 504, dropped connections, cut, malformed,
 * empty, slow and oversized bodies, failing and stuck jobs, on the paid, poll and download routes alike). Reports what
 * the invariants need: completed, failed by type, futures completed exactly once, paid POSTs seen vs allowed, heap
 * after a full GC before and after, peak threads, and leftovers after close.
 *
 * <p>Run: {@code benchmarks/soak.sh} (10,000 requests), or {@code SoakDriver [requests] [concurrency] [faultRate]}
 * from the test class path. {@link LoadTest} runs 1,000 in the normal build.
 */
public final class SoakDriver {

    /** Operations that start paid work (the providers' labels). */
    static final Set<String> PAID_OPERATIONS = Set.of("generate", "submit", "edit");
    /** Retry reasons the transport may retry a paid request for. */
    static final Set<String> SAFE_PAID_RETRY_REASONS = Set.of("HTTP 429", "HTTP 503", "connect failed");
    static final List<String> PAID_ROUTES = List.of(Routes.LUMOZ_RUN, Routes.SEGMIND_GENERATE, Routes.WAVESPEED_SUBMIT,
            Routes.LUMENFALL_GENERATIONS);
    static final List<String> PROVIDERS = List.of("lumoz", "segmind", "wavespeed", "lumenfall");

    /** The figures of one run. */
    public record Report(int requests, int concurrency, double faultRate, int completed, Map<String, Integer> failedByType,
                         int completedExactlyOnce, int notCompleted, int completedTwice, int startedEvents, int endedEvents,
                         long paidPostsSeen, long paidPostsAllowed, long unsafePaidRetries, long faultsInjected,
                         long heapBeforeBytes, long heapAfterBytes, int peakThreads, int threadsBefore, int threadsAfterClose,
                         HttpPipeline.Stats statsBeforeClose, long logLines, int logLeaks, Duration elapsed) {

        /** The report as text. */
        public String format() {
            return String.format("requests            %,d (%d concurrent, %.0f%% of answers faulted, %,d faults injected)%n"
                            + "completed           %,d%n"
                            + "failed by type      %s%n"
                            + "futures             %,d completed exactly once, %d never, %d more than once; events %,d started / %,d ended%n"
                            + "paid POSTs          %,d seen by the emulator, %,d allowed by the retry rules (%d unsafe retries)%n"
                            + "heap after full GC  %,d KiB before, %,d KiB after%n"
                            + "threads             peak %d (%d live before the run), %d client threads live after close%n"
                            + "HTTP layer at end   %s%n"
                            + "log lines           %,d, %d with a secret%n"
                            + "elapsed             %.1f s (%.0f requests/s)%n",
                    requests, concurrency, faultRate * 100, faultsInjected, completed, failedByType,
                    completedExactlyOnce, notCompleted, completedTwice, startedEvents, endedEvents,
                    paidPostsSeen, paidPostsAllowed, unsafePaidRetries, heapBeforeBytes / 1024, heapAfterBytes / 1024,
                    peakThreads, threadsBefore, threadsAfterClose, statsBeforeClose, logLines, logLeaks,
                    elapsed.toMillis() / 1000.0, requests / Math.max(0.001, elapsed.toMillis() / 1000.0));
        }
    }

    private SoakDriver() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int c = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        double rate = args.length > 2 ? Double.parseDouble(args[2]) : 0.10;
        Report r = run(n, c, rate, 42L);
        System.out.print(r.format());
        boolean ok = r.notCompleted() == 0 && r.completedTwice() == 0 && r.paidPostsSeen() <= r.paidPostsAllowed()
                && r.unsafePaidRetries() == 0 && r.threadsAfterClose() == 0 && r.logLeaks() == 0;
        System.out.println(ok ? "INVARIANTS HOLD" : "INVARIANTS BROKEN");
        System.exit(ok ? 0 : 1);
    }

    /** The faults, each on every route with probability rate/kinds, so about {@code rate} of all answers are faulted. */
    static List<Fault> faultKinds(long cap) {
        return List.of(Fault.status(429), Fault.status(429).header("Retry-After", "0"), Fault.status(500), Fault.status(502),
                Fault.status(503), Fault.status(504), Fault.dropConnection(), Fault.dropMidBody(), Fault.truncatedBody(),
                Fault.malformedBody(), Fault.status(200).body(new byte[0], "application/json"),
                Fault.slowBody(Duration.ofMillis(20)), Fault.oversizedBody(cap * 2), Fault.jobFails("soak failure"),
                Fault.jobNeverFinishes());
    }

    public static Report run(int requests, int concurrency, double faultRate, long seed) throws Exception {
        // log lines are still checked for secrets as they are written, but not kept: kept lines would show as heap
        int keptLines = CapturedLogs.keep(0);
        try {
            return runWithLogsChecked(requests, concurrency, faultRate, seed);
        } finally {
            CapturedLogs.keep(keptLines);
        }
    }

    private static Report runWithLogsChecked(int requests, int concurrency, double faultRate, long seed) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cap = 1L << 20;
        try (ProviderEmulator emu = ProviderEmulator.builder().apiKey(Emulators.API_KEY).threads(Math.max(32, concurrency))
                .fixedImage(TestImages.png(64, 64), "image/png").segmindCredits(1e12).requestLogLimit(100).start()) {
            List<Fault> kinds = faultKinds(cap);
            List<FaultPlan.Rule> rules = new ArrayList<>();
            for (int i = 0; i < kinds.size(); i++) {
                rules.add(emu.faults().onAnyRoute().probability(faultRate / kinds.size(), seed + i).always().respond(kinds.get(i)));
            }
            AtomicLong paidAttempts = new AtomicLong();
            AtomicLong paidOps = new AtomicLong();
            AtomicLong safePaidRetries = new AtomicLong();
            AtomicLong unsafePaidRetries = new AtomicLong();
            Set<Long> paidOpIds = ConcurrentHashMap.newKeySet();
            Map<Long, AtomicInteger> endedPerOp = new ConcurrentHashMap<>();
            AtomicInteger started = new AtomicInteger();
            AtomicInteger ended = new AtomicInteger();
            ImageEventListener listener = new ImageEventListener() {
                @Override
                public void requestStarted(RequestStarted e) {
                    started.incrementAndGet();
                }

                @Override
                public void requestEnded(RequestEnded e) {
                    ended.incrementAndGet();
                    endedPerOp.computeIfAbsent(e.operationId(), k -> new AtomicInteger()).incrementAndGet();
                }

                @Override
                public void attempt(Attempt e) {
                    if (PAID_OPERATIONS.contains(e.operation())) {
                        paidAttempts.incrementAndGet();
                        if (paidOpIds.add(e.operationId())) {
                            paidOps.incrementAndGet();
                        }
                    }
                }

                @Override
                public void retry(Retry e) {
                    if (PAID_OPERATIONS.contains(e.operation())) {
                        (SAFE_PAID_RETRY_REASONS.contains(e.reason()) ? safePaidRetries : unsafePaidRetries).incrementAndGet();
                    }
                }
            };
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            int threadsBefore = threads.getThreadCount();
            threads.resetPeakThreadCount();
            Set<Thread> before = Leaks.threads();

            ImageClient client = EmulatorClients.builder(emu).listener(listener).maxConcurrency(concurrency).maxBodyBytes(cap)
                    .readTimeout(Duration.ofSeconds(2)).timeout(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(20), Duration.ofMillis(200))
                    .retryPolicy(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1), true))
                    .build();
            AtomicIntegerArray completions = new AtomicIntegerArray(requests);
            AtomicInteger completed = new AtomicInteger();
            Map<String, AtomicInteger> failed = new ConcurrentHashMap<>();
            Semaphore inFlight = new Semaphore(concurrency);
            ExecutorService readers = Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "soak-reader");
                t.setDaemon(true);
                return t;
            });
            long t0 = System.nanoTime();
            List<CompletableFuture<?>> all = new ArrayList<>(requests);
            for (int i = 0; i < requests; i++) {
                inFlight.acquire();
                int idx = i;
                ImageRequest req = ImageRequest.builder().provider(PROVIDERS.get(i % PROVIDERS.size())).model("hidream-i1-fast")
                        .prompt("soak " + i).seed((long) i).build();
                CompletableFuture<?> f = client.generateAsync(req).whenCompleteAsync((result, error) -> {
                    completions.incrementAndGet(idx);
                    Throwable e = error == null ? null : dev.imagegen.it.SoakDriver.unwrap(error);
                    if (e == null) {
                        try {
                            result.images().forEach(img -> img.bytes());
                        } catch (RuntimeException ex) {
                            e = ex;
                        }
                    }
                    if (e == null) {
                        completed.incrementAndGet();
                    } else {
                        failed.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
                    }
                    inFlight.release();
                }, readers);
                // keep only completion, not the result: the driver must not be what holds the images on the heap
                all.add(f.handle((x, e) -> null));
            }
            try {
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException ignored) {
                // counted below as futures never completed
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            // give a late second completion the chance to show
            Thread.sleep(200);
            HttpPipeline.Stats stats = Leaks.awaitIdle(client, Duration.ofSeconds(5));
            client.close();
            readers.shutdown();
            readers.awaitTermination(10, TimeUnit.SECONDS);
            Set<String> left = Leaks.threadsLeftAfterClose(before, Duration.ofSeconds(5));
            int once = 0;
            int never = 0;
            int twice = 0;
            for (int i = 0; i < requests; i++) {
                int k = completions.get(i);
                if (k == 1) {
                    once++;
                } else if (k == 0) {
                    never++;
                } else {
                    twice++;
                }
            }
            twice += (int) endedPerOp.values().stream().filter(a -> a.get() > 1).count();
            long seen = 0;
            for (String route : PAID_ROUTES) {
                seen += emu.requestCount(route);
            }
            // the emulator keeps every output and job it served: stop it so the heap shows what the client kept
            emu.close();
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            long heapAfter = memory.getHeapMemoryUsage().getUsed();
            long faults = rules.stream().mapToLong(FaultPlan.Rule::fired).sum();
            Map<String, Integer> byType = new TreeMap<>();
            failed.forEach((k, v) -> byType.put(k, v.get()));
            return new Report(requests, concurrency, faultRate, completed.get(), byType, once, never, twice, started.get(),
                    ended.get(), seen, paidOps.get() + safePaidRetries.get(), unsafePaidRetries.get(), faults, heapBefore,
                    heapAfter, threads.getPeakThreadCount(), threadsBefore, left.size(), stats, CapturedLogs.total(),
                    CapturedLogs.leaks().size(), elapsed);
        }
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
