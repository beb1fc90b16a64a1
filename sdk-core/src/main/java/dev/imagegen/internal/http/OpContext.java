package dev.imagegen.internal.http;

import okhttp3.Call;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of one user-level operation (a generate, a job's polling, a download): its deadline, whether it was
 * cancelled, and what to cancel (the HTTP call in flight, the scheduled next step). Thread-safe.
 */
public final class OpContext {

    private static final AtomicLong IDS = new AtomicLong();

    private final long id;
    private final String providerId;
    private final Instant deadline;
    private final Clock clock;
    private volatile boolean cancelled;
    private volatile boolean expired;
    private volatile Call call;
    private volatile Future<?> scheduled;
    private volatile String jobRef;

    /** A new operation for {@code providerId} that must end by {@code deadline}. */
    public OpContext(String providerId, Instant deadline, Clock clock) {
        this(providerId, deadline, clock, IDS.incrementAndGet());
    }

    /**
     * A new operation reporting its events under an existing operation's id (the further calls of a split request
     * belong to one generation), with its own deadline tracking and cancellation.
     */
    public OpContext(String providerId, Instant deadline, Clock clock, long eventId) {
        this.id = eventId;
        this.providerId = providerId;
        this.deadline = deadline;
        this.clock = clock;
    }

    /** A client-local id for events and logs. */
    public long id() {
        return id;
    }

    /** The provider id. */
    public String providerId() {
        return providerId;
    }

    /** When the operation must end. */
    public Instant deadline() {
        return deadline;
    }

    /** Milliseconds until the deadline, never negative. */
    public long remainingMillis() {
        long ms = deadline.toEpochMilli() - clock.millis();
        return Math.max(0, ms);
    }

    /** Whether the deadline passed (by the clock, or because the deadline timer fired). */
    public boolean isExpired() {
        return expired || clock.millis() >= deadline.toEpochMilli();
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Cancels the call in flight and the scheduled step; later steps see {@link #isCancelled()}. */
    public void cancel() {
        cancelled = true;
        stopWork();
    }

    /** Marks the deadline as passed and stops work in flight (called by the deadline timer). */
    public void expire() {
        expired = true;
        stopWork();
    }

    private void stopWork() {
        Call c = call;
        if (c != null) {
            c.cancel();
        }
        Future<?> f = scheduled;
        if (f != null) {
            f.cancel(false);
        }
    }

    void setCall(Call c) {
        this.call = c;
        if (cancelled || expired) {
            c.cancel();
        }
    }

    /** Records the next scheduled step so cancelling can stop it. */
    public void setScheduled(Future<?> f) {
        this.scheduled = f;
        if (cancelled || expired) {
            f.cancel(false);
        }
    }

    /** The ref of the job this operation is waiting for, once submitted. */
    public String jobRef() {
        return jobRef;
    }

    /** Records the submitted job's ref (for timeouts that leave a resumable job). */
    public void setJobRef(String ref) {
        this.jobRef = ref;
    }
}
