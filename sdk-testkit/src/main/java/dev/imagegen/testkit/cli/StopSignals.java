package dev.imagegen.testkit.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Makes Ctrl-C (SIGINT) and SIGTERM end the program with status 0 after the shutdown hooks ran. The JVM would
 * otherwise run the same hooks but exit with 130 or 143, and a script or CI step that stops the emulator on
 * purpose would read that as a failure.
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}) is reached reflectively: named in source, javac warns
 * on every build that it is internal API, and a JVM without it only keeps the default exit status.
 */
final class StopSignals {
    private StopSignals() {
    }

    static void exitZeroOn(String... signals) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Constructor<?> named = signal.getConstructor(String.class);
            Method handle = signal.getMethod("handle", signal, handler);
            Object exitZero = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            System.exit(0);
                            yield null;
                        }
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        default -> "exit 0 on signal";
                    });
            for (String name : signals) {
                try {
                    handle.invoke(null, named.newInstance(name), exitZero);
                } catch (ReflectiveOperationException | IllegalArgumentException e) {
                    // the platform does not have this signal, or the JVM keeps it (-Xrs): its default exit status stays
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no sun.misc.Signal on this JVM: Ctrl-C still runs the shutdown hooks, with the JVM's exit status
        }
    }
}
