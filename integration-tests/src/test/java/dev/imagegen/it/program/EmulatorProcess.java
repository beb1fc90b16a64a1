package dev.imagegen.it.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar sdk-testkit/target/imagegen-emulator.jar} as a child process: the jar exactly as users run it, on
 * the JVM running the tests. Its output is read line by line; {@link #start} returns once the banner is printed.
 */
final class EmulatorProcess implements AutoCloseable {
    /** A guard against a hung child, not a measurement: every wait normally ends in well under a second. */
    static final long GUARD_SECONDS = 60;
    private static final Pattern VENDOR_LINE = Pattern.compile("^  (\\w+)\\s+(http://\\S+)\\s+instead of (https://\\S+)$");

    final Process process;
    /** Vendor id to the base URL the emulator printed, in printed order. */
    final Map<String, String> baseUrls = new LinkedHashMap<>();
    /** Vendor id to the real base URL it stands in for. */
    final Map<String, String> replaces = new LinkedHashMap<>();
    private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
    private final List<String> outSeen = Collections.synchronizedList(new ArrayList<>());
    private final List<String> errSeen = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> pumps = new ArrayList<>();

    private EmulatorProcess(Process process) {
        this.process = process;
        pump(process.getInputStream(), line -> {
            outSeen.add(line);
            out.add(line);
        }, "emulator-stdout", true);
        pump(process.getErrorStream(), errSeen::add, "emulator-stderr", false);
    }

    /** The jar sdk-testkit's package phase built; its path comes from the POM (see integration-tests/pom.xml). */
    static Path jar() {
        String path = System.getProperty("imagegen.emulator.jar");
        if (path == null) {
            fail("system property imagegen.emulator.jar is not set: run this test through Maven (mvn verify)");
        }
        Path jar = Path.of(path);
        if (!Files.isRegularFile(jar)) {
            fail(jar + " does not exist: it is built by `mvn package` in sdk-testkit, which `mvn verify` runs first");
        }
        return jar;
    }

    /** Launches the jar with these arguments, without waiting for anything. */
    static EmulatorProcess launch(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        try {
            return new EmulatorProcess(new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Launches the jar and waits for its banner, ending with "Press Ctrl-C to stop.". */
    static EmulatorProcess start(String... args) {
        EmulatorProcess p = launch(args);
        for (String line = p.nextLine(); !line.equals("Press Ctrl-C to stop."); line = p.nextLine()) {
            Matcher m = VENDOR_LINE.matcher(line);
            if (m.matches()) {
                p.baseUrls.put(m.group(1), m.group(2));
                p.replaces.put(m.group(1), m.group(3));
            }
        }
        return p;
    }

    /** The next line the program prints; fails when it ends first. */
    String nextLine() {
        try {
            String line = out.poll(GUARD_SECONDS, TimeUnit.SECONDS);
            if (line == null || line.equals(EOF)) {
                fail("the emulator printed no further line; stdout: " + outSeen + ", stderr: " + errSeen);
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The emulator's root URL, {@code http://127.0.0.1:PORT}. */
    String root() {
        return baseUrls.get("segmind");
    }

    /** Waits for the program to end, and for its last output line to be read, and returns its exit status. */
    int awaitExit() {
        try {
            assertThat(process.waitFor(GUARD_SECONDS, TimeUnit.SECONDS)).as("the emulator ended").isTrue();
            for (Thread t : pumps) {
                t.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything printed on stdout and stderr so far. */
    List<String> stdout() {
        return List.copyOf(outSeen);
    }

    List<String> stderr() {
        return List.copyOf(errSeen);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static final String EOF = "\u0000EOF";

    private void pump(InputStream in, java.util.function.Consumer<String> sink, String name, boolean isStdout) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                if (isStdout) {
                    out.add(EOF);
                }
            }
        }, name);
        t.setDaemon(true);
        pumps.add(t);
        t.start();
    }
}
