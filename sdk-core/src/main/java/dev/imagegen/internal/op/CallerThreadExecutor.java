package dev.imagegen.internal.op;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a blocking call's continuations on the thread that waits for it (gRPC's "threadless executor"): the network
 * waits happen elsewhere, but reading and parsing the answer, the events and the next step run on the caller's thread,
 * as they would in a hand-written blocking call, so the one asynchronous pipeline serves blocking calls without moving
 * their work onto the HTTP threads. Once the caller stops waiting, tasks run on whichever thread hands them in, so a late
 * answer is still read and closed.
 *
 * <p>A lock and a condition, not a monitor and {@code wait()}: a virtual thread waiting in {@code Object.wait()} pins
 * its carrier thread before JDK 24, and a blocking caller waits here for every poll interval and answer.
 */
final class CallerThreadExecutor implements Executor {

    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(3); // rarely more than a step or two queued; it grows
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** The thread that started the operation and waits for it. */
    private final Thread caller = Thread.currentThread();
    private volatile boolean done;

    @Override
    public void execute(Runnable task) {
        lock.lock();
        try {
            if (!done) {
                tasks.add(task);
                changed.signalAll();
                return;
            }
        } finally {
            lock.unlock();
        }
        task.run();
    }

    /**
     * Runs tasks on the calling thread until {@code f} completes, then any still queued. An interrupt ends the wait
     * (the caller cancels {@code f}).
     */
    void drainUntil(CompletableFuture<?> f) throws InterruptedException {
        f.whenComplete(waker);
        try {
            while (!f.isDone()) {
                Runnable next;
                lock.lock();
                try {
                    while (tasks.isEmpty() && !f.isDone()) {
                        changed.await();
                    }
                    next = tasks.poll();
                } finally {
                    lock.unlock();
                }
                if (next != null) {
                    next.run();
                }
            }
        } finally {
            runRemaining();
        }
    }

    /** Stops queueing and runs what is queued: the caller no longer waits. */
    void runRemaining() {
        while (true) {
            Runnable next;
            lock.lock();
            try {
                done = true;
                next = tasks.poll();
            } finally {
                lock.unlock();
            }
            if (next == null) {
                return;
            }
            next.run();
        }
    }

    /** Whether this is the caller's thread and the caller still waits: a step may then block it. */
    boolean isWaitingCaller() {
        return !done && Thread.currentThread() == caller;
    }

    /** {@link #wake()}; a class, not a lambda spun on a fresh JVM's first blocking call. */
    private final java.util.function.BiConsumer<Object, Throwable> waker = new java.util.function.BiConsumer<>() {
        @Override
        public void accept(Object v, Throwable e) {
            wake();
        }
    };

    private void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
