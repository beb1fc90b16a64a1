package dev.imagegen.testkit.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The emulator program's command line, parsed strictly: an unknown option, a missing or malformed value, a repeated
 * option or a stray argument is a {@link UsageException} that says which, since a typo silently ignored would leave
 * the emulator running with settings the user did not ask for.
 */
record EmulatorOptions(String host, int port, String apiKey, Duration processingTime, Path faults,
        Long reproducibleSeed, boolean help) {

    static final String USAGE = String.join("\n",
            "Usage: java -jar imagegen-emulator.jar [options]",
            "",
            "Serves the APIs of LumozAI, Segmind, WaveSpeed, Lumenfall and fal.ai as the imagegen-java testkit",
            "emulates them, for non-Java clients and manual curl. Ctrl-C stops it.",
            "",
            "Options (--name value or --name=value):",
            "  --host ADDRESS        address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)",
            "  --port N              port to listen on (default 8080; 0 picks a free one)",
            "  --api-key KEY         the only key accepted (default: any non-blank key is accepted)",
            "  --processing-ms N     how long each generation takes, in milliseconds (default 0)",
            "  --faults FILE         fault rules to inject, a JSON file (format below)",
            "  --reproducible SEED   draw the seeds of requests that fix none, and ids, from this seed, so that",
            "                        runs repeat (default: different on every start, as a real vendor's)",
            "  --help                this text");

    /** Parses the arguments; {@code --help} anywhere wins over everything else but unknown options. */
    static EmulatorOptions parse(String... args) throws UsageException {
        String host = "127.0.0.1";
        int port = 8080;
        String apiKey = null;
        Duration processing = Duration.ZERO;
        Path faults = null;
        Long seed = null;
        boolean help = false;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                throw new UsageException("unexpected argument '" + arg + "': options start with --");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (!seen.add(name)) {
                throw new UsageException("option " + name + " is given more than once");
            }
            if (name.equals("--help")) {
                if (eq >= 0) {
                    throw new UsageException("option --help takes no value");
                }
                help = true;
                continue;
            }
            if (!Set.of("--host", "--port", "--api-key", "--processing-ms", "--faults", "--reproducible")
                    .contains(name)) {
                throw new UsageException("unknown option '" + name + "'");
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new UsageException("option " + name + " needs a value");
            }
            if (value.isBlank()) {
                throw new UsageException("option " + name + " needs a value, not a blank one");
            }
            switch (name) {
                case "--host":
                    host = value;
                    break;
                case "--port":
                    port = (int) number(name, value, 0, 65535);
                    break;
                case "--api-key":
                    apiKey = value;
                    break;
                case "--processing-ms":
                    processing = Duration.ofMillis(number(name, value, 0, Long.MAX_VALUE / 1_000_000));
                    break;
                case "--faults":
                    faults = Path.of(value);
                    break;
                default:
                    seed = number(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
            }
        }
        return new EmulatorOptions(host, port, apiKey, processing, faults, seed, help);
    }

    private static long number(String option, String value, long min, long max) throws UsageException {
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new UsageException("option " + option + " needs a whole number"
                + (min == Long.MIN_VALUE ? "" : " in " + min + ".." + max) + ", not '" + value + "'");
    }

    /** The command line cannot be used; the message says why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message, null, false, false);
        }
    }
}
