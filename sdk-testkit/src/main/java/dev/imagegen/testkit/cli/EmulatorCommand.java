package dev.imagegen.testkit.cli;

import dev.imagegen.testkit.ProviderEmulator;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The emulator as a program: {@code java -jar imagegen-emulator.jar --port 8080} serves the five vendor APIs of
 * {@link ProviderEmulator} until Ctrl-C, for non-Java clients and manual {@code curl}. {@code --help} lists the
 * options and the faults file format.
 *
 * <p>Exit status: 0 after Ctrl-C (SIGINT) or SIGTERM, 0 for {@code --help}, 2 for a bad command line or faults file,
 * 1 when the port cannot be bound.
 */
public final class EmulatorCommand {
    /** The vendors in the order they are printed, with the real host each stands in for. */
    private static final List<String[]> VENDORS = List.of(
            new String[] {"lumoz", "https://lumozai.com"},
            new String[] {"segmind", "https://api.segmind.com"},
            new String[] {"wavespeed", "https://api.wavespeed.ai"},
            new String[] {"lumenfall", "https://api.lumenfall.ai/openai/v1"},
            new String[] {"fal", "https://queue.fal.run"});

    private EmulatorCommand() {
    }

    /** Runs the emulator until the process is stopped; see the class comment for the exit status. */
    public static void main(String[] args) {
        // The hook and the signal handlers are in place before the banner says "Press Ctrl-C", so that a stop
        // right after the banner already ends cleanly.
        AtomicReference<ProviderEmulator> running = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ProviderEmulator emulator = running.get();
            if (emulator != null) {
                emulator.close();
                System.out.println("imagegen emulator stopped");
                System.out.flush();
            }
            stopped.countDown();
        }, "imagegen-emulator-shutdown"));
        StopSignals.exitZeroOn("INT", "TERM");
        try {
            if (start(args, System.out, System.err, running::set) == null) {
                return; // --help
            }
        } catch (Exit e) {
            System.exit(e.status);
            return;
        }
        try {
            stopped.await(); // the server's threads are daemons: the program lives as long as this wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Parses the arguments, starts the emulator and prints where each vendor is served; null after printing the
     * help. The caller owns the emulator.
     *
     * @throws Exit with the status the program should end with, after printing why on {@code err}
     */
    static ProviderEmulator start(String[] args, PrintStream out, PrintStream err) throws Exit {
        return start(args, out, err, emulator -> { });
    }

    /** {@link #start(String[], PrintStream, PrintStream)}, handing the emulator over before the banner is printed. */
    static ProviderEmulator start(String[] args, PrintStream out, PrintStream err,
            Consumer<ProviderEmulator> started) throws Exit {
        EmulatorOptions o;
        try {
            o = EmulatorOptions.parse(args);
        } catch (EmulatorOptions.UsageException e) {
            err.println("imagegen-emulator: " + e.getMessage());
            err.println("Try --help.");
            throw new Exit(2);
        }
        if (o.help()) {
            out.println(EmulatorOptions.USAGE);
            out.println();
            out.println(FaultsFile.HELP);
            return null;
        }
        ProviderEmulator.Builder b = ProviderEmulator.builder().host(o.host()).port(o.port())
                .processingTime(o.processingTime());
        if (o.apiKey() != null) {
            b.apiKey(o.apiKey());
        } else {
            b.acceptAnyApiKey();
        }
        if (o.reproducibleSeed() != null) {
            b.reproducible(o.reproducibleSeed());
        }
        ProviderEmulator emulator;
        try {
            emulator = b.start();
        } catch (UncheckedIOException | IllegalArgumentException e) {
            err.println("imagegen-emulator: " + e.getMessage());
            throw new Exit(1);
        }
        int rules = 0;
        if (o.faults() != null) {
            try {
                rules = FaultsFile.load(o.faults(), emulator.faults());
            } catch (FaultsFile.InvalidFaultsFileException e) {
                emulator.close();
                err.println("imagegen-emulator: faults file " + e.getMessage());
                throw new Exit(2);
            }
        }
        started.accept(emulator);
        printBanner(emulator, o, rules, out);
        return emulator;
    }

    private static boolean everyInterface(String host) {
        try {
            return InetAddress.getByName(host).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false; // it started, so this does not happen
        }
    }

    private static void printBanner(ProviderEmulator emulator, EmulatorOptions o, int rules, PrintStream out) {
        out.println("imagegen emulator listening on " + emulator.uri()
                + (o.apiKey() == null ? " (any non-blank API key is accepted)" : " (API key: " + o.apiKey() + ")"));
        if (everyInterface(o.host())) {
            out.println("It listens on every interface (" + o.host() + "): from another machine, use this machine's"
                    + " address instead of " + emulator.uri().getHost() + "; the URLs in its answers name the host you"
                    + " call it by.");
        }
        for (String[] v : VENDORS) {
            out.printf("  %-10s %-45s instead of %s%n", v[0], emulator.baseUrl(v[0]), v[1]);
        }
        if (!o.processingTime().isZero()) {
            out.println("Each generation takes " + o.processingTime().toMillis() + " ms.");
        }
        if (o.faults() != null) {
            out.println(rules + (rules == 1 ? " fault rule" : " fault rules") + " from " + o.faults());
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    /** The program should end now with this status (the reason is printed already). */
    static final class Exit extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Exit(int status) {
            super("exit " + status, null, false, false);
            this.status = status;
        }
    }
}
