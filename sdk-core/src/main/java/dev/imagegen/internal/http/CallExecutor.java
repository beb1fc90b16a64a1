package dev.imagegen.internal.http;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dispatcher's thread pool. Up to {@value #EAGER_THREADS} threads start as calls need them (a new one only when
 * none is idle: the scheme of Tomcat's TaskQueue, whose queue refuses a task while the pool may still grow and no
 * thread is free). Past that, a call waits for a thread to come free, and the pool starts a thread for each call
 * waiting, up to the maximum, when no thread has taken a call for {@link #STALL_MILLIS} ms (every thread is stuck in a
 * slow exchange: a server that takes seconds) or the oldest call has waited {@link #WAIT_MILLIS} ms (the threads turn
 * over, but too slowly for the calls waiting: polls over a long round trip). A burst of quick exchanges (500 polls or
 * 500 job submissions on a fast network) is served by the eager threads instead of starting a thread per call in
 * flight; a waiting time alone would grow the pool whenever the CPU is busy. Idle threads end after a minute, so a
 * steady load keeps the threads it grew.
 */
final class CallExecutor extends ThreadPoolExecutor {

    /** Threads started without waiting: with the client's scheduler and OkHttp's own (task runner, connect, pool cleaner, watchdog), at most 16 in all. */
    static final int EAGER_THREADS = 10;
    /** How long no thread may take a call, calls waiting, before the pool grows past its eager size. */
    static final long STALL_MILLIS = 100;
    /** How long a call may wait for a thread, the threads turning over, before the pool grows past its eager size. */
    static final long WAIT_MILLIS = 1000;

    private final AtomicInteger unfinished = new AtomicInteger();
    private final AtomicBoolean checkScheduled = new AtomicBoolean();
    private final GrowFirstQueue queue;
    private final int eager;
    private final long stallNanos;
    private final long waitNanos;
    private final ScheduledExecutorService timer;
    /** When a thread last took a call ({@link System#nanoTime()}). */
    private volatile long lastTaken = System.nanoTime();

    CallExecutor(int max, ThreadFactory threads, ScheduledExecutorService timer) {
        this(max, EAGER_THREADS, TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS), TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS),
                threads, timer);
    }

    /** For tests: {@code eager} threads at once, then growth after a stall of {@code stallNanos} or a wait of {@code waitNanos}. */
    CallExecutor(int max, int eager, long stallNanos, long waitNanos, ThreadFactory threads, ScheduledExecutorService timer) {
        this(max, Math.min(max, eager), stallNanos, waitNanos, new GrowFirstQueue(), threads, timer);
    }

    private CallExecutor(int max, int eager, long stallNanos, long waitNanos, GrowFirstQueue queue, ThreadFactory threads,
                         ScheduledExecutorService timer) {
        super(0, max, 60, TimeUnit.SECONDS, queue, threads, new RejectedExecutionHandler() { // a class: no lambda spun
            @Override
            public void rejectedExecution(Runnable task, ThreadPoolExecutor pool) {
                if (pool.isShutdown()) {
                    throw new RejectedExecutionException("the client is closed");
                }
                queue.force(task);
                ((CallExecutor) pool).scheduleCheck(0);
            }
        });
        this.queue = queue;
        this.eager = eager;
        this.stallNanos = stallNanos;
        this.waitNanos = waitNanos;
        this.timer = timer;
        queue.pool = this;
    }

    @Override
    public void execute(Runnable task) {
        unfinished.incrementAndGet();
        try {
            super.execute(new Waiting(task, System.nanoTime()));
        } catch (RuntimeException e) {
            unfinished.decrementAndGet();
            throw e;
        }
    }

    @Override
    protected void beforeExecute(Thread t, Runnable r) {
        lastTaken = System.nanoTime();
    }

    @Override
    protected void afterExecute(Runnable r, Throwable t) {
        unfinished.decrementAndGet();
    }

    /** Whether a call is waiting with no thread free. */
    private boolean noThreadFree() {
        return unfinished.get() > getPoolSize();
    }

    /** Checks the waiting calls after {@code delayNanos} (one check pending at a time). */
    private void scheduleCheck(long delayNanos) {
        if (checkScheduled.compareAndSet(false, true)) {
            try {
                timer.schedule(this::check, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                checkScheduled.set(false); // the client is closing: its calls are being cancelled anyway
            }
        }
    }

    /** Starts a thread for each call waiting, up to the maximum, after a stall or a long wait (see the class comment). */
    private void check() {
        checkScheduled.set(false);
        Waiting head = (Waiting) queue.peek();
        if (head == null || isShutdown() || getPoolSize() >= getMaximumPoolSize() || !noThreadFree()) {
            return;
        }
        long now = System.nanoTime();
        long stalled = now - Math.max(head.since, lastTaken);
        long waited = now - head.since;
        if (stalled < stallNanos && waited < waitNanos) {
            scheduleCheck(Math.min(stallNanos - stalled, waitNanos - waited));
            return;
        }
        int size = getPoolSize();
        int target = Math.min(getMaximumPoolSize(), size + Math.min(queue.size(), unfinished.get() - size));
        if (target > size) {
            // raising the core size starts threads for queued tasks at once; lowered again, the threads stay until idle
            setCorePoolSize(target);
            setCorePoolSize(0);
        }
    }

    /** A call and when it was handed to the pool. */
    private record Waiting(Runnable task, long since) implements Runnable {
        @Override
        public void run() {
            task.run();
        }
    }

    /** Refuses a task (so the pool starts a thread) only while no thread is free and the pool is below its eager size. */
    static final class GrowFirstQueue extends LinkedBlockingQueue<Runnable> {
        private static final long serialVersionUID = 1L;
        transient volatile CallExecutor pool;

        @Override
        public boolean offer(Runnable task) {
            CallExecutor p = pool;
            if (p != null && p.noThreadFree() && p.getPoolSize() < p.eager) {
                return false;
            }
            boolean queued = super.offer(task);
            if (queued && p != null && p.noThreadFree() && p.getPoolSize() < p.getMaximumPoolSize()) {
                p.scheduleCheck(Math.min(p.stallNanos, p.waitNanos));
            }
            return queued;
        }

        void force(Runnable task) {
            super.offer(task);
        }
    }
}
