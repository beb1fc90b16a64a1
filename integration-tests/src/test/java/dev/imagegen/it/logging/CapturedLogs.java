package dev.imagegen.it.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every log line the SDK writes in this test JVM, at every level (the capturing SLF4J provider enables all of them).
 * Each line is checked against the registered secrets as it is written, so even a 10,000-request soak whose lines are
 * not kept still proves that no secret was logged; the most recent lines are kept for assertions.
 */
public final class CapturedLogs {

    private static volatile int keep = 20_000;
    private static final ConcurrentLinkedQueue<String> LINES = new ConcurrentLinkedQueue<>();
    private static final AtomicLong KEPT = new AtomicLong();
    private static final AtomicLong TOTAL = new AtomicLong();
    private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();
    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();
    private static volatile boolean echo = Boolean.getBoolean("imagegen.it.echoLogs");

    private CapturedLogs() {
    }

    /** Strings that must never appear in a log line (API keys, full Authorization values). */
    public static void forbid(String... secrets) {
        for (String s : secrets) {
            SECRETS.add(s);
        }
    }

    /** Lines written so far (the most recent ones, up to the {@link #keep(int)} limit, 20,000 by default). */
    public static List<String> lines() {
        return new ArrayList<>(LINES);
    }

    /** How many lines were written since the JVM started. */
    public static long total() {
        return TOTAL.get();
    }

    /** Lines that contained a forbidden string, with the string replaced by a marker so the report itself is safe. */
    public static List<String> leaks() {
        return new ArrayList<>(LEAKS);
    }

    /** Keeps at most {@code lines} lines (every line is still checked for secrets); returns the previous limit. */
    public static int keep(int lines) {
        int old = keep;
        keep = lines;
        return old;
    }

    /** Prints every line to stderr as well (system property {@code imagegen.it.echoLogs=true}). */
    public static void echo(boolean on) {
        echo = on;
    }

    static void add(String line) {
        TOTAL.incrementAndGet();
        for (String s : SECRETS) {
            if (line.contains(s)) {
                LEAKS.add(line.replace(s, "<<SECRET>>"));
            }
        }
        LINES.add(line);
        KEPT.incrementAndGet();
        while (KEPT.get() > keep && LINES.poll() != null) {
            KEPT.decrementAndGet();
        }
        if (echo) {
            System.err.println(line);
        }
    }
}
