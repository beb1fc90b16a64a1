package dev.imagegen.pipeline;

import dev.imagegen.ClientClosedException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.testing.CallMode;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code close()} means closed, in blocking and asynchronous mode: every pending call ends within a second with a
 * {@link ClientClosedException} (never a deadline error), whatever it waits for; later calls fail before the network;
 * no client thread outlives {@code close()}; closing twice, or from a callback, is safe.
 */
class LifecycleTest extends PipelineFixture {

    static final int ASYNC_CALLS = 200;
    static final int BLOCKING_CALLS = 20;
    /** What each close() case measured, written to {@code target/lifecycle.md} for docs/reliability.md. */
    static final java.util.Map<String, String> MEASURED = new java.util.concurrent.ConcurrentSkipListMap<>();

    @org.junit.jupiter.api.AfterAll
    static void report() throws java.io.IOException {
        StringBuilder sb = new StringBuilder("| case | calls pending at close() | ended within | outcome |\n|---|---|---|---|\n");
        MEASURED.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "lifecycle.md"), sb);
    }

    final List<LogRecord> okhttpLogs = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Handler okhttpHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            okhttpLogs.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    ExecutorService threads;
    Set<Thread> threadsBefore;

    @BeforeEach
    void watch() {
        Logger.getLogger("okhttp3").addHandler(okhttpHandler);
        threads = Executors.newCachedThreadPool();
        threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    @AfterEach
    void unwatch() {
        Logger.getLogger("okhttp3").removeHandler(okhttpHandler);
        threads.shutdownNow();
    }

    static int calls(CallMode mode) {
        return mode == CallMode.ASYNC ? ASYNC_CALLS : BLOCKING_CALLS;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void closeEndsCallsWaitingOnA429BackOff(CallMode mode) throws Exception {
        server.setDispatcher(always(new MockResponse.Builder(json(429, "{\"error\":{\"message\":\"slow down\"}}"))
                .addHeader("Retry-After", "3").build()));
        time.holdTasks();
        int n = calls(mode);
        CountDownLatch waiting = new CountDownLatch(n);
        ImageClient c = client(builder().maxConcurrency(256).listener(new ImageEventListener() {
            @Override
            public void retry(Retry event) {
                waiting.countDown();
            }
        }));
        List<CompletableFuture<ImageResult>> futures = start(mode, c, n, sync().toBuilder().timeout(Duration.ofSeconds(5)).build());
        assertThat(waiting.await(20, TimeUnit.SECONDS)).as("every call waiting on its back-off").isTrue();

        assertClosedWithin1s("waiting on a 429 back-off (" + mode + ")", c, futures, false);
        assertThat(server.getRequestCount()).as("one attempt each, the retries never sent").isEqualTo(n);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void closeEndsCallsWaitingOnAPollAndHandsBackTheJobRef(CallMode mode) throws Exception {
        server.setDispatcher(always(json(200, "{\"id\":\"j7\",\"status\":\"queued\"}")));
        time.holdTasks();
        int n = calls(mode);
        ImageClient c = client(builder().maxConcurrency(256));
        List<CompletableFuture<ImageResult>> futures = start(mode, c, n, job().toBuilder().timeout(Duration.ofSeconds(5)).build());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (time.heldCount() < n && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(time.heldCount()).as("every job waiting for its first poll").isEqualTo(n);

        assertClosedWithin1s("waiting for a job's next poll (" + mode + ")", c, futures, true);
        assertThat(server.getRequestCount()).as("the submissions, no poll").isEqualTo(n);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void closeEndsCallsInFlightOnASilentServerAsClosedNotAsADeadline(CallMode mode) throws Exception {
        try (SilentServer silent = new SilentServer()) {
            int n = calls(mode);
            ImageClient c = client(builder().baseUrl("fake", silent.url()).maxConcurrency(256));
            List<CompletableFuture<ImageResult>> futures = start(mode, c, n,
                    sync().toBuilder().timeout(Duration.ofSeconds(30)).build());
            assertThat(silent.awaitRequests(n, 20_000)).as("every call sent and waiting for an answer").isTrue();

            assertClosedWithin1s("in flight on a server that never answers, deadline 30 s (" + mode + ")", c, futures, false);
        }
    }

    @Test
    void everyCallAfterCloseFailsBeforeTheNetwork() throws Exception {
        server.enqueue(json(200, "{\"id\":\"j8\",\"status\":\"queued\"}"));
        server.enqueue(json(200, "{\"id\":\"r2\",\"images\":[{\"url\":\"" + server.url("/storage/o.png") + "\"}]}"));
        ImageClient c = client();
        ImageJob job = c.submit(job());
        ImageResult lazy = c.generate(sync().toBuilder().downloadOutputs(false).build());
        int before = server.getRequestCount();
        c.close();

        assertThatThrownBy(() -> c.generate(sync())).isInstanceOf(ClientClosedException.class)
                .hasMessageContaining("the client is closed; nothing was sent");
        CompletableFuture<ImageResult> f = c.generateAsync(sync());
        assertThat(f).isCompletedExceptionally();
        assertThatThrownBy(f::get).hasCauseInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> c.submit(job())).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> c.resume(job.ref())).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> c.estimate(sync())).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(job::poll).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> job.await(Duration.ofSeconds(1))).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> lazy.image().bytes()).isInstanceOf(ClientClosedException.class);
        assertThat(server.getRequestCount()).as("nothing sent after close()").isEqualTo(before);
        c.close();
    }

    @Test
    void closeFromACallbackOnAClientThreadDoesNotDeadlock() throws Exception {
        server.enqueue(ok());
        ImageClient c = client();
        CountDownLatch closed = new CountDownLatch(1);
        c.generateAsync(sync()).whenComplete((r, e) -> {
            c.close();
            closed.countDown();
        });
        assertThat(closed.await(5, TimeUnit.SECONDS)).as("close() from the callback returned").isTrue();
        c.close();
        assertThat(clientThreadsLeft(Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void closeFromTheCallersOwnProgressListenerEndsTheBlockingCall() {
        server.enqueue(ok());
        ImageClient c = client();
        assertThatThrownBy(() -> c.generate(sync(), p -> c.close())).isInstanceOf(ClientClosedException.class);
        assertThat(server.getRequestCount()).as("closed before the request went out").isZero();
    }

    @Test
    void anInterruptCancelsABlockingGenerateAndItsJob() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return json(200, request.getMethod().equals("POST") ? "{\"id\":\"j9\",\"status\":\"queued\"}"
                        : "{\"id\":\"j9\",\"status\":\"running\"}");
            }
        });
        time.holdTasks();
        ImageClient c = client();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                c.generate(job());
            } catch (RuntimeException e) {
                thrown.set(e);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (time.heldCount() < 1 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        caller.interrupt();
        caller.join(5000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(ImageGenerationException.class).hasMessageContaining("interrupted");
        assertThat(flag.get()).as("interrupt flag restored").isTrue();
        RecordedRequest post = server.takeRequest(1, TimeUnit.SECONDS);
        RecordedRequest cancel = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(post.getMethod()).isEqualTo("POST");
        assertThat(cancel).as("the job cancelled at the vendor").isNotNull();
        assertThat(cancel.getMethod() + " " + cancel.getUrl().encodedPath()).isEqualTo("PUT /jobs/j9/cancel");
        assertThat(server.takeRequest(200, TimeUnit.MILLISECONDS)).as("nothing after the cancel").isNull();
    }

    private List<CompletableFuture<ImageResult>> start(CallMode mode, ImageClient c, int n, ImageRequest r) {
        List<CompletableFuture<ImageResult>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(mode.start(c, r, threads));
        }
        return out;
    }

    private void assertClosedWithin1s(String label, ImageClient c, List<CompletableFuture<ImageResult>> futures,
                                      boolean withRef) throws Exception {
        long start = System.nanoTime();
        c.close();
        Set<String> leftAtReturn = clientThreadsLeft(Duration.ZERO);
        CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                .exceptionally(e -> null);
        all.get(1, TimeUnit.SECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        MEASURED.put(label, futures.size() + " | " + ms + " ms | " + futures.stream().map(f -> {
            try {
                return cause(f) == null ? "success" : cause(f).getClass().getSimpleName();
            } catch (InterruptedException e) {
                return "interrupted";
            }
        }).collect(Collectors.groupingBy(x -> x, java.util.TreeMap::new, Collectors.counting())).entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + (withRef ? ", each with its job ref" : ""));
        assertThat(ms).as("every call ended after close(), ms").isLessThanOrEqualTo(1000);
        for (CompletableFuture<ImageResult> f : futures) {
            Throwable e = cause(f);
            assertThat(e).as("outcome of a call pending at close()").isInstanceOf(ClientClosedException.class);
            assertThat(e).hasMessageContaining("the client was closed");
            if (withRef) {
                assertThat(((ClientClosedException) e).jobRef()).as("the accepted job's ref").isPresent();
                assertThat(e).hasMessageContaining("resume it with its ref");
            }
        }
        assertThat(leftAtReturn).as("client threads alive when close() returned").isEmpty();
        assertThat(okhttpLogs.stream().map(r -> r.getMessage() + " " + r.getThrown()).collect(Collectors.toList()))
                .as("what OkHttp logged").noneMatch(m -> m.contains("RejectedExecutionException"));
    }

    private static Throwable cause(CompletableFuture<?> f) throws InterruptedException {
        try {
            f.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** Client threads started during the test still alive after waiting up to {@code max}. */
    private Set<String> clientThreadsLeft(Duration max) throws InterruptedException {
        long until = System.nanoTime() + max.toNanos();
        Set<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !threadsBefore.contains(t))
                    .filter(t -> t.getName().startsWith("imagegen-") || t.getName().startsWith("OkHttp http"))
                    .map(Thread::getName).collect(Collectors.toSet());
            if (left.isEmpty() || System.nanoTime() >= until) {
                return left;
            }
            Thread.onSpinWait();
        } while (true);
    }

    private static Dispatcher always(MockResponse response) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return response;
            }
        };
    }
}
