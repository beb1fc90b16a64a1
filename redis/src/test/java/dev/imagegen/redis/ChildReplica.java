package dev.imagegen.redis;

import dev.imagegen.BudgetExceededException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageResult;
import dev.imagegen.ProviderLimits;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One replica of a service, run as its own JVM by the two-process tests: builds a store and a client, prints
 * {@code UP}, waits for {@code go} on standard input, runs its workload and prints {@code RESULT k=v ...}.
 *
 * <ul>
 * <li>{@code budget redisUri namespace baseUrl apiKey n}: n Segmind generations, half asynchronous, half blocking on n/2
 *     threads, all at once, against the shared budget</li>
 * <li>{@code rate redisUri namespace baseUrl apiKey n windowMs}: n asynchronous Segmind generations under a limit of 10
 *     per window shared by every replica</li>
 * <li>{@code jobs redisUri namespace baseUrl apiKey n}: n paid WaveSpeed jobs, half submitted, half generated; prints
 *     {@code READY} once every job is accepted and waits to be killed</li>
 * </ul>
 */
public final class ChildReplica {

    private ChildReplica() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        RedisSharedStore.Builder sb = RedisSharedStore.builder(args[1]).namespace(args[2])
                .commandTimeout(Duration.ofSeconds(10));
        if (mode.equals("jobs")) {
            sb.leaseTime(Duration.ofSeconds(1));
        }
        int n = Integer.parseInt(args[5]);
        try (RedisSharedStore store = sb.build()) {
            String provider = mode.equals("jobs") ? "wavespeed" : "segmind";
            ImageClient.Builder cb = Replicas.client(provider, args[3], args[4], store).timeout(Duration.ofSeconds(30));
            if (mode.equals("budget")) {
                cb.budget(Replicas.BUDGET);
            } else if (mode.equals("rate")) {
                cb.providerLimits("segmind", ProviderLimits.defaults()
                        .withRequestsPer(10, Duration.ofMillis(Long.parseLong(args[6]))));
            }
            try (ImageClient client = cb.build()) {
                if (mode.equals("rate")) {
                    // a cold JVM takes hundreds of ms from a grant to the vendor on its first calls (class loading, JIT):
                    // warm up with calls that take no rate slot, so the emulator's clock sees what the limiter granted
                    try (ImageClient warmUp = Replicas.client(provider, args[3], args[4], store).build()) {
                        for (int i = 0; i < 3; i++) {
                            warmUp.generate(Replicas.request(provider, 1000 + i));
                        }
                    }
                }
                System.out.println("UP " + store.owner());
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                if (!"go".equals(in.readLine())) {
                    return;
                }
                if (mode.equals("jobs")) {
                    jobs(client, n);
                } else {
                    generate(client, n, provider, mode.equals("budget"));
                }
            }
        }
    }

    private static void generate(ImageClient client, int n, String provider, boolean blockingHalf) {
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger budget = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>();
        int blocking = blockingHalf ? n / 2 : 0;
        ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, blocking));
        for (int i = 0; i < n; i++) {
            int seed = i;
            CompletableFuture<ImageResult> f = i < blocking
                    ? CompletableFuture.supplyAsync(() -> client.generate(Replicas.request(provider, seed)), threads)
                    : client.generateAsync(Replicas.request(provider, seed));
            all.add(f.whenComplete((r, e) -> {
                if (e == null) {
                    ok.incrementAndGet();
                } else if (Outcomes.cause(e) instanceof BudgetExceededException) {
                    budget.incrementAndGet();
                } else {
                    other.incrementAndGet();
                    System.err.println("failed: " + e);
                }
            }).exceptionally(e -> null));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        threads.shutdown();
        System.out.println("RESULT ok=" + ok + " budget=" + budget + " other=" + other);
    }

    private static void jobs(ImageClient client, int n) throws InterruptedException {
        List<ImageJob> submitted = new ArrayList<>();
        for (int i = 0; i < n / 2; i++) {
            submitted.add(client.submit(Replicas.request("wavespeed", i)));
        }
        java.util.Set<String> accepted = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int i = n / 2; i < n; i++) {
            client.generateAsync(Replicas.request("wavespeed", i), p -> p.job().ifPresent(accepted::add));
        }
        while (accepted.size() < n - n / 2) {
            Thread.sleep(10);
        }
        System.out.println("READY submitted=" + submitted.size());
        Thread.sleep(Long.MAX_VALUE);
    }
}
