package dev.imagegen.redis;

import dev.imagegen.DeadlineExceededException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ProviderLimits;
import dev.imagegen.StoreUnavailableException;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redis stopped, or frozen, while clients run: budgets fail closed unless told otherwise, limits fall back or fail as
 * configured, and no call outlives its deadline; blocking and asynchronous calls alike.
 */
class RedisOutageTest {

    private RedisTestServer redis;
    private ProviderEmulator emu;

    @BeforeEach
    void start() {
        redis = RedisTestServer.start();
        emu = Replicas.emulator().start();
    }

    @AfterEach
    void stop() {
        emu.close();
        redis.close();
    }

    private RedisSharedStore.Builder store() {
        return RedisSharedStore.builder(redis.uri()).namespace("outage").commandTimeout(Duration.ofSeconds(1));
    }

    private ImageClient.Builder client(RedisSharedStore store) {
        return Replicas.client("segmind", emu.baseUrl("segmind"), emu.apiKey(), store).timeout(Duration.ofSeconds(20));
    }

    private static Throwable asyncError(CompletableFuture<?> f) throws Exception {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void aBudgetFailsClosedWhileRedisIsDownAndWorksAgainWhenItIsBack() throws Exception {
        try (RedisSharedStore store = store().build(); ImageClient client = client(store).budget(Replicas.BUDGET).build()) {
            client.generate(Replicas.request("segmind", 1));
            redis.stop();

            assertThatThrownBy(() -> client.generate(Replicas.request("segmind", 2)))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("nothing was sent")
                    .satisfies(e -> assertThat(((ImageGenerationException) e).isRetryable()).isTrue());
            assertThat(asyncError(client.generateAsync(Replicas.request("segmind", 3))))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(client::budgetStatus).isInstanceOf(StoreUnavailableException.class);
            assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).as("no paid call without a reservation").isEqualTo(1);

            redis.restart();
            TwoProcessTest.waitFor(() -> {
                try {
                    client.generate(Replicas.request("segmind", 4));
                    return true;
                } catch (StoreUnavailableException e) {
                    return false; // Lettuce reconnects in the background
                }
            }, Duration.ofSeconds(20));
            assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(2);
        }
    }

    @Test
    void aBudgetConfiguredToProceedSendsUnreservedWhileRedisIsDown() throws Exception {
        try (RedisSharedStore store = store().budgetWhenUnavailable(RedisSharedStore.WhenUnavailable.PROCEED).build();
             ImageClient client = client(store).budget(Replicas.BUDGET).build()) {
            redis.stop();
            assertThat(client.generate(Replicas.request("segmind", 1)).image().bytes()).isNotEmpty();
            assertThat(client.generateAsync(Replicas.request("segmind", 2)).get(30, TimeUnit.SECONDS).image().bytes()).isNotEmpty();
            assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(2);
        }
    }

    @Test
    void limitsFallBackToTheProcessOwnByDefaultOrFailWhenConfigured() throws Exception {
        ProviderLimits limits = ProviderLimits.defaults().withMaxConcurrent(2).withRequestsPerMinute(100);
        try (RedisSharedStore proceeding = store().build();
             RedisSharedStore failing = store().limitsWhenUnavailable(RedisSharedStore.WhenUnavailable.FAIL).build();
             ImageClient local = client(proceeding).providerLimits("segmind", limits).build();
             ImageClient strict = client(failing).providerLimits("segmind", limits).build()) {
            redis.stop();
            assertThat(local.generate(Replicas.request("segmind", 1)).image().bytes()).isNotEmpty();
            assertThat(local.generateAsync(Replicas.request("segmind", 2)).get(30, TimeUnit.SECONDS).image().bytes()).isNotEmpty();

            assertThatThrownBy(() -> strict.generate(Replicas.request("segmind", 3))).isInstanceOf(StoreUnavailableException.class);
            assertThat(asyncError(strict.generateAsync(Replicas.request("segmind", 4)))).isInstanceOf(StoreUnavailableException.class);
            assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(2);
        }
    }

    /** A frozen Redis (connections open, no answers) and a command timeout longer than the request's deadline. */
    @Test
    void noCallOutlivesItsDeadlineWhenRedisHangs() throws Exception {
        ProviderLimits limits = ProviderLimits.defaults().withMaxConcurrent(2);
        try (RedisSharedStore store = RedisSharedStore.builder(redis.uri()).namespace("hang")
                .commandTimeout(Duration.ofSeconds(30)).limitsWhenUnavailable(RedisSharedStore.WhenUnavailable.FAIL).build();
             ImageClient budgeted = client(store).budget(Replicas.BUDGET).timeout(Duration.ofMillis(500)).build();
             ImageClient limited = client(store).providerLimits("segmind", limits).timeout(Duration.ofMillis(500)).build()) {
            redis.pause();
            try {
                for (ImageClient c : new ImageClient[] {budgeted, limited}) {
                    long t0 = System.nanoTime();
                    assertThatThrownBy(() -> c.generate(Replicas.request("segmind", 1)))
                            .isInstanceOfAny(StoreUnavailableException.class, DeadlineExceededException.class);
                    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));

                    long t1 = System.nanoTime();
                    assertThat(asyncError(c.generateAsync(Replicas.request("segmind", 2))))
                            .isInstanceOfAny(StoreUnavailableException.class, DeadlineExceededException.class);
                    assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofSeconds(3));
                }
            } finally {
                redis.resume();
            }
            assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isZero();
        }
    }
}
