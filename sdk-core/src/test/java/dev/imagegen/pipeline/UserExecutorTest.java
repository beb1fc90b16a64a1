package dev.imagegen.pipeline;

import dev.imagegen.HttpOptions;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageResult;
import dev.imagegen.internal.client.ClientInternals;
import dev.imagegen.internal.http.HttpPipeline;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's executor ({@link HttpOptions.Builder#executor}) runs the asynchronous calls, no more than
 * {@code maxConcurrency} at once, and outlives the client. (A blocking call sends on its caller's thread, with or
 * without it: see {@code CallerThreadTest}.) On Java 21+ this is where a virtual-thread executor goes; the suite
 * runs on 17, so a plain pool stands in.
 */
class UserExecutorTest extends PipelineFixture {

    private final ExecutorService pool = Executors.newCachedThreadPool(r -> new Thread(r, "app-pool-" + r.hashCode()));
    private final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tasks = new AtomicInteger();

    /** The application's executor, counting what the client hands it. */
    private final Executor appExecutor = task -> pool.execute(() -> {
        tasks.incrementAndGet();
        threads.add(Thread.currentThread().getName());
        task.run();
    });

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void asynchronousCallsRunOnTheUsersExecutorAtMostMaxConcurrencyAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger atServer = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
                peak.accumulateAndGet(atServer.incrementAndGet(), Math::max);
                release.await(10, TimeUnit.SECONDS);
                atServer.decrementAndGet();
                return ok();
            }
        });
        ImageClient c = client(builder().maxConcurrency(2).http(HttpOptions.builder().executor(appExecutor).build()));

        List<CompletableFuture<ImageResult>> calls = IntStream.range(0, 5).mapToObj(i -> c.generateAsync(sync())).toList();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        HttpPipeline.Stats inFlight = ClientInternals.transportStats(c);
        while (inFlight.runningCalls() + inFlight.queuedCalls() < 5 && System.nanoTime() < until) {
            Thread.onSpinWait();
            inFlight = ClientInternals.transportStats(c);
        }
        assertThat(inFlight.runningCalls()).as("handed to the executor").isEqualTo(2);
        assertThat(inFlight.queuedCalls()).as("waiting in the client").isEqualTo(3);
        while (atServer.get() < 2 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        release.countDown();
        for (CompletableFuture<ImageResult> f : calls) {
            assertThat(f.get(10, TimeUnit.SECONDS).images()).hasSize(1);
        }

        // a task ends a moment after its call hands the next one to the executor, so calls are counted at the server
        assertThat(peak).as("requests in flight at once").hasValue(2);
        assertThat(tasks).hasValue(5);
        assertThat(threads).isNotEmpty().allMatch(n -> n.startsWith("app-pool-"));
        // the last task completes the future from inside, and ends a moment later
        until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ClientInternals.transportStats(c).dispatcherThreads() > 0 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(ClientInternals.transportStats(c).dispatcherThreads()).as("tasks still on the executor").isZero();
    }

    @Test
    void closingTheClientLeavesTheUsersExecutorRunning() throws Exception {
        server.enqueue(ok());
        ImageClient c = client(builder().http(HttpOptions.builder().executor(appExecutor).build()));
        c.generateAsync(sync()).get(10, TimeUnit.SECONDS);

        c.close();

        assertThat(ClientInternals.transportStats(c).dispatcherTerminated()).isTrue();
        assertThat(pool.isShutdown()).isFalse();
        CompletableFuture<String> stillRuns = CompletableFuture.supplyAsync(() -> "ran", appExecutor);
        assertThat(stillRuns.get(5, TimeUnit.SECONDS)).isEqualTo("ran");
    }
}
