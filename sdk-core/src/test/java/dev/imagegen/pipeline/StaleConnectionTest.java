package dev.imagegen.pipeline;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageResult;
import dev.imagegen.testing.CallMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that closes idle keep-alive connections without saying so (no {@code Connection: close}) must cost nothing:
 * a paid POST is never sent on a connection the server has already closed (OkHttp would reuse it from its pool, the
 * POST would fail after its headers were written, and the outcome would be unknown: issue 12). The closed connection
 * is passed over and the call runs on another one; nothing is re-sent, and no retry is scheduled.
 */
class StaleConnectionTest extends PipelineFixture {

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void threeSequentialCallsToAServerThatClosesEachConnectionAfterAnsweringAllSucceed(CallMode mode) throws Exception {
        try (ClosingServer closing = new ClosingServer(0, 1)) {
            ImageClient c = client(builder().baseUrl("fake", closing.url()));
            Map<String, Integer> failures = new TreeMap<>();
            int answered = 0;
            for (int i = 1; i <= 3; i++) {
                try {
                    assertThat(mode.generate(c, sync()).images()).hasSize(1);
                    answered++;
                } catch (RuntimeException e) {
                    failures.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
                }
                // the server has closed the connection it answered on (it keeps none idle) before the next call starts
                closing.awaitClosed(answered);
            }
            assertThat(failures).as("failures by type").isEmpty();
            assertThat(closing.posts()).as("paid POSTs the server saw").isEqualTo(3);
            assertThat(closing.connections()).as("connections: one per call, each closed after its answer").isEqualTo(3);
            assertThat(time.sleeps()).as("retries scheduled").isEmpty();
        }
    }

    /**
     * The JDK's server decides to close a connection after its answer is written, on another thread; on a busy machine
     * the close reaches the client milliseconds after the answer. Once the client has seen this origin close
     * connections, a connection taken again at once is watched until it has been idle 10 ms, so a close 3 ms late is
     * still seen before the POST is written (with the plain 1 ms read, each of these calls was an unknown outcome).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void backToBackCallsToAnOriginThatClosesLateAfterAnsweringAllSucceed(CallMode mode) throws Exception {
        try (ClosingServer closing = new ClosingServer(0, 1, 3)) {
            ImageClient c = client(builder().baseUrl("fake", closing.url()));
            // two calls with a pause between them: the second finds the first's connection closed, and the client
            // learns that this origin closes connections
            assertThat(mode.generate(c, sync()).images()).hasSize(1);
            closing.awaitClosed(1);
            assertThat(mode.generate(c, sync()).images()).hasSize(1);
            Map<String, Integer> failures = new TreeMap<>();
            for (int i = 0; i < 5; i++) { // back to back: each takes the connection its predecessor just answered on
                try {
                    assertThat(mode.generate(c, sync()).images()).hasSize(1);
                } catch (RuntimeException e) {
                    failures.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
                }
            }
            assertThat(failures).as("failures by type").isEmpty();
            assertThat(closing.posts()).as("paid POSTs the server saw").isEqualTo(7);
            assertThat(time.sleeps()).as("retries scheduled").isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aConnectionTheServerKeepsOpenPassesTheCheckAndIsReused(CallMode mode) throws Exception {
        try (ClosingServer keeping = new ClosingServer(Integer.MAX_VALUE, 1)) {
            ImageClient c = client(builder().baseUrl("fake", keeping.url()));
            for (int i = 0; i < 3; i++) {
                assertThat(mode.generate(c, sync()).images()).hasSize(1);
            }
            assertThat(keeping.posts()).as("paid POSTs the server saw").isEqualTo(3);
            assertThat(keeping.connections()).as("connections: the first reuse was checked and found open").isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void concurrentCallsToAServerThatKeepsFewIdleConnectionsAllSucceed(CallMode mode) throws Exception {
        int concurrency = 16;
        int keptIdle = 4;
        int rounds = 4;
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        try (ClosingServer closing = new ClosingServer(keptIdle, concurrency)) {
            ImageClient c = client(builder().baseUrl("fake", closing.url()).maxConcurrency(concurrency));
            Map<String, Integer> failures = new TreeMap<>();
            for (int r = 1; r <= rounds; r++) {
                List<CompletableFuture<ImageResult>> round = new ArrayList<>();
                for (int i = 0; i < concurrency; i++) {
                    round.add(mode.start(c, sync(), threads));
                }
                for (CompletableFuture<ImageResult> f : round) {
                    try {
                        assertThat(f.get(10, TimeUnit.SECONDS).images()).hasSize(1);
                    } catch (java.util.concurrent.ExecutionException e) {
                        Throwable cause = e.getCause() instanceof CompletionException ce ? ce.getCause() : e.getCause();
                        failures.merge(cause.getClass().getSimpleName(), 1, Integer::sum);
                    }
                }
                // every answer of the round is out; the server has closed what it keeps beyond keptIdle
                closing.awaitAllDecidedClosesDone();
            }
            assertThat(failures).as("failures by type").isEmpty();
            assertThat(closing.posts()).as("paid POSTs the server saw").isEqualTo(rounds * concurrency);
            assertThat(closing.closedCount()).as("connections the server closed after answering")
                    .isGreaterThanOrEqualTo(rounds * (concurrency - keptIdle));
            assertThat(time.sleeps()).as("retries scheduled").isEmpty();
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * An HTTP/1.1 server for the fake provider's {@code POST /generate} that keeps at most {@code keptIdle} idle
     * connections, as the JDK's {@code HttpServer} does (its default is 200): a connection whose answer would leave
     * more idle ones is closed right after the answer, without {@code Connection: close}. Answers wait until
     * {@code roundSize} requests are in (at most 5 s), so the calls of a round run on distinct connections at once.
     */
    static final class ClosingServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        private final int keptIdle;
        private final int roundSize;
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private final byte[] answer;
        private int posts;
        private int connections;
        private int idle;
        private int decidedCloses;
        private int closed;
        /** How long after writing an answer the server closes a connection it decided to close. */
        private final long closeDelayMillis;

        ClosingServer(int keptIdle, int roundSize) throws IOException {
            this(keptIdle, roundSize, 0);
        }

        ClosingServer(int keptIdle, int roundSize, long closeDelayMillis) throws IOException {
            this.keptIdle = keptIdle;
            this.roundSize = roundSize;
            this.closeDelayMillis = closeDelayMillis;
            byte[] body = ("{\"id\":\"r1\",\"images\":[{\"b64\":\"" + b64Png() + "\"}]}").getBytes(StandardCharsets.UTF_8);
            byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            answer = new byte[head.length + body.length];
            System.arraycopy(head, 0, answer, 0, head.length);
            System.arraycopy(body, 0, answer, head.length, body.length);
            Thread acceptor = new Thread(this::acceptAll, "closing-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/";
        }

        synchronized int posts() {
            return posts;
        }

        synchronized int connections() {
            return connections;
        }

        synchronized int closedCount() {
            return closed;
        }

        synchronized void awaitClosed(int n) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (closed < n && System.nanoTime() < end) {
                wait(100);
            }
            assertThat(closed).as("connections the server closed").isGreaterThanOrEqualTo(n);
        }

        synchronized void awaitAllDecidedClosesDone() throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (closed < decidedCloses && System.nanoTime() < end) {
                wait(100);
            }
            assertThat(closed).as("connections the server closed").isEqualTo(decidedCloses);
        }

        private void acceptAll() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    s.setTcpNoDelay(true);
                    open.add(s);
                    synchronized (this) {
                        connections++;
                    }
                    Thread t = new Thread(() -> serve(s), "closing-server-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            boolean wasIdle = false;
            try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
                while (true) {
                    int length = readHead(in);
                    if (length < 0) {
                        return; // the client closed it
                    }
                    in.readNBytes(length);
                    boolean close;
                    synchronized (this) {
                        if (wasIdle) {
                            idle--;
                        }
                        int arrival = ++posts;
                        notifyAll(); // this arrival may complete the round
                        int roundEnd = ((arrival - 1) / roundSize + 1) * roundSize;
                        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                        long left;
                        while (posts < roundEnd && (left = end - System.nanoTime()) > 0) {
                            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                        }
                        close = idle >= keptIdle;
                        if (close) {
                            decidedCloses++;
                        } else {
                            idle++;
                        }
                    }
                    out.write(answer);
                    out.flush();
                    if (close) {
                        if (closeDelayMillis > 0) {
                            Thread.sleep(closeDelayMillis); // as the JDK server's dispatcher thread, late on a busy machine
                        }
                        s.close();
                        synchronized (this) {
                            closed++;
                            notifyAll();
                        }
                        return;
                    }
                    wasIdle = true;
                }
            } catch (IOException e) {
                // the client went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                open.remove(s);
            }
        }

        /** Reads a request's head; its Content-Length, or -1 at the end of the stream. */
        private static int readHead(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int length = 0;
            boolean any = false;
            int c;
            while ((c = in.read()) >= 0) {
                any = true;
                if (c != '\n') {
                    if (c != '\r') {
                        line.append((char) c);
                    }
                    continue;
                }
                if (line.length() == 0) {
                    return length;
                }
                String h = line.toString().toLowerCase(java.util.Locale.ROOT);
                if (h.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring("content-length:".length()).trim());
                }
                line.setLength(0);
            }
            if (any) {
                throw new IOException("cut request");
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
