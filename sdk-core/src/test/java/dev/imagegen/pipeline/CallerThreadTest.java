package dev.imagegen.pipeline;

import dev.imagegen.DeadlineExceededException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.testing.CallMode;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where a call's exchanges run: a blocking call's on the caller's own thread (no hand-off to the client's threads and
 * back, and an interrupt still stops it there), an asynchronous call's on the client's threads, and the calls of a
 * split request in parallel in both modes.
 */
class CallerThreadTest extends PipelineFixture {

    @Test
    void aBlockingCallSendsOnTheCallersThreadAnAsynchronousOneOnTheClients() throws Exception {
        server.enqueue(ok());
        server.enqueue(ok());
        ImageClient c = client();
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        assertThat(c.generate(sync()).images()).hasSize(1);
        assertThat(httpThreadsSince(before)).as("HTTP threads a blocking call started").isEmpty();

        assertThat(c.generateAsync(sync()).get(10, TimeUnit.SECONDS).images()).hasSize(1);
        assertThat(httpThreadsSince(before)).as("HTTP threads an asynchronous call started").isNotEmpty();
    }

    @Test
    void anInterruptStopsABlockingCallWaitingForAnAnswerOnItsOwnThread() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            ImageClient c = client(builder().baseUrl("fake", silent.url()));
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean flag = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                try {
                    c.generate(sync().toBuilder().timeout(Duration.ofSeconds(30)).build());
                } catch (RuntimeException e) {
                    thrown.set(e);
                    flag.set(Thread.currentThread().isInterrupted());
                }
            }, "blocking-caller");
            caller.start();
            assertThat(silent.awaitRequests(1, 10_000)).as("the request sent").isTrue();

            long start = System.nanoTime();
            caller.interrupt();
            caller.join(5_000);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(caller.isAlive()).isFalse();
            assertThat(ms).as("ms from the interrupt to the caller's return").isLessThan(1_000);
            assertThat(thrown.get()).isInstanceOf(ImageGenerationException.class).isNotInstanceOf(DeadlineExceededException.class)
                    .hasMessageContaining("interrupted");
            assertThat(flag).as("interrupt flag restored").isTrue();
            assertThat(silent.awaitClosedByClient(1, 5_000)).as("the connection closed, not left open").isTrue();
        }
    }

    @Test
    void cancellingAnAsynchronousCallWaitingForAnAnswerClosesItsConnection() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            ImageClient c = client(builder().baseUrl("fake", silent.url()));
            CompletableFuture<ImageResult> f = c.generateAsync(sync().toBuilder().timeout(Duration.ofSeconds(30)).build());
            assertThat(silent.awaitRequests(1, 10_000)).as("the request sent").isTrue();

            assertThat(f.cancel(true)).isTrue();
            assertThatThrownBy(f::join).isInstanceOf(CancellationException.class);
            assertThat(silent.awaitClosedByClient(1, 1_000)).as("the connection closed within 1 s").isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void theCallsOfASplitRequestRunInParallel(CallMode mode) {
        int calls = 3;
        CountDownLatch allArrived = new CountDownLatch(calls);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                allArrived.countDown();
                // answered only once every call is in flight: calls sent one after another would never get here
                return allArrived.await(10, TimeUnit.SECONDS) ? twoImages() : json(500, "{\"error\":{\"message\":\"calls arrived one by one\"}}");
            }
        });
        ImageClient c = client(builder().maxConcurrentSplits(calls).retryPolicy(dev.imagegen.RetryPolicy.none()));
        ImageRequest r = sync().toBuilder().count(2 * calls).build();

        assertThat(mode.generate(c, r).images()).hasSize(2 * calls);
        assertThat(server.getRequestCount()).isEqualTo(calls);
    }

    private static MockResponse twoImages() {
        String img = "{\"b64\":\"" + b64Png() + "\"}";
        return json(200, "{\"id\":\"r1\",\"images\":[" + img + "," + img + "]}");
    }

    private static List<String> httpThreadsSince(Set<Thread> before) {
        // OkHttp renames a pool thread "OkHttp http://..." while it runs a call; the future completes inside the call,
        // so the thread may not have its own name back yet when the test looks
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                .map(Thread::getName).filter(n -> n.startsWith("imagegen-http-") || n.startsWith("OkHttp http")).toList();
    }
}
