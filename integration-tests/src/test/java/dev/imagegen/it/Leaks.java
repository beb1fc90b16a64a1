package dev.imagegen.it;

import dev.imagegen.ImageClient;
import dev.imagegen.internal.client.ClientInternals;
import dev.imagegen.internal.http.HttpPipeline;

import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Leak checks: the client's OkHttp dispatcher and pool back to idle (no call running or queued, every pooled connection
 * idle, so no response was left open), and no thread of the client left after {@link ImageClient#close()}.
 *
 * <p>Threads counted as the client's: its dispatcher threads ({@code imagegen-http-N}, renamed by OkHttp to
 * {@code OkHttp http://...} while they run a call) and its scheduler ({@code imagegen-scheduler-N}). OkHttp's
 * {@code OkHttp TaskRunner} and Okio's {@code Okio Watchdog} are process-wide daemons shared by every OkHttp client
 * (they idle out on their own), so they are not a client's leak.
 */
final class Leaks {

    private Leaks() {
    }

    static Set<Thread> threads() {
        return Thread.getAllStackTraces().keySet();
    }

    static boolean isClientThread(Thread t) {
        String n = t.getName();
        return n.startsWith("imagegen-") || n.startsWith("OkHttp http");
    }

    /** Waits (up to {@code max}) for the client's HTTP layer to be idle; returns the last snapshot. */
    static HttpPipeline.Stats awaitIdle(ImageClient client, Duration max) {
        HttpPipeline.Stats[] last = new HttpPipeline.Stats[1];
        await(() -> (last[0] = ClientInternals.transportStats(client)).idle(), max);
        return last[0];
    }

    /** Client threads started after {@code before} that are still alive after waiting up to {@code max}. */
    static Set<String> threadsLeftAfterClose(Set<Thread> before, Duration max) {
        BooleanSupplier none = () -> threads().stream().noneMatch(t -> t.isAlive() && isClientThread(t) && !before.contains(t));
        await(none, max);
        return threads().stream().filter(t -> t.isAlive() && isClientThread(t) && !before.contains(t))
                .map(Thread::getName).collect(Collectors.toSet());
    }

    static void await(BooleanSupplier condition, Duration max) {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
