package dev.imagegen;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How the client waits between retries and polls: every wait, blocking calls' included, is a task scheduled for later,
 * so waiting holds no thread. Replace it in tests to record the delays and not wait at all.
 */
@FunctionalInterface
public interface Sleeper {

    /** The real thing: the client's scheduler. */
    Sleeper SYSTEM = new Sleeper() { // a class, not a lambda a fresh JVM spins while it builds a client
        @Override
        public Future<?> schedule(Duration delay, Runnable task, ScheduledExecutorService scheduler) {
            return scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    };

    /**
     * Runs {@code task} after {@code delay} without holding a thread meanwhile, normally on {@code scheduler}. The
     * returned future cancels the task.
     *
     * @param delay     how long to wait, zero or more
     * @param task      what to run after the wait
     * @param scheduler the client's scheduler, on which the real sleeper runs {@code task}
     * @return a future that cancels the task when cancelled before it runs
     */
    Future<?> schedule(Duration delay, Runnable task, ScheduledExecutorService scheduler);
}
