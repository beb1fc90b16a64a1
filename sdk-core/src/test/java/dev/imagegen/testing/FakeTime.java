package dev.imagegen.testing;

import dev.imagegen.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock and a sleeper for tests: sleeping records the delay and moves the clock forward at once, so retry and poll
 * schedules are asserted exactly and tests never wait. Scheduled tasks run at once on the scheduler's thread; after
 * {@link #holdTasks()} they are recorded and kept instead (the clock stands still), as if every wait were endless,
 * until cancelled or {@link #releaseHeld() released}.
 */
public final class FakeTime extends Clock implements Sleeper {

    private final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final List<FutureTask<?>> held = new CopyOnWriteArrayList<>();
    private volatile boolean holding;

    /** Every delay asked for, in order. */
    public List<Duration> sleeps() {
        return sleeps;
    }

    /** Moves the clock forward. */
    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    /** From now on, keeps scheduled tasks instead of running them. */
    public FakeTime holdTasks() {
        holding = true;
        return this;
    }

    /** Scheduled tasks kept and neither run nor cancelled yet. */
    public int heldCount() {
        return (int) held.stream().filter(t -> !t.isDone()).count();
    }

    /** Runs the tasks kept so far, on the calling thread, and stops holding. */
    public void releaseHeld() {
        holding = false;
        for (FutureTask<?> t : held) {
            t.run();
        }
        held.clear();
    }

    @Override
    public Future<?> schedule(Duration delay, Runnable task, ScheduledExecutorService scheduler) {
        sleeps.add(delay);
        if (holding) {
            FutureTask<?> t = new FutureTask<>(task, null);
            held.add(t);
            return t;
        }
        advance(delay);
        return scheduler.submit(task);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
        return millis.get();
    }
}
