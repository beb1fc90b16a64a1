package dev.imagegen.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis server for the tests, on 127.0.0.1 and a free port, without persistence: the system's {@code redis-server}
 * when it is on the PATH (Debian package {@code redis-server}), else the binary that the
 * {@code com.github.codemonstur:embedded-redis} test jar carries for this OS and architecture (only its binaries are
 * used). Stopping, restarting on the same port, and pausing (SIGSTOP: the socket accepts, nothing answers) are what
 * the failure tests need.
 */
final class RedisTestServer implements AutoCloseable {

    private final Path binary;
    private final int port;
    private Process process;

    private RedisTestServer(Path binary, int port) {
        this.binary = binary;
        this.port = port;
    }

    static RedisTestServer start() {
        RedisTestServer s = new RedisTestServer(binary(), freePort());
        s.startProcess();
        return s;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Which binary runs: for the report. */
    Path binaryPath() {
        return binary;
    }

    /** Stops the server (SIGTERM, then SIGKILL), waiting for the process to end. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        resume(p);
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts it again, on the same port. */
    synchronized void restart() {
        stop();
        startProcess();
    }

    /** Freezes the server: connections stay open, commands get no answer. */
    synchronized void pause() {
        signal(process, "STOP");
    }

    /** Undoes {@link #pause()}. */
    synchronized void resume() {
        resume(process);
    }

    @Override
    public void close() {
        stop();
    }

    private static void resume(Process p) {
        if (p != null && p.isAlive()) {
            signal(p, "CONT");
        }
    }

    private static void signal(Process p, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void startProcess() {
        try {
            Path log = Path.of("target", "redis-test-server-" + port + ".log");
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--daemonize", "no"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary, e);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (pings()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(binary + " exited with " + process.exitValue() + "; see target/redis-test-server-"
                        + port + ".log");
            }
            sleep(20);
        }
        stop();
        throw new IllegalStateException(binary + " did not answer PING on port " + port + " within 10 s");
    }

    private boolean pings() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buf = new byte[7];
            int n = s.getInputStream().read(buf);
            return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static Path binary() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, "redis-server");
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return extracted();
    }

    /** The embedded-redis jar's binary for this platform, copied once into target/ and made executable. */
    private static synchronized Path extracted() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String name;
        if (os.contains("linux")) {
            name = arch.equals("aarch64") || arch.equals("arm64") ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
        } else if (os.contains("mac")) {
            name = arch.equals("aarch64") || arch.equals("arm64") ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        } else {
            throw new IllegalStateException("no redis-server on the PATH and none in embedded-redis for " + os + "/" + arch);
        }
        Path target = Path.of("target", "redis-bin", name).toAbsolutePath();
        try {
            if (!Files.isExecutable(target)) {
                Files.createDirectories(target.getParent());
                try (InputStream in = RedisTestServer.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IllegalStateException(name + " is not on the test class path (com.github.codemonstur:embedded-redis)");
                    }
                    Path tmp = Files.createTempFile(target.getParent(), name, ".tmp");
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    if (!tmp.toFile().setExecutable(true)) {
                        throw new IllegalStateException("cannot make " + tmp + " executable");
                    }
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract " + name, e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts recording every command the server runs (Redis's {@code MONITOR}, which also shows the commands a Lua
     * script calls, with their arguments); {@link Monitor#close()} stops it and returns what it saw.
     */
    Monitor monitor() {
        return new Monitor(port);
    }

    /** A {@code MONITOR} connection read on its own thread. */
    static final class Monitor implements AutoCloseable {
        private final Socket socket = new Socket();
        private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread reader;

        Monitor(int port) {
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                socket.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                if (!"+OK".equals(r.readLine())) {
                    throw new IllegalStateException("MONITOR refused");
                }
                reader = new Thread(() -> {
                    try {
                        for (String line; (line = r.readLine()) != null; ) {
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        // closed
                    }
                }, "redis-monitor");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The lines seen so far, e.g. {@code +1765100000.123456 [0 lua] "ZADD" "key" "1765100000123" "member"}. */
        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void close() {
            try {
                socket.close();
                reader.join(2000);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
