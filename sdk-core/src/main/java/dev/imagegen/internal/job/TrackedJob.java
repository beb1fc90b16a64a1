package dev.imagegen.internal.job;

import dev.imagegen.ImageEventListener;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;
import dev.imagegen.ModelInfo;
import dev.imagegen.internal.ConfiguredProvider;
import dev.imagegen.internal.JobRefs;
import dev.imagegen.internal.Listeners;
import dev.imagegen.internal.Logs;
import dev.imagegen.spi.JobHandle;
import dev.imagegen.spi.JobUpdate;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One job the vendor accepted, as the core follows it: the handle to poll next (a {@code fetchNow} moves it), the
 * status last seen, and who hears of changes (the client's listener, the job's {@code onStatus} listeners, the
 * request's own progress listener).
 *
 * <p>A status changes when anything in it changes (state, vendor status, queue position, progress, log lines). A
 * {@link JobUpdate#fetchNow fetchNow} update whose state is final is reported as {@link JobState#RUNNING} (with the
 * vendor's status text): the job has ended only once the next URL's answer holds the result.
 */
public final class TrackedJob {


    private final ConfiguredProvider provider;
    private final ModelInfo model;
    private final long eventId;
    private final ImageEventListener listener;
    private final List<Consumer<JobStatus>> watchers = new CopyOnWriteArrayList<>();
    private volatile JobHandle handle;
    private volatile JobStatus status;
    private int polls;
    private final java.util.concurrent.atomic.AtomicBoolean cancelRequested = new java.util.concurrent.atomic.AtomicBoolean();

    public TrackedJob(ConfiguredProvider provider, ModelInfo model, JobHandle handle, JobStatus status, long eventId,
                      ImageEventListener listener) {
        this.provider = provider;
        this.model = model;
        this.handle = Objects.requireNonNull(handle, "handle");
        this.status = Objects.requireNonNull(status, "status");
        this.eventId = eventId;
        this.listener = listener;
    }

    public ConfiguredProvider provider() {
        return provider;
    }

    public ModelInfo model() {
        return model;
    }

    /** The id the job's events are reported under (the request that submitted or resumed it). */
    public long eventId() {
        return eventId;
    }

    /** The handle to poll next. */
    public JobHandle handle() {
        return handle;
    }

    /** The vendor's job id. */
    public String id() {
        return handle.jobId();
    }

    /** The ref a client in any process can resume the job from. */
    public String ref() {
        return JobRefs.encode(handle);
    }

    /** The status last seen. */
    public JobStatus status() {
        return status;
    }

    /**
     * Marks the job as cancelled at the vendor; true only the first time, so however many operations and futures
     * carry the job, the vendor hears one cancel.
     */
    boolean firstCancel() {
        return cancelRequested.compareAndSet(false, true);
    }

    /** Calls {@code watcher} on every change of status from now on. */
    public void watch(Consumer<JobStatus> watcher) {
        watchers.add(watcher);
    }

    /** Takes in one poll's update: the poll event, the new status, and the next handle of a {@code fetchNow}. */
    void apply(JobUpdate u) {
        int n;
        synchronized (this) {
            n = ++polls;
        }
        JobStatus s = u.next() != null && u.status().state().isTerminal() ? u.status().withState(JobState.RUNNING) : u.status();
        Listeners.safely(listener, l -> l.poll(new ImageEventListener.Poll(eventId, provider.id(), id(), s, n)));
        if (u.next() != null) {
            handle = u.next();
        }
        setStatus(s);
    }

    /** Sets the status, telling everyone when it changed. */
    public void setStatus(JobStatus s) {
        JobStatus old;
        synchronized (this) {
            old = status;
            status = s;
        }
        if (old.equals(s)) {
            return;
        }
        Logs.JOBS.debug("{} job {} is now {}", provider.id(), id(), s);
        Listeners.safely(listener, l -> l.jobStateChanged(new ImageEventListener.JobStateChanged(eventId, provider.id(), id(), s)));
        for (Consumer<JobStatus> w : watchers) {
            try {
                w.accept(s);
            } catch (RuntimeException e) {
                Logs.JOBS.warn("job status listener threw; ignored", e);
            }
        }
    }

    @Override
    public String toString() {
        return "ImageJob{" + provider.id() + ", id=" + id() + ", " + status + "}";
    }
}
