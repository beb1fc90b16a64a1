package dev.imagegen.routing;

import dev.imagegen.CircuitOpenException;
import dev.imagegen.CircuitState;
import dev.imagegen.DeadlineExceededException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ProviderLimits;
import dev.imagegen.ProviderServerException;
import dev.imagegen.RetryPolicy;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Per-provider circuit breakers, concurrency limits and rate limits. */
class LimitsAndCircuitBreakerTest extends RoutingFixture {

    static final Duration COOL_DOWN = Duration.ofSeconds(30);

    ImageClient.Builder noRetries() {
        return builder().retryPolicy(RetryPolicy.none());
    }

    ImageResult run(ImageClient c, ImageRequest r, boolean async) throws Exception {
        if (!async) {
            return c.generate(r);
        }
        try {
            return c.generateAsync(r).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    // ---- circuit breaker ----

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void theCircuitOpensAfterNFailuresAndHalfOpensAfterTheCoolDown(boolean async) throws Exception {
        ImageClient c = client(noRetries().providerLimits("alpha", ProviderLimits.defaults().withCircuitBreaker(3, COOL_DOWN)));
        ImageRequest pinned = sync().provider("alpha").build();
        for (int i = 0; i < 3; i++) {
            alpha.enqueue(error(503, "down"));
            assertThatThrownBy(() -> run(c, pinned, async)).isExactlyInstanceOf(ProviderServerException.class);
        }
        // open: fails fast, nothing sent
        assertThatThrownBy(() -> run(c, pinned, async)).isInstanceOfSatisfying(CircuitOpenException.class, e -> {
            assertThat(e.retryAfter()).isEqualTo(COOL_DOWN);
            assertThat(e.getMessage()).contains("[alpha] circuit open: 3 of the last 3 calls failed (100 %, the threshold is"
                    + " 100 %); nothing was sent");
        });
        assertThat(alpha.getRequestCount()).isEqualTo(3);

        time.advance(COOL_DOWN.minusSeconds(1));
        assertThatThrownBy(() -> run(c, pinned, async)).isInstanceOf(CircuitOpenException.class);
        assertThat(alpha.getRequestCount()).isEqualTo(3);

        // half-open: one probe goes through; it fails, so the circuit opens again for a full cool-down
        time.advance(Duration.ofSeconds(1));
        alpha.enqueue(error(503, "still down"));
        assertThatThrownBy(() -> run(c, pinned, async)).isExactlyInstanceOf(ProviderServerException.class);
        assertThatThrownBy(() -> run(c, pinned, async)).isInstanceOf(CircuitOpenException.class);
        assertThat(alpha.getRequestCount()).isEqualTo(4);

        // the next probe succeeds and closes it
        time.advance(COOL_DOWN);
        alpha.enqueue(ok("a1"));
        alpha.enqueue(ok("a2"));
        assertThat(run(c, pinned, async).requestId()).contains("a1");
        assertThat(run(c, pinned, async).requestId()).contains("a2");
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void everyChangeOfCircuitStateIsToldToTheListenerAndReadable(boolean async) throws Exception {
        List<ImageEventListener.CircuitStateChanged> changes = new CopyOnWriteArrayList<>();
        ImageClient c = client(noRetries().providerLimits("alpha", ProviderLimits.defaults().withCircuitBreaker(2, COOL_DOWN))
                .listener(new ImageEventListener() {
                    @Override
                    public void circuitStateChanged(CircuitStateChanged event) {
                        changes.add(event);
                    }
                }));
        ImageRequest pinned = sync().provider("alpha").build();
        assertThat(c.circuitStates()).containsExactly(Map.entry("alpha", CircuitState.CLOSED), Map.entry("beta", CircuitState.CLOSED));
        for (int i = 0; i < 2; i++) {
            alpha.enqueue(error(503, "down"));
            assertThatThrownBy(() -> run(c, pinned, async)).isExactlyInstanceOf(ProviderServerException.class);
        }
        assertThat(c.circuitStates()).containsEntry("alpha", CircuitState.OPEN).containsEntry("beta", CircuitState.CLOSED);
        time.advance(COOL_DOWN);
        assertThat(c.circuitStates()).as("the next call probes").containsEntry("alpha", CircuitState.HALF_OPEN);
        alpha.enqueue(ok("a1"));
        run(c, pinned, async);
        assertThat(c.circuitStates()).containsEntry("alpha", CircuitState.CLOSED);

        assertThat(changes).extracting(e -> e.provider() + " " + e.from() + "->" + e.to()).containsExactly(
                "alpha CLOSED->OPEN", "alpha OPEN->HALF_OPEN", "alpha HALF_OPEN->CLOSED");
        assertThat(changes.get(0).reason()).contains("2 of the last 2 calls failed").contains("refused for 30 s");
        assertThat(changes.get(2).reason()).isEqualTo("its probe call succeeded");
    }

    @Test
    void anOpenCircuitIsSkippedByRoutingWithoutSendingAnything() throws Exception {
        ImageClient c = client(noRetries().providerLimits("alpha", ProviderLimits.defaults().withCircuitBreaker(1, COOL_DOWN)));
        alpha.enqueue(error(503, "down"));
        beta.enqueue(ok("b1"));
        beta.enqueue(ok("b2"));
        assertThat(c.generate(sync().build()).metadata()).containsEntry("routing.attempts", "alpha:ProviderServerException,beta:ok");
        ImageResult r = c.generate(sync().build());
        assertThat(r.metadata()).containsEntry("routing.attempts", "alpha:CircuitOpenException,beta:ok");
        assertThat(alpha.getRequestCount()).isEqualTo(1);
    }

    @Test
    void errorsThatSayNothingAboutTheVendorsHealthDoNotCount() throws Exception {
        ImageClient c = client(noRetries().providerLimits("alpha", ProviderLimits.defaults().withCircuitBreaker(2, COOL_DOWN)));
        ImageRequest pinned = sync().provider("alpha").build();
        alpha.enqueue(error(503, "down"));
        alpha.enqueue(error(400, "bad prompt"));
        alpha.enqueue(error(503, "down"));
        alpha.enqueue(ok("a1"));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> c.generate(pinned)).isNotInstanceOf(CircuitOpenException.class);
        }
        // 503, 400, 503: two failures in a row? no: the 400 is neutral, so the count is 2 and the circuit is open
        assertThatThrownBy(() -> c.generate(pinned)).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void aSuccessResetsTheCount() throws Exception {
        ImageClient c = client(noRetries().providerLimits("alpha", ProviderLimits.defaults().withCircuitBreaker(2, COOL_DOWN)));
        ImageRequest pinned = sync().provider("alpha").build();
        alpha.enqueue(error(503, "down"));
        alpha.enqueue(ok("a1"));
        alpha.enqueue(error(503, "down"));
        alpha.enqueue(ok("a2"));
        assertThatThrownBy(() -> c.generate(pinned)).isInstanceOf(ProviderServerException.class);
        c.generate(pinned);
        assertThatThrownBy(() -> c.generate(pinned)).isInstanceOf(ProviderServerException.class);
        assertThat(c.generate(pinned).requestId()).contains("a2");
    }

    @Test
    void theDefaultBreakerOpensWhenHalfOfTwentyCallsFailedNotOnAFewFailuresAmongMany() {
        ImageClient c = client(noRetries());
        ImageRequest pinned = sync().provider("alpha").build();
        // a few failures among many calls (the stale-connection case: 10 of 256) is not an outage
        for (int i = 0; i < 200; i++) {
            boolean fail = i % 20 == 0;
            alpha.enqueue(fail ? error(503, "down") : ok("a" + i));
            if (fail) {
                assertThatThrownBy(() -> c.generate(pinned)).isExactlyInstanceOf(ProviderServerException.class);
            } else {
                assertThat(c.generate(pinned).requestId()).contains("a" + i);
            }
        }
        // the window holds the last 100 calls, 5 of them failed (calls 100, 120, ... 180); each further failure pushes an
        // old call out, and after 48 more (calls 100..147 gone, 160 and 180 left) 50 of the last 100 have failed
        for (int i = 0; i < 48; i++) {
            alpha.enqueue(error(503, "down"));
            assertThatThrownBy(() -> c.generate(pinned)).as("call %d", i).isExactlyInstanceOf(ProviderServerException.class);
        }
        assertThatThrownBy(() -> c.generate(pinned)).isInstanceOfSatisfying(CircuitOpenException.class,
                e -> assertThat(e.getMessage()).contains("50 of the last 100 calls failed (50 %, the threshold is 50 %)"));
    }

    @Test
    void theDefaultBreakerWaitsForItsMinimumNumberOfCalls() {
        ImageClient c = client(noRetries());
        ImageRequest pinned = sync().provider("alpha").build();
        for (int i = 0; i < 19; i++) {
            alpha.enqueue(error(503, "down"));
            assertThatThrownBy(() -> c.generate(pinned)).as("call %d", i).isExactlyInstanceOf(ProviderServerException.class);
        }
        alpha.enqueue(error(503, "down"));
        assertThatThrownBy(() -> c.generate(pinned)).isExactlyInstanceOf(ProviderServerException.class);
        assertThatThrownBy(() -> c.generate(pinned)).isInstanceOfSatisfying(CircuitOpenException.class,
                e -> assertThat(e.getMessage()).contains("20 of the last 20 calls failed"));
        assertThat(alpha.getRequestCount()).isEqualTo(20);
    }

    @Test
    void aHalfOpenCircuitLetsOneProbeThroughAtATime() throws Exception {
        ImageClient c = client(noRetries().providerLimits("alpha", ProviderLimits.defaults().withCircuitBreaker(1, COOL_DOWN)));
        ImageRequest pinned = sync().provider("alpha").build();
        alpha.enqueue(error(503, "down"));
        assertThatThrownBy(() -> c.generate(pinned)).isInstanceOf(ProviderServerException.class);
        time.advance(COOL_DOWN);
        alpha.enqueue(new MockResponse.Builder(ok("probe")).headersDelay(500, TimeUnit.MILLISECONDS).build());
        CompletableFuture<ImageResult> probe = c.generateAsync(pinned);
        while (alpha.getRequestCount() < 2) {
            Thread.onSpinWait();
        }
        assertThatThrownBy(() -> c.generate(pinned)).isInstanceOfSatisfying(CircuitOpenException.class,
                e -> assertThat(e.getMessage()).contains("half-open"));
        assertThat(probe.get(5, TimeUnit.SECONDS).requestId()).contains("probe");
        alpha.enqueue(ok("a1"));
        assertThat(c.generate(pinned).requestId()).contains("a1");
    }

    // ---- concurrency ----

    @Test
    void aConcurrencyLimitQueuesRequestsInsteadOfFailing() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        alpha.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(50);
                    return ok("a");
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        });
        ImageClient c = client(builder().providerLimits("alpha", ProviderLimits.defaults().withMaxConcurrent(2)));
        List<CompletableFuture<ImageResult>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(c.generateAsync(sync().provider("alpha").build()));
        }
        // and two blocking callers alongside
        List<Thread> threads = new ArrayList<>();
        List<ImageResult> blocking = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> blocking.add(c.generate(sync().provider("alpha").build())));
            t.start();
            threads.add(t);
        }
        for (CompletableFuture<ImageResult> f : all) {
            assertThat(f.get(10, TimeUnit.SECONDS).images()).hasSize(1);
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(blocking).hasSize(2);
        assertThat(alpha.getRequestCount()).isEqualTo(10);
        assertThat(maxInFlight.get()).as("most requests the vendor saw at once").isEqualTo(2);
    }

    @Test
    void aRequestCancelledWhileQueuedLeavesTheQueue() throws Exception {
        alpha.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                Thread.sleep(200);
                return ok("a");
            }
        });
        ImageClient c = client(builder().providerLimits("alpha", ProviderLimits.defaults().withMaxConcurrent(1)));
        CompletableFuture<ImageResult> first = c.generateAsync(sync().provider("alpha").build());
        CompletableFuture<ImageResult> queued = c.generateAsync(sync().provider("alpha").build());
        queued.cancel(true);
        assertThat(first.get(5, TimeUnit.SECONDS).images()).hasSize(1);
        assertThat(c.generate(sync().provider("alpha").build()).images()).hasSize(1);
        assertThat(alpha.getRequestCount()).as("the cancelled request was never sent").isEqualTo(2);
    }

    // ---- rate limit ----

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aRateLimitQueuesTheThirdRequestOfTheMinute(boolean async) throws Exception {
        ImageClient c = client(builder().providerLimits("alpha", ProviderLimits.defaults().withRequestsPerMinute(2)));
        for (int i = 0; i < 5; i++) {
            alpha.enqueue(ok("a" + i));
        }
        long t0 = time.millis();
        run(c, sync().provider("alpha").build(), async);
        run(c, sync().provider("alpha").build(), async);
        assertThat(time.sleeps()).isEmpty();
        // two grants at t0: the third waits until they leave the 60-second window
        run(c, sync().provider("alpha").build(), async);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(60));
        // at t0 + 60 s only the third is in the window: the fourth goes at once
        run(c, sync().provider("alpha").build(), async);
        time.advance(Duration.ofSeconds(10));
        // the fifth waits until the third (t0 + 60 s) leaves the window: 50 s more
        run(c, sync().provider("alpha").build(), async);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(50));
        assertThat(alpha.getRequestCount()).isEqualTo(5);
        assertThat(time.millis() - t0).isEqualTo(60_000 + 10_000 + 50_000);
    }

    @Test
    void aRateLimitWaitPastTheDeadlineFailsWithoutSending() throws Exception {
        ImageClient c = client(builder().providerLimits("alpha", ProviderLimits.defaults().withRequestsPerMinute(1)));
        alpha.enqueue(ok("a1"));
        c.generate(sync().provider("alpha").build());
        assertThatThrownBy(() -> c.generate(sync().provider("alpha").timeout(Duration.ofSeconds(30)).build()))
                .isInstanceOfSatisfying(DeadlineExceededException.class,
                        e -> assertThat(e.getMessage()).contains("rate-limit slot (1 per minute) opens in 60000 ms"));
        assertThat(alpha.getRequestCount()).isEqualTo(1);
    }

    @Test
    void pollsAndRetriesDoNotCountAgainstTheRateLimit() throws Exception {
        ImageClient c = client(builder().providerLimits("alpha", ProviderLimits.defaults().withRequestsPerMinute(2))
                .pollInterval(Duration.ofMillis(100), Duration.ofMillis(100)));
        alpha.enqueue(error(429, "slow down"));
        alpha.enqueue(json(200, "{\"id\":\"j1\",\"status\":\"queued\"}"));
        alpha.enqueue(json(200, "{\"id\":\"j1\",\"status\":\"running\"}"));
        alpha.enqueue(json(200, "{\"id\":\"j1\",\"status\":\"running\"}"));
        alpha.enqueue(json(200, "{\"id\":\"j1\",\"status\":\"done\",\"images\":[{\"b64\":\""
                + java.util.Base64.getEncoder().encodeToString(dev.imagegen.testing.TestImages.png(4, 4)) + "\"}]}"));
        alpha.enqueue(ok("a2"));
        c.generate(ImageRequest.builder().model("fake-job").provider("alpha").prompt("x").build());
        c.generate(sync().provider("alpha").build());
        assertThat(alpha.getRequestCount()).isEqualTo(6);
        assertThat(time.sleeps()).as("the retry's backoff and the poll intervals; no rate-limit wait")
                .allSatisfy(d -> assertThat(d).isLessThan(Duration.ofSeconds(1)));
    }
}
