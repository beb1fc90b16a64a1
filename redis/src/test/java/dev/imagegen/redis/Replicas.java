package dev.imagegen.redis;

import dev.imagegen.Budget;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.PriceFormula;
import dev.imagegen.testkit.ProviderEmulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What the tests' replicas share: how a client is built, and child JVM processes running {@link ChildReplica}. */
final class Replicas {

    /** Segmind's reported cost per image on the emulator, used as the configured price so estimates equal costs. */
    static final String SEGMIND_PRICE = "0.0123";
    static final Budget BUDGET = Budget.of("0.50", Duration.ofDays(1));

    private Replicas() {
    }

    /**
     * An emulator answering a small fixed PNG instead of rendering each image: these tests are about who may call, and
     * rendering 1024x1024 images for hundreds of calls would only load the machine and blur the timings.
     */
    static ProviderEmulator.Builder emulator() {
        try {
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_INT_RGB),
                    "png", png);
            return ProviderEmulator.builder().fixedImage(png.toByteArray(), "image/png");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client of {@code providerId} at {@code baseUrl} on the emulator, sharing {@code store}. */
    static ImageClient.Builder client(String providerId, String baseUrl, String apiKey, RedisSharedStore store) {
        return ImageClient.builder()
                .environment(Map.of())
                .systemProperties(new Properties())
                .discoverProviders(true)
                .apiKey(providerId, apiKey)
                .baseUrl(providerId, baseUrl)
                .pollInterval(Duration.ofMillis(50), Duration.ofMillis(200))
                .price("segmind", "hidream-i1-fast", PriceFormula.perImage(SEGMIND_PRICE))
                .sharedStore(store);
    }

    static ImageRequest request(String providerId, int seed) {
        return ImageRequest.builder().provider(providerId).model("hidream-i1-fast").prompt("a lighthouse, replica test")
                .size(1024, 1024).seed((long) seed + 1).build();
    }

    /** A child JVM on the test class path running {@link ChildReplica#main} with {@code args}. */
    static final class Child implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Writer stdin;

        Child(String name, String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dsun.net.httpserver.nodelay=true", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), ChildReplica.class.getName()));
            cmd.addAll(List.of(args));
            Path log = Path.of("target", "child-" + name + ".log");
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("EOF " + e);
                }
                lines.add("EOF");
            }, "child-" + name + "-out");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next line starting with {@code prefix}, within {@code seconds}. */
        String await(String prefix, int seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                String line = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line.startsWith("EOF")) {
                    throw new AssertionError("child printed no '" + prefix + "' (" + (line == null ? "timed out" : line)
                            + "); see target/child-*.log");
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        void send(String line) throws IOException {
            stdin.write(line + "\n");
            stdin.flush();
        }

        /** Kills the process as a crash would (SIGKILL: no shutdown hook, no close). */
        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        int exitCode(int seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError("child did not exit within " + seconds + " s");
            }
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                kill();
            }
        }
    }

    /** {@code key=value} pairs of a RESULT line. */
    static Map<String, Integer> fields(String resultLine) {
        Map<String, Integer> out = new java.util.HashMap<>();
        for (String part : resultLine.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), Integer.parseInt(part.substring(eq + 1)));
            }
        }
        return out;
    }
}
