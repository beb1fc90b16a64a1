package dev.imagegen.internal.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher's pool: how many threads it starts, counted (never timed). */
class CallExecutorTest {

    private static final long NEVER = TimeUnit.HOURS.toNanos(1);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger started = new AtomicInteger();
    private final ThreadFactory threads = r -> {
        started.incrementAndGet();
        Thread t = new Thread(r, "call-executor-test");
        t.setDaemon(true);
        return t;
    };

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aBurstOfQuickCallsRunsOnTheEagerThreadsOnly() throws Exception {
        CallExecutor pool = new CallExecutor(64, 12, NEVER, NEVER, threads, timer);
        CountDownLatch done = new CountDownLatch(500);
        for (int i = 0; i < 500; i++) {
            pool.execute(done::countDown); // 500 polls answered at once, as the dispatcher hands them over
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(started.get()).isLessThanOrEqualTo(12);
        assertThat(pool.getLargestPoolSize()).isLessThanOrEqualTo(12);
        pool.shutdownNow();
    }

    @Test
    void callsThatBlockWaitForAnEagerThreadUntilTheyHaveWaitedLongEnough() throws Exception {
        CallExecutor pool = new CallExecutor(64, 12, NEVER, NEVER, threads, timer);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(12);
        CountDownLatch done = new CountDownLatch(64);
        for (int i = 0; i < 64; i++) {
            pool.execute(() -> {
                running.countDown();
                await(release);
                done.countDown();
            });
        }
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.getPoolSize()).isEqualTo(12);
        assertThat(pool.getQueue()).hasSize(52);
        release.countDown();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(started.get()).isEqualTo(12);
        pool.shutdownNow();
    }

    @Test
    void callsThatWaitTooLongWhileTheThreadsTurnOverGetAThreadEach() throws Exception {
        CallExecutor pool = new CallExecutor(64, 12, NEVER, 0, threads, timer);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(40);
        for (int i = 0; i < 40; i++) {
            pool.execute(() -> {
                running.countDown();
                await(release);
            });
        }
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.getPoolSize()).isEqualTo(40);
        release.countDown();
        pool.shutdown();
    }

    @Test
    void callsStuckBehindStalledThreadsGetAThreadEachUpToTheMaximum() throws Exception {
        CallExecutor pool = new CallExecutor(64, 12, 0, NEVER, threads, timer);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(64);
        CountDownLatch done = new CountDownLatch(70);
        for (int i = 0; i < 70; i++) {
            pool.execute(() -> {
                running.countDown();
                await(release);
                done.countDown();
            });
        }
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue(); // 64 at once: slow calls are not held back
        assertThat(pool.getPoolSize()).isEqualTo(64);
        assertThat(pool.getQueue()).hasSize(6); // past the maximum, calls queue
        release.countDown();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(started.get()).isEqualTo(64);
        pool.shutdownNow();
    }

    @Test
    void shutdownNowHandsBackEveryCallStillWaitingSoThePipelineCanSettleIt() throws Exception {
        CallExecutor pool = new CallExecutor(64, 2, NEVER, NEVER, threads, timer);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            pool.execute(() -> {
                running.countDown();
                await(release);
                ran.incrementAndGet();
            });
        }
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        List<Runnable> waiting = pool.shutdownNow(); // interrupts the two running
        assertThat(waiting).hasSize(8);
        release.countDown(); // in the pipeline each is a cancelled call by now, which fails at once
        waiting.forEach(Runnable::run); // what HttpPipeline does with them
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasValue(10);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
