package dev.imagegen.internal.op;

import dev.imagegen.ClientClosedException;
import dev.imagegen.DeadlineExceededException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ProgressListener;
import dev.imagegen.RequestProgress;
import dev.imagegen.Sleeper;
import dev.imagegen.internal.Logs;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One thing a caller started (a generation, a job's polling, a download, an estimate), as the core tracks it: its
 * deadline, why it stopped if it did (cancelled by the caller, deadline passed, client closed), the work in flight to
 * stop then (HTTP calls, scheduled retries and polls), and the jobs the vendor accepted for it. Every step of the
 * pipeline asks it whether to go on and schedules its waits through it, so the three ways of stopping are enforced
 * here and nowhere else. Thread-safe; created by {@link ClientLifecycle#start}.
 */
public final class Operation {


    /** Why an operation stopped before it ended by itself. */
    public enum Stop {
        /** The caller cancelled it (a future's {@code cancel}, an interrupt, {@code ImageJob.cancel()}). */
        CANCELLED,
        /** Its deadline passed. */
        EXPIRED,
        /** The client was closed. */
        CLOSED,
        /** Its future completed (one part of it failed, say): whatever still runs is dropped. */
        ENDED
    }

    /** Work that can be stopped: an HTTP call, a scheduled task. */
    @FunctionalInterface
    public interface Cancellable {
        /** Stops the work; must be idempotent and must not block. */
        void cancel();
    }

    /**
     * A job the vendor accepted for this operation: its ref (for errors that leave it resumable) and how to cancel it
     * at the vendor (run at most once, and only when the caller cancels).
     */
    public static final class AcceptedJob {
        private final Supplier<String> ref;
        private final Runnable cancelAtVendor;
        private final AtomicBoolean cancelSent = new AtomicBoolean();
        private volatile boolean ended;

        /** {@code ref} gives the job's current ref (a {@code fetchNow} may move it on). */
        public AcceptedJob(Supplier<String> ref, Runnable cancelAtVendor) {
            this.ref = ref;
            this.cancelAtVendor = cancelAtVendor;
        }

        public String ref() {
            return ref.get();
        }

        /** The job reached a final state: there is nothing left to cancel. */
        public void ended() {
            ended = true;
        }

        void cancelAtVendor() {
            if (!ended && cancelAtVendor != null && cancelSent.compareAndSet(false, true)) {
                cancelAtVendor.run();
            }
        }
    }

    private final long id;
    private final String providerId;
    private final long deadlineMillis;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ScheduledExecutorService scheduler;
    private final ProgressListener progress;
    private final Executor executor;
    private final AtomicReference<Stop> stop = new AtomicReference<>();
    /**
     * The work in flight: a list linked through the registrations themselves, guarded by {@code this} (a concurrent
     * set cost ~300 bytes per operation for the two or three entries an operation has).
     */
    private Registration work;
    private final List<AcceptedJob> jobs = new CopyOnWriteArrayList<>();
    /** The stop hook until one is set; a class, not a lambda, which a fresh JVM's first request would spin. */
    private static final Consumer<RuntimeException> NO_HOOK = new Consumer<>() {
        @Override
        public void accept(RuntimeException e) {
        }
    };
    private volatile boolean parallelSteps;
    private volatile String deadlineName = "deadline";
    private volatile Supplier<String> activity;
    private volatile Consumer<RuntimeException> onStop = NO_HOOK;
    /** The output URL the answer's check parsed last, for its download to use rather than parse again. */
    private volatile OutputUrl outputUrl;

    private record OutputUrl(String text, okhttp3.HttpUrl url) {
    }

    Operation(long id, String providerId, long deadlineMillis, Clock clock, Sleeper sleeper,
              ScheduledExecutorService scheduler, ProgressListener progress, Executor executor) {
        this.id = id;
        this.providerId = providerId;
        this.deadlineMillis = deadlineMillis;
        this.clock = clock;
        this.sleeper = sleeper;
        this.scheduler = scheduler;
        this.progress = progress;
        this.executor = executor;
    }

    /**
     * Where the operation's next step runs once a wait ends (an answer arrived, a delay passed): on the caller's thread
     * while a blocking caller waits for it, else on the thread that ended the wait.
     */
    public void execute(Runnable step) {
        executor.execute(step);
    }

    /**
     * Whether an HTTP exchange may run on the current thread, blocking it: yes for a blocking operation's caller while
     * it waits (as a hand-written blocking call would; it saves the two thread hand-offs of an asynchronous exchange),
     * unless its steps run in parallel ({@link #runsStepsInParallel}).
     */
    public boolean mayBlockCurrentThread() {
        return !parallelSteps && executor instanceof CallerThreadExecutor c && c.isWaitingCaller();
    }

    /** Declares that the operation's steps run in parallel (a split request): no exchange blocks the caller. */
    public void runsStepsInParallel() {
        parallelSteps = true;
    }

    /** What its deadline is called in its error, when not the request's own (e.g. {@code downloadTimeout (500 ms)}). */
    public void deadlineName(String name) {
        this.deadlineName = name;
    }

    /**
     * What it is doing now, for its deadline error (e.g. {@code downloading the output, which was generated}): only
     * built if that error is.
     */
    public void activity(Supplier<String> what) {
        this.activity = what;
    }

    /** The executor {@link #execute} uses, for {@code thenComposeAsync} and the like. */
    public Executor executor() {
        return executor;
    }

    /** The client-local id its events are reported under. */
    public long id() {
        return id;
    }

    /** The provider it was started for (the first candidate of a routed request). */
    public String providerId() {
        return providerId;
    }

    /** Milliseconds until the deadline, never negative. */
    public long remainingMillis() {
        return Math.max(0, deadlineMillis - clock.millis());
    }

    /** The clock deadlines are measured by. */
    public Clock clock() {
        return clock;
    }

    /** Why it stopped, or null while it may go on. The deadline counts as passed as soon as the clock says so. */
    public Stop stopped() {
        Stop s = stop.get();
        if (s == null && clock.millis() >= deadlineMillis) {
            stop(Stop.EXPIRED);
            s = stop.get();
        }
        return s;
    }

    /** Throws the stop's error when it stopped (see {@link #stopError}). */
    public void checkAlive() {
        if (stopped() != null) {
            throw stopError(null);
        }
    }

    /**
     * The error a stopped operation ends with: a {@link CancellationException} when cancelled, a
     * {@link DeadlineExceededException} when its deadline passed, a {@link ClientClosedException} when the client was
     * closed; the two last carry the ref of an accepted job. Null while it has not stopped.
     */
    public RuntimeException stopError(Throwable cause) {
        Stop s = stop.get();
        if (s == null) {
            return null;
        }
        String ref = jobRef();
        Supplier<String> activity = this.activity;
        return switch (s) {
            case CANCELLED -> {
                CancellationException ce = new CancellationException("cancelled by the caller");
                if (cause != null) {
                    ce.initCause(cause);
                }
                yield ce;
            }
            case EXPIRED -> new DeadlineExceededException(new Details(deadlineName + " passed" + (activity != null
                    ? " while " + activity.get() + (ref == null ? "" : "; resume the job with its ref to fetch it again")
                    : ref == null ? "" : " while the job was still running; resume it with its ref"), providerId, -1, null, null,
                    null), ref, cause);
            case CLOSED -> new ClientClosedException(new Details(ref == null ? "the client was closed"
                    : "the client was closed while the job was running; resume it with its ref on another client",
                    providerId, -1, null, null, null), ref);
            case ENDED -> {
                CancellationException ce = new CancellationException("the request already ended");
                if (cause != null) {
                    ce.initCause(cause);
                }
                yield ce;
            }
        };
    }

    /**
     * Stops the operation for {@code reason} unless it already stopped: stops the work in flight (except, on a cancel,
     * work registered to survive one), cancels accepted jobs at the vendor when the caller cancelled, and ends the
     * operation's future with the stop's error. Returns whether this call stopped it.
     */
    public boolean stop(Stop reason) {
        if (!stop.compareAndSet(null, reason)) {
            return false;
        }
        // taken off the list as a whole: work registered from now on sees the stop and stops itself (register)
        Registration r;
        synchronized (this) {
            r = work;
            work = null;
            for (Registration x = r; x != null; x = x.next) {
                x.linked = false;
            }
        }
        while (r != null) {
            Registration next = r.next;
            r.next = null;
            r.prev = null;
            if (!(reason == Stop.CANCELLED && r.survivesCancel)) {
                r.cancelWork();
            }
            r = next;
        }
        if (reason == Stop.CANCELLED) {
            jobs.forEach(AcceptedJob::cancelAtVendor);
        } else if (reason != Stop.ENDED) {
            onStop.accept(stopError(null));
        }
        return true;
    }

    void onStop(Consumer<RuntimeException> hook) {
        this.onStop = hook;
    }

    /** The operation's future completed: drops what still runs (unless a cancel already stopped it). */
    void ended() {
        stop(Stop.ENDED);
    }

    /**
     * Registers work to stop with the operation; it is stopped at once when the operation already stopped. Work that
     * survives a cancel is a paid submission already sent whose answer names a job to cancel at the vendor.
     */
    public Registration register(Cancellable c, boolean survivesCancel) {
        Registration r = new Registration(c, survivesCancel);
        link(r);
        Stop s = stop.get();
        if (s != null && !(s == Stop.CANCELLED && survivesCancel)) {
            r.cancelQuietly();
        }
        return r;
    }

    /**
     * Runs {@code task} exactly once: after {@code delay} (through the client's {@link Sleeper}), or at once when the
     * operation stops first, so whatever waits on the task's outcome always gets one. The task checks
     * {@link #stopped()} before doing anything. A task that cannot be scheduled because the client is closing stops the
     * operation as closed and runs at once.
     */
    public void schedule(Duration delay, Runnable task) {
        AtomicBoolean ran = new AtomicBoolean();
        AtomicReference<Registration> reg = new AtomicReference<>();
        Runnable once = () -> {
            if (ran.compareAndSet(false, true)) {
                Registration r = reg.get();
                if (r != null) {
                    r.done();
                }
                task.run();
            }
        };
        if (stopped() != null) {
            once.run();
            return;
        }
        Future<?> f;
        try {
            f = sleeper.schedule(delay, () -> execute(once), scheduler);
        } catch (RejectedExecutionException e) {
            stop(Stop.CLOSED);
            once.run();
            return;
        }
        reg.set(register(() -> {
            f.cancel(false);
            once.run();
        }, false));
        if (ran.get()) {
            reg.get().done();
        }
    }

    /** Records a job the vendor accepted; when the caller has already cancelled, it is cancelled at the vendor now. */
    public void accepted(AcceptedJob job) {
        jobs.add(job);
        if (stop.get() == Stop.CANCELLED) {
            job.cancelAtVendor();
        }
    }

    /** Keeps output URL {@code text}, parsed as {@code url}, for this operation's download of it ({@link #outputUrl}). */
    public void outputUrl(String text, okhttp3.HttpUrl url) {
        outputUrl = new OutputUrl(text, url);
    }

    /** {@code text} as the answer's check parsed it within this operation, or null when it parsed another URL. */
    public okhttp3.HttpUrl outputUrl(String text) {
        OutputUrl o = outputUrl;
        return o != null && o.text().equals(text) ? o.url() : null;
    }

    /** The ref of the first accepted job that has not ended, else of the first accepted one, else null. */
    public String jobRef() {
        for (AcceptedJob j : jobs) {
            if (!j.ended) {
                return j.ref();
            }
        }
        return jobs.isEmpty() ? null : jobs.get(0).ref();
    }

    /** Tells the caller's own progress listener, if any; what it throws is logged and ignored. */
    public void progress(RequestProgress p) {
        if (progress == null) {
            return;
        }
        try {
            progress.onProgress(p);
        } catch (RuntimeException e) {
            Logs.EVENTS.warn("progress listener threw; ignored", e);
        }
    }

    @Override
    public String toString() {
        return "Operation{" + id + ", " + providerId + (stop.get() == null ? "" : ", " + stop.get()) + "}";
    }

    private synchronized void link(Registration r) {
        r.next = work;
        if (work != null) {
            work.prev = r;
        }
        work = r;
        r.linked = true;
    }

    private synchronized void unlink(Registration r) {
        if (!r.linked) {
            return;
        }
        r.linked = false;
        if (r.prev != null) {
            r.prev.next = r.next;
        } else {
            work = r.next;
        }
        if (r.next != null) {
            r.next.prev = r.prev;
        }
        r.prev = null;
        r.next = null;
    }

    /** Work registered with an operation; {@link #done()} removes it once it finished by itself. */
    public final class Registration {
        private final Cancellable work;
        private final boolean survivesCancel;
        // the operation's list of work in flight; guarded by the operation
        private Registration prev;
        private Registration next;
        private boolean linked;

        private Registration(Cancellable work, boolean survivesCancel) {
            this.work = work;
            this.survivesCancel = survivesCancel;
        }

        /** The work finished: nothing to stop any more. */
        public void done() {
            unlink(this);
        }

        private void cancelQuietly() {
            unlink(this);
            cancelWork();
        }

        private void cancelWork() {
            try {
                work.cancel();
            } catch (RuntimeException e) {
                Logs.EVENTS.debug("stopping {} threw; ignored", work, e);
            }
        }
    }
}
