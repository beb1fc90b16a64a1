package dev.imagegen.internal.http;

import okhttp3.Connection;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Response;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keeps paid requests off keep-alive connections the server has already closed. OkHttp hands out a pooled HTTP/1
 * connection without looking at its socket (it reads it only for a non-GET on a connection idle over 10 s), so a
 * connection the server closed while it sat in the pool fails only once the request's headers are on it: for a paid
 * POST that is an unknown outcome, never re-sent. Here, before anything is written, a paid request on a reused
 * HTTP/1 connection reads its socket for 1 ms when the connection
 *
 * <ul>
 *   <li>has been idle for {@value #IDLE_MILLIS} ms or more (a connection taken again sooner, as in back-to-back
 *       calls, is not checked: measured, a loop of sequential calls checked 1-2 of 3,500 with 10 ms, ~15 % with
 *       1 ms, each costing the 1 ms wait), or</li>
 *   <li>has not yet been reused with success (some servers close every connection after one answer, or close those
 *       beyond an idle limit as soon as they answer), or</li>
 *   <li>goes to an origin that closed a connection under this client in the last 5 minutes.</li>
 * </ul>
 *
 * The end of the stream (or bytes nobody asked for) means the connection is dead: its socket is closed, so no call
 * takes it again, and the hop fails with {@link ClosedConnectionException} before its headers start. The application
 * interceptor ({@link #passOver()}) then runs the same OkHttp call again, on another pooled connection or a new one.
 * That is not a retry: nothing was sent. A healthy connection costs the 1 ms wait.
 *
 * <p>A connection taken again less than {@value #SETTLE_MILLIS} ms after its answer, on an origin known to close
 * connections, is read until it has been idle that long, not 1 ms: such a server may decide to close only after its
 * answer is written (see {@link #checkMillis}).
 *
 * <p>What it cannot see (an unknown outcome, never re-sent): a server that closes the connection after the check,
 * or whose close is still on the wire when the read is up; and the first close of an origin that hits a connection
 * taken again within 10 ms after a successful reuse. HTTP/2 connections are left to OkHttp (its own pings
 * and GOAWAY; reading their socket would steal frames from its reader).
 */
final class StaleConnections {

    static final long IDLE_MILLIS = 10;
    /** How long a connection that just answered is watched for its close, on an origin that closes connections. */
    static final long SETTLE_MILLIS = IDLE_MILLIS;
    private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
    private static final long CLOSER_MEMORY_NANOS = TimeUnit.MINUTES.toNanos(5);

    /** What is known of each live connection (weakly held: a connection the pool dropped is forgotten). */
    private final Map<Connection, Use> uses = Collections.synchronizedMap(new WeakHashMap<>());
    /** Origins that closed a connection under this client, and when (System.nanoTime()). */
    private final Map<String, Long> closers = new ConcurrentHashMap<>();
    private final int maxPasses;

    /** {@code maxPasses}: how many dead connections one call may pass over (the pool's size is enough). */
    StaleConnections(int maxPasses) {
        this.maxPasses = maxPasses;
    }

    /** The hop failed before anything was written: its pooled connection had been closed by the server. */
    static final class ClosedConnectionException extends IOException {
        ClosedConnectionException(String origin) {
            super("the server had closed the pooled connection to " + origin);
        }
    }

    private static final class Use {
        /** The connection's origin, computed once: a reused connection's every exchange looks it up. */
        final String origin;
        volatile long lastActiveNanos;
        volatile boolean keptOpen;

        Use(long now, String origin) {
            this.origin = origin;
            lastActiveNanos = now;
        }
    }

    /** The application interceptor: runs the call again, on another connection, when its connection was dead. */
    Interceptor passOver() {
        return new Interceptor() { // a class, not a lambda spun while a fresh JVM builds a client
            @Override
            public Response intercept(Chain chain) throws IOException {
                for (int pass = 1; ; pass++) {
                    try {
                        return chain.proceed(chain.request());
                    } catch (ClosedConnectionException e) {
                        if (pass >= maxPasses) {
                            throw e;
                        }
                    }
                }
            }
        };
    }

    /** The network interceptor: checks the connection before the request is written. */
    Interceptor check() {
        return new Interceptor() { // a class, not a lambda spun while a fresh JVM builds a client
            @Override
            public Response intercept(Chain chain) throws IOException {
                Connection c = chain.connection();
                OkHttpSender.AttemptState st = chain.getEventListener() instanceof OkHttpSender.AttemptState a ? a : null;
                if (c == null || st == null || !(c.protocol() == Protocol.HTTP_1_1 || c.protocol() == Protocol.HTTP_1_0)) {
                    return chain.proceed(chain.request());
                }
                st.connection = c;
                long now = System.nanoTime();
                Use use;
                synchronized (uses) {
                    use = uses.get(c);
                    if (use == null) {
                        uses.put(c, new Use(now, origin(c)));
                    }
                }
                if (use == null) {
                    return chain.proceed(chain.request()); // a new connection
                }
                String origin = use.origin;
                if (st.paid && mustCheck(use, now, origin) && closedByPeer(c.socket(), checkMillis(use, now, origin))) {
                    closers.put(origin, now);
                    closeQuietly(c.socket());
                    throw new ClosedConnectionException(origin);
                }
                use.lastActiveNanos = now;
                try {
                    Response r = chain.proceed(chain.request());
                    use.keptOpen = true;
                    return r;
                } catch (IOException e) {
                    if (!(e instanceof InterruptedIOException) && !chain.call().isCanceled()) {
                        closers.put(origin, System.nanoTime()); // it failed on a reused connection: most likely closed
                    }
                    throw e;
                }
            }
        };
    }

    /** From the call's event listener: an exchange on {@code c} ended, so its idle time starts now. */
    void ended(Connection c) {
        if (c != null) {
            Use use = uses.get(c);
            if (use != null) {
                use.lastActiveNanos = System.nanoTime();
            }
        }
    }

    private boolean mustCheck(Use use, long now, String origin) {
        return !use.keptOpen || now - use.lastActiveNanos >= IDLE_NANOS || closedRecently(origin, now);
    }

    private boolean closedRecently(String origin, long now) {
        Long closed = closers.get(origin);
        return closed != null && now - closed < CLOSER_MEMORY_NANOS;
    }

    /**
     * How long the check reads: 1 ms, or, for a connection that answered less than {@value #SETTLE_MILLIS} ms ago on an
     * origin known to close connections, until it has been idle that long. Such a server (the JDK's, beyond its idle
     * limit) decides to close after the answer is written, on another thread; on a busy machine its close arrives
     * milliseconds after the answer, and a call that took the connection at once would write its POST into it.
     */
    private long checkMillis(Use use, long now, String origin) {
        long idle = now - use.lastActiveNanos;
        if (idle >= SETTLE_NANOS || !closedRecently(origin, now)) {
            return 1;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(SETTLE_NANOS - idle + 999_999));
    }

    private static String origin(Connection c) {
        HttpUrl url = c.route().address().url();
        return url.scheme() + "://" + url.host() + ":" + url.port();
    }

    /**
     * Whether the server has closed the connection: a read of at most {@code millis} (usually 1 ms) on its socket (as
     * OkHttp's own extensive health check). The end of the stream, a reset, or a byte nobody asked for (an idle HTTP/1
     * connection has nothing to say) all mean it cannot carry a request; a timeout means it is open.
     */
    static boolean closedByPeer(Socket socket, long millis) {
        try {
            int timeout = socket.getSoTimeout();
            try {
                socket.setSoTimeout((int) millis);
                socket.getInputStream().read();
                return true;
            } finally {
                socket.setSoTimeout(timeout);
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a dead socket
        }
    }
}
