package dev.imagegen.redis;

import dev.imagegen.BudgetExceededException;
import dev.imagegen.BudgetStatus;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageResult;
import dev.imagegen.ProviderLimits;
import dev.imagegen.spi.SharedStore;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Two stores (two "processes" in one JVM) on one real Redis: shared budget, leases, the minute window, the journal. */
class SharedStoreTest {

    private static RedisTestServer redis;
    private static ProviderEmulator emu;
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    @BeforeAll
    static void start() {
        redis = RedisTestServer.start();
        emu = Replicas.emulator().processingTime(Duration.ofMillis(20)).start();
    }

    @AfterAll
    static void stop() {
        emu.close();
        redis.close();
    }

    /** A store with room for this shared 2-core machine's pauses: the outage tests check the short timeouts. */
    private static RedisSharedStore.Builder store(String ns) {
        return RedisSharedStore.builder(redis.uri()).namespace(ns).commandTimeout(Duration.ofSeconds(10));
    }

    private static String ns() {
        return "t" + NAMESPACES.incrementAndGet();
    }

    @Test
    void twoClientsShareOneBudgetUnder200ConcurrentRequestsBlockingAndAsync() {
        String ns = ns();
        emu.clearRequests();
        try (RedisSharedStore s1 = store(ns).build(); RedisSharedStore s2 = store(ns).build();
             ImageClient async = Replicas.client("segmind", emu.baseUrl("segmind"), emu.apiKey(), s1).budget(Replicas.BUDGET).build();
             ImageClient blocking = Replicas.client("segmind", emu.baseUrl("segmind"), emu.apiKey(), s2).budget(Replicas.BUDGET).build()) {
            ExecutorService threads = Executors.newFixedThreadPool(100);
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            List<CompletableFuture<ImageResult>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int seed = i;
                all.add(i % 2 == 0 ? async.generateAsync(Replicas.request("segmind", seed))
                        : CompletableFuture.supplyAsync(() -> blocking.generate(Replicas.request("segmind", seed)), threads));
            }
            for (CompletableFuture<ImageResult> f : all) {
                f.handle((r, e) -> {
                    if (e == null) {
                        ok.incrementAndGet();
                    } else {
                        assertThat(Outcomes.cause(e)).isInstanceOf(BudgetExceededException.class);
                        refused.incrementAndGet();
                    }
                    return null;
                }).join();
            }
            threads.shutdown();

            int paid = emu.requestCount(Routes.SEGMIND_GENERATE);
            BigDecimal price = new BigDecimal(Replicas.SEGMIND_PRICE);
            // every paid call the vendor saw was reserved first: the fleet spent no more than the budget
            assertThat(price.multiply(BigDecimal.valueOf(paid))).isLessThanOrEqualTo(Replicas.BUDGET.limitUsd());
            assertThat(paid).isEqualTo(ok.get()).isEqualTo(40); // 40 x 0.0123 = 0.492; a 41st would be 0.5043
            assertThat(refused.get()).isEqualTo(160);
            BudgetStatus st1 = async.budgetStatus().orElseThrow();
            BudgetStatus st2 = blocking.budgetStatus().orElseThrow();
            assertThat(st1.spent()).isEqualByComparingTo("0.492").isEqualByComparingTo(st2.spent());
            assertThat(st1.reserved()).isEqualByComparingTo("0");
            assertThat(st1.windowEnd()).isEqualTo(st2.windowEnd());
        }
    }

    @Test
    void aPermitHeldByAProcessThatStoppedIsFreedWhenItsLeaseLapses() {
        String ns = ns();
        ProviderLimits one = ProviderLimits.defaults().withMaxConcurrent(1);
        try (RedisSharedStore alive = store(ns).leaseTime(Duration.ofMillis(600)).build()) {
            RedisSharedStore crashed = store(ns).leaseTime(Duration.ofMillis(600)).build();
            SharedStore.Lease held = crashed.tryAcquire("segmind", one).toCompletableFuture().join();
            assertThat(held.granted()).isTrue();
            SharedStore.BudgetLedger ledger = crashed.budget(Replicas.BUDGET);
            assertThat(ledger.reserve(new BigDecimal("0.30")).toCompletableFuture().join()).isPresent();
            crashed.close(); // no release, no settlement: the heartbeat stops as if the process died

            SharedStore.Lease refused = alive.tryAcquire("segmind", one).toCompletableFuture().join();
            assertThat(refused.granted()).isFalse();
            assertThat(refused.retryAfterMillis()).isEqualTo(50);
            BudgetStatus before = alive.budget(Replicas.BUDGET).status().toCompletableFuture().join();
            assertThat(before.reserved()).isEqualByComparingTo("0.30");

            long start = System.nanoTime();
            SharedStore.Lease got = refused;
            while (!got.granted()) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                RedisTestServer.sleep(got.retryAfterMillis());
                got = alive.tryAcquire("segmind", one).toCompletableFuture().join();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            // the dead process's reservation is charged in full: the vendor may have billed the call it was for
            BudgetStatus after = alive.budget(Replicas.BUDGET).status().toCompletableFuture().join();
            assertThat(after.reserved()).isEqualByComparingTo("0");
            assertThat(after.spent()).isEqualByComparingTo("0.30");
            got.release();
            assertThat(alive.tryAcquire("segmind", one).toCompletableFuture().join().granted()).isTrue();
        }
    }

    @Test
    void theDefaultMinuteWindowIsTheSameScriptWithSixtySeconds() {
        String ns = ns();
        ProviderLimits perMinute = ProviderLimits.defaults().withRequestsPerMinute(3);
        assertThat(perMinute.rateWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(perMinute).isEqualTo(ProviderLimits.defaults().withRequestsPer(3, Duration.ofSeconds(60)));
        try (RedisSharedStore a = store(ns).build(); RedisSharedStore b = store(ns).build()) {
            assertThat(a.tryAcquire("segmind", perMinute).toCompletableFuture().join().granted()).isTrue();
            assertThat(b.tryAcquire("segmind", perMinute).toCompletableFuture().join().granted()).isTrue();
            assertThat(a.tryAcquire("segmind", perMinute).toCompletableFuture().join().granted()).isTrue();
            SharedStore.Lease fourth = b.tryAcquire("segmind", perMinute).toCompletableFuture().join();
            assertThat(fourth.granted()).isFalse();
            // the next slot opens when the first grant is a minute old
            assertThat(fourth.retryAfterMillis()).isBetween(55_000L, 60_000L);
            try (RedisClient c = RedisClient.create(redis.uri()); StatefulRedisConnection<String, String> conn = c.connect()) {
                assertThat(conn.sync().zcard("{" + ns + "}:rate:segmind:60000")).isEqualTo(3);
                assertThat(conn.sync().pttl("{" + ns + "}:rate:segmind:60000")).isBetween(55_000L, 61_000L);
            }
        }
    }

    @Test
    void aJournalEntryStaysUntilTheResultIsDeliveredAndOnlyOrphansAreClaimed() {
        String ns = ns();
        try (RedisSharedStore mine = store(ns).build(); RedisSharedStore other = store(ns).build();
             ImageClient client = Replicas.client("wavespeed", emu.baseUrl("wavespeed"), emu.apiKey(), mine).build()) {
            var job = client.submit(Replicas.request("wavespeed", 7));
            assertThat(journal(ns)).containsEntry(job.ref(), mine.owner());
            // held by a live process: not an orphan
            assertThat(other.jobs().claimOrphans(10).toCompletableFuture().join()).isEmpty();
            job.await(Duration.ofSeconds(10));
            assertThat(journal(ns)).isEmpty();
        }
    }

    static java.util.Map<String, String> journal(String ns) {
        return journal(redis, ns);
    }

    static java.util.Map<String, String> journal(RedisTestServer redis, String ns) {
        try (RedisClient c = RedisClient.create(redis.uri()); StatefulRedisConnection<String, String> conn = c.connect()) {
            return conn.sync().hgetall("{" + ns + "}:jobs");
        }
    }
}
