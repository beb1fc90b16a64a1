package dev.imagegen.examples;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ProviderLimits;
import dev.imagegen.RetryPolicy;
import dev.imagegen.RoutingPolicy;
import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One canonical model ({@code hidream-i1-fast}) served by two vendors: Segmind first, WaveSpeed second. Segmind
 * answers every request with 429 (the emulator's fault injection), so after its own retries the client fails over to
 * WaveSpeed, and the result says which providers were tried and what each answered. After three such failures
 * Segmind's circuit breaker opens and the next request skips it without sending anything. A small counting
 * {@link ImageEventListener} prints what a metrics backend would see.
 *
 * <p>It always runs on the emulator (faults cannot be injected into a real vendor), needs no arguments, and writes
 * the last image to {@code failover.png} in the folder given as the first argument (default
 * {@code target/examples-out/failover}).
 */
public final class Failover {

    private Failover() {
    }

    /** Runs the example. */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err, System.getenv());
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the example.
     *
     * @param args optional output folder
     * @param out  where progress and results go
     * @param err  where errors go
     * @param env  ignored: this example always runs on the emulator
     * @return 0 on success, 1 on an error
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        CountingListener metrics = new CountingListener();
        try (ExampleSession session = ExampleSession.emulatorOnly(out, b -> b
                // try Segmind, then WaveSpeed, then whoever else serves the model
                .routing(RoutingPolicy.preferenceOrder("segmind", "wavespeed"))
                .retryPolicy(RetryPolicy.defaults().withMaxRetries(1))
                .providerLimits("segmind", ProviderLimits.defaults().withCircuitBreaker(3, Duration.ofSeconds(30)))
                .pollInterval(Duration.ofMillis(50), Duration.ofMillis(200))
                .listener(metrics))) {
            Path dir = ExampleFiles.outputDir(args, "failover");
            ProviderEmulator emu = session.emulator().orElseThrow();
            ImageClient client = session.client();
            emu.faults().on(Routes.SEGMIND_GENERATE).always()
                    .respond(Fault.status(429).header("Retry-After-Ms", "50").body("{\"error\":\"rate limit exceeded\"}"));

            ImageResult last = null;
            for (int i = 1; i <= 4; i++) {
                ImageRequest request = ImageRequest.builder().model("hidream-i1-fast")
                        .prompt("a lighthouse in a storm, oil painting, #" + i).build();
                last = client.generate(request);
                out.println("request " + i + ": served by " + last.provider());
                out.println("   attempts: " + last.metadata().get("routing.attempts"));
                out.println("   why:      " + last.metadata().get("routing.reason"));
                out.println("   cost:     " + last.cost().map(Object::toString).orElse("unknown (no catalog price)"));
            }
            out.println("Segmind saw " + emu.requestCount(Routes.SEGMIND_GENERATE)
                    + " paid POSTs: 2 per request (one retry) until its circuit opened after the third request.");
            last.image().writeTo(dir.resolve("failover.png"));
            out.println("wrote " + dir.resolve("failover.png"));
            out.println();
            out.println("Metrics (from a counting ImageEventListener):");
            metrics.print(out);
            return 0;
        } catch (ImageGenerationException | java.io.IOException | java.io.UncheckedIOException e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }

    /** Counts what the client reports, the way a metrics module would (by provider, by outcome). */
    static final class CountingListener implements ImageEventListener {
        private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
        private final AtomicReference<BigDecimal> cost = new AtomicReference<>(BigDecimal.ZERO);

        private void count(String name) {
            counters.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void attempt(Attempt event) {
            count("http." + event.provider() + "." + event.operation() + "." + (event.status() < 0 ? "io-error" : event.status()));
        }

        @Override
        public void retry(Retry event) {
            count("retries." + event.provider());
        }

        @Override
        public void failover(ImageEventListener.Failover event) {
            count("failovers." + event.fromProvider() + "->" + event.toProvider() + "." + event.error().getClass().getSimpleName());
        }

        @Override
        public void requestEnded(RequestEnded event) {
            if (event.result() != null) {
                count("requests." + event.result().provider() + ".ok");
                event.result().cost().ifPresent(c -> cost.accumulateAndGet(c.amount(), BigDecimal::add));
            } else {
                count("requests." + event.provider() + "." + event.error().getClass().getSimpleName());
            }
        }

        int get(String name) {
            AtomicInteger n = counters.get(name);
            return n == null ? 0 : n.get();
        }

        void print(PrintStream out) {
            new TreeMap<>(counters).forEach((k, v) -> out.printf("   %-58s %3d%n", k, v.get()));
            out.println("   cost of the results (USD, where priced)                    " + cost.get().toPlainString());
        }
    }
}
