package dev.imagegen.internal.http;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dispatcher's thread pool: grows only when no thread is idle, never past its maximum, and lets idle threads go
 * after a minute (the scheme of Tomcat's TaskQueue: the queue refuses a task while the pool may still grow and no
 * thread is free, which makes the pool start one). A plain fixed pool would start a thread per call until the cap even
 * with idle ones about (500 polls: 64 threads); OkHttp's default cached pool has no cap.
 */
final class CallExecutor extends ThreadPoolExecutor {

    private final AtomicInteger unfinished = new AtomicInteger();

    CallExecutor(int max, ThreadFactory threads) {
        this(max, new GrowFirstQueue(), threads);
    }

    private CallExecutor(int max, GrowFirstQueue queue, ThreadFactory threads) {
        super(0, max, 60, TimeUnit.SECONDS, queue, threads, (task, pool) -> {
            if (pool.isShutdown()) {
                throw new RejectedExecutionException("the client is closed");
            }
            queue.force(task);
        });
        queue.pool = this;
    }

    @Override
    public void execute(Runnable task) {
        unfinished.incrementAndGet();
        try {
            super.execute(task);
        } catch (RuntimeException e) {
            unfinished.decrementAndGet();
            throw e;
        }
    }

    @Override
    protected void afterExecute(Runnable r, Throwable t) {
        unfinished.decrementAndGet();
    }

    /** Queues a task only when a thread is free or the pool is at its maximum. */
    static final class GrowFirstQueue extends LinkedBlockingQueue<Runnable> {
        private static final long serialVersionUID = 1L;
        transient volatile CallExecutor pool;

        @Override
        public boolean offer(Runnable task) {
            CallExecutor p = pool;
            if (p != null && p.unfinished.get() > p.getPoolSize() && p.getPoolSize() < p.getMaximumPoolSize()) {
                return false;
            }
            return super.offer(task);
        }

        void force(Runnable task) {
            super.offer(task);
        }
    }
}
