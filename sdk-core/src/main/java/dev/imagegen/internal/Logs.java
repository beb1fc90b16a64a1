package dev.imagegen.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's loggers, in one holder so that SLF4J (its provider lookup scans the class path, some 25 ms on a fresh JVM)
 * is initialised when a line may first be written, not when the classes that write one are loaded while a client is
 * built. The JVM's class initialisation makes the first use thread-safe.
 */
public final class Logs {

    /** {@code dev.imagegen.events}: listeners and hooks that threw. */
    public static final Logger EVENTS = LoggerFactory.getLogger("dev.imagegen.events");
    /** {@code dev.imagegen.jobs}: asynchronous jobs. */
    public static final Logger JOBS = LoggerFactory.getLogger("dev.imagegen.jobs");
    /** {@code dev.imagegen.http}: exchanges, retries, request headers hooks. */
    public static final Logger HTTP = LoggerFactory.getLogger("dev.imagegen.http");
    /** {@code dev.imagegen.store}: the shared store and the journal of pending jobs. */
    public static final Logger STORE = LoggerFactory.getLogger("dev.imagegen.store");
    /** {@code dev.imagegen.routing}: circuits and failover. */
    public static final Logger ROUTING = LoggerFactory.getLogger("dev.imagegen.routing");
    /** {@code dev.imagegen.config}: configuration read while a client is built. */
    public static final Logger CONFIG = LoggerFactory.getLogger("dev.imagegen.config");

    private Logs() {
    }

    /**
     * Initialises the loggers on a daemon thread, once per JVM, so that the first exchange's "is debug enabled?" does
     * not wait for SLF4J on a fresh JVM while the client is built and its first request sent. Nothing is lost: a
     * thread that needs a logger before then waits for the class initialisation to finish. A named class, not a
     * lambda, so that this saves start-up time rather than spending some on a lambda's bootstrap.
     */
    public static final class Early extends Thread {

        private static final java.util.concurrent.atomic.AtomicBoolean STARTED = new java.util.concurrent.atomic.AtomicBoolean();

        private Early() {
            super("slf4j-init");
            setDaemon(true);
        }

        /** Starts the initialisation unless an earlier client did. */
        public static void begin() {
            if (STARTED.compareAndSet(false, true)) {
                try {
                    new Early().start();
                } catch (RuntimeException | OutOfMemoryError e) {
                    // no thread to spare: the loggers initialise on first use instead
                }
            }
        }

        @Override
        public void run() {
            HTTP.isDebugEnabled();
        }
    }
}
