package dev.imagegen.testkit.cli;

import sun.misc.Signal;

/**
 * Makes Ctrl-C (SIGINT) and SIGTERM end the program with status 0 after the shutdown hooks ran. The JVM would
 * otherwise run the same hooks but exit with 130 or 143, and a script or CI step that stops the emulator on
 * purpose would read that as a failure.
 */
final class StopSignals {
    private StopSignals() {
    }

    static void exitZeroOn(String... signals) {
        for (String name : signals) {
            try {
                Signal.handle(new Signal(name), s -> System.exit(0));
            } catch (IllegalArgumentException e) {
                // the platform does not have this signal, or the JVM keeps it (-Xrs): its default exit status stays
            }
        }
    }
}
