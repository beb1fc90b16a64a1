package dev.imagegen.internal.op;

import dev.imagegen.ClientClosedException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.ProgressListener;
import dev.imagegen.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client's life: the operations in flight, its threads, and {@code close()}. Every operation starts here (refused
 * once the client is closed) and is tracked until its future completes, so closing can end each one with a
 * {@link ClientClosedException} at once, whatever it was waiting for; then the HTTP layer and the scheduler are shut
 * down and their threads awaited (not when closing from one of them, which cannot wait for itself).
 */
public final class ClientLifecycle {

    private static final AtomicLong IDS = new AtomicLong();
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Duration THREAD_WAIT = Duration.ofSeconds(1);

    private final Clock clock;
    private final Sleeper sleeper;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadLocal<Boolean> ownThread = new ThreadLocal<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<Operation> live = ConcurrentHashMap.newKeySet();
    private final List<Runnable> shutdownHooks = new CopyOnWriteArrayList<>();
    private final List<ExecutorService> pools = new CopyOnWriteArrayList<>();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    public ClientLifecycle(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads("imagegen-scheduler-"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        pools.add(scheduler);
    }

    /** The one scheduler thread: deadline timers, retries and polls wait on it. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The clock deadlines are measured by. */
    public Clock clock() {
        return clock;
    }

    /** Daemon threads named {@code prefix + n} that count as the client's own (closing from one does not wait for it). */
    public ThreadFactory threads(String prefix) {
        return new ThreadFactory() { // classes, not lambdas, which a fresh JVM would spin while it builds a client
            @Override
            public Thread newThread(Runnable r) {
                Thread[] self = new Thread[1];
                Thread t = new Thread(new Runnable() {
                    @Override
                    public void run() {
                        ownThread.set(Boolean.TRUE);
                        try {
                            r.run();
                        } finally {
                            threads.remove(self[0]);
                        }
                    }
                }, prefix.concat(Integer.toString(THREADS.incrementAndGet()))); // concat, not +: no indy bootstrap
                self[0] = t;
                t.setDaemon(true);
                threads.add(t);
                return t;
            }
        };
    }

    /** Runs {@code hook} when the client closes, after every operation was ended; {@code pool}'s threads are awaited. */
    public void onClose(Runnable hook, ExecutorService pool) {
        shutdownHooks.add(hook);
        if (pool != null) {
            pools.add(pool);
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Throws a {@link ClientClosedException} when the client is closed. */
    public void checkOpen(String providerId) {
        if (closed.get()) {
            throw closedBeforeStart(providerId);
        }
    }

    /**
     * Starts an operation that must end within {@code timeout}: its future completes with a deadline error when the
     * timeout passes, with a {@link ClientClosedException} when the client closes first.
     *
     * @param eventId  the id its events are reported under (0: a new one; split calls and a job's polls share one)
     * @param progress the caller's own progress listener, or null
     * @param blocking whether a caller will wait for it with {@link Futures#await}: its steps then run on that thread
     * @throws ClientClosedException when the client is closed
     */
    public <T> OperationFuture<T> start(String providerId, Duration timeout, long eventId, ProgressListener progress,
                                        boolean blocking) {
        checkOpen(providerId);
        long id = eventId != 0 ? eventId : IDS.incrementAndGet();
        long deadline = saturatedAdd(clock.millis(), timeout.toMillis());
        Operation op = new Operation(id, providerId, deadline, clock, sleeper, scheduler, progress,
                blocking ? new CallerThreadExecutor() : DIRECT);
        OperationFuture<T> f = new OperationFuture<>(op, new Ends(op, false));
        live.add(op);
        if (closed.get()) {
            // close() may have swept the live set just before this operation joined it
            op.stop(Operation.Stop.CLOSED);
            return f;
        }
        try {
            f.deadlineTimer(scheduler.schedule(new Ends(op, true), Math.max(0, deadline - clock.millis()),
                    TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            op.stop(Operation.Stop.CLOSED);
        }
        return f;
    }

    /** Runs tasks on the completing thread. */
    private static final java.util.concurrent.Executor DIRECT = new java.util.concurrent.Executor() {
        @Override
        public void execute(Runnable task) {
            task.run();
        }
    };

    /**
     * An operation's end: its deadline ({@code expire}), or leaving the live set once it ended. A named class, not
     * lambdas, which would cost a fresh JVM's first request classes spun at run time.
     */
    private final class Ends implements Runnable {
        private final Operation op;
        private final boolean expire;

        Ends(Operation op, boolean expire) {
            this.op = op;
            this.expire = expire;
        }

        @Override
        public void run() {
            if (expire) {
                op.stop(Operation.Stop.EXPIRED);
            } else {
                live.remove(op);
            }
        }
    }

    /** A new event id, for events outside an operation. */
    public static long newEventId() {
        return IDS.incrementAndGet();
    }

    /**
     * Closes: every operation in flight ends with a {@link ClientClosedException}, the shutdown hooks stop the HTTP
     * layer, the pools are shut down and the client's threads awaited (up to a second in all) unless this runs on one
     * of them. Idempotent.
     */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Operation op : live) {
            op.stop(Operation.Stop.CLOSED);
        }
        for (Runnable hook : shutdownHooks) {
            hook.run();
        }
        scheduler.shutdownNow();
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
        }
        if (Boolean.TRUE.equals(ownThread.get())) {
            return;
        }
        // a pool reports termination when its workers have left their loop, a moment before their threads end
        long until = System.nanoTime() + THREAD_WAIT.toNanos();
        try {
            for (Thread t : threads) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ClientClosedException closedBeforeStart(String providerId) {
        return new ClientClosedException(new Details("the client is closed; nothing was sent", providerId, -1, null, null, null), null);
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
