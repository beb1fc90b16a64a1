package dev.imagegen.internal.http;

import okhttp3.Call;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets an interrupt stop a blocking caller's exchange that runs on the caller's own thread. A socket read ignores
 * interrupts, so while such exchanges are in flight a task on the client's scheduler looks every {@value #TICK_MS} ms
 * for a caller that was interrupted and cancels its call; the caller's wait then sees the interrupt and cancels the
 * operation. The task runs only while exchanges are watched: it stops after a tick with none in flight and none
 * started, so an idle client has no timer, and a call costs one entry added and removed. (Sockets that an interrupt
 * closes, {@code SocketChannel} adaptors, were measured instead: they made each 1 MiB answer ~25% slower to read.)
 * HTTP/2 streams wait interruptibly in OkHttp already.
 */
final class InterruptWatch {

    static final long TICK_MS = 100;

    private final ScheduledExecutorService scheduler;
    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private volatile boolean startedSinceTick;

    InterruptWatch(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Watches {@code call}, about to run on the current thread, until the returned entry's {@code close()}. */
    Watched watch(Call call) {
        Watched w = new Watched(Thread.currentThread(), call);
        watched.add(w);
        startedSinceTick = true;
        if (!ticking.get() && ticking.compareAndSet(false, true)) {
            schedule();
        }
        return w;
    }

    private void schedule() {
        try {
            scheduler.schedule(tick, TICK_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the client is closed: close() cancels every call itself
            ticking.set(false);
        }
    }

    /** {@link #tick()}; a class, not a method reference spun on a fresh JVM's first blocking call. */
    private final Runnable tick = new Runnable() {
        @Override
        public void run() {
            tick();
        }
    };

    private void tick() {
        for (Watched w : watched) {
            if (w.thread.isInterrupted()) {
                w.call.cancel();
            }
        }
        if (!startedSinceTick && watched.isEmpty()) {
            ticking.set(false);
            // a watch() that saw the task still running before it stopped starts the next one here
            if (!watched.isEmpty() && ticking.compareAndSet(false, true)) {
                schedule();
            }
            return;
        }
        startedSinceTick = false;
        schedule();
    }

    /** One watched exchange. */
    final class Watched implements AutoCloseable {
        private final Thread thread;
        private final Call call;

        private Watched(Thread thread, Call call) {
            this.thread = thread;
            this.call = call;
        }

        @Override
        public void close() {
            watched.remove(this);
        }
    }
}
