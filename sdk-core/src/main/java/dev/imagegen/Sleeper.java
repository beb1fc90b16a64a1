package dev.imagegen;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How the client waits between retries and polls. Replace it in tests to record the delays and not wait at all; the
 * blocking form serves {@link ImageClient#generate}, the scheduling form every asynchronous path.
 */
public interface Sleeper {

    /** The real thing: {@link Thread#sleep} and the client's scheduler. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));

    /** Blocks the calling thread for {@code delay}. */
    void sleep(Duration delay) throws InterruptedException;

    /** Runs {@code task} after {@code delay} without holding a thread meanwhile; by default on {@code scheduler}. */
    default Future<?> schedule(Duration delay, Runnable task, ScheduledExecutorService scheduler) {
        return scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
