package dev.imagegen.benchmarks;

import java.util.HashSet;
import java.util.Set;

/**
 * Samples, every few milliseconds, how many live threads exist that did not exist when it was created, leaving out
 * the loopback server's threads and itself: the threads the client under test started. Keeps the peak.
 */
final class ThreadSampler implements AutoCloseable {

    private final Set<Long> baseline = new HashSet<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile int peak;
    private volatile String peakNames = "";

    ThreadSampler() {
        for (Thread t : all()) {
            baseline.add(t.getId());
        }
        sampler = new Thread(this::loop, "bench-thread-sampler");
        sampler.setDaemon(true);
        baseline.add(sampler.getId());
        sampler.start();
    }

    private static Thread[] all() {
        Thread[] threads = new Thread[Thread.activeCount() + 256];
        int n = Thread.enumerate(threads);
        return java.util.Arrays.copyOf(threads, n);
    }

    /** Threads started since creation (server threads left out), now. */
    int current() {
        int n = 0;
        for (Thread t : all()) {
            if (!baseline.contains(t.getId()) && !t.getName().startsWith(LoopbackServer.THREAD_PREFIX)) {
                n++;
            }
        }
        return n;
    }

    /** The client's threads now, counted by name without their trailing numbers ({@code imagegen-http-=12, ...}). */
    String names() {
        java.util.Map<String, Integer> byName = new java.util.TreeMap<>();
        for (Thread t : all()) {
            if (!baseline.contains(t.getId()) && !t.getName().startsWith(LoopbackServer.THREAD_PREFIX)) {
                String n = t.getName().startsWith("OkHttp http") ? "imagegen-http- (running a call)"
                        : t.getName().replaceAll("[0-9]+$", "");
                byName.merge(n, 1, Integer::sum);
            }
        }
        return byName.toString();
    }

    /** {@link #names()} when the peak was reached. */
    String peakNames() {
        return peakNames;
    }

    private void loop() {
        while (running) {
            int c = current();
            if (c > peak) {
                peak = c;
                peakNames = names();
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The highest count seen. */
    int peak() {
        return peak;
    }

    /** Starts a new peak from now. */
    void resetPeak() {
        peak = current();
        peakNames = names();
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
