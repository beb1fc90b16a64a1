package dev.imagegen.examples;

import dev.imagegen.AuthenticationException;
import dev.imagegen.DeadlineExceededException;
import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.RateLimitedException;
import dev.imagegen.RetryPolicy;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every typed error the SDK throws, provoked on purpose with the emulator's fault injection, and what to do about
 * each: a wrong key ({@link AuthenticationException}), a size the model cannot make, refused before anything is sent
 * ({@link InvalidRequestException}), a rate limit the SDK retries through and one it gives up on
 * ({@link RateLimitedException}), a 500 answer to the request that starts paid work
 * ({@link OutcomeUnknownException}: never retried automatically), a deadline that passes while a job runs
 * ({@link DeadlineExceededException} with the job's ref), and a job the vendor reports failed
 * ({@link GenerationFailedException}).
 *
 * <p>It always runs on the emulator (faults cannot be injected into a real vendor), and needs no arguments.
 */
public final class ErrorHandling {

    private ErrorHandling() {
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
     * @param args ignored
     * @param out  where progress and results go
     * @param err  where errors go
     * @param env  ignored: this example always runs on the emulator
     * @return 0 when every case produced the error it shows, 1 otherwise
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        ImageEventListener retries = new ImageEventListener() {
            @Override
            public void retry(Retry event) {
                out.println("   (SDK) " + event.reason() + ": " + event.operation() + " attempt " + event.nextAttempt()
                        + " in " + event.delay().toMillis() + " ms");
            }
        };
        try (ExampleSession session = ExampleSession.emulatorOnly(out, b -> b
                .retryPolicy(RetryPolicy.defaults().withMaxRetries(2))
                .pollInterval(Duration.ofMillis(50), Duration.ofMillis(200))
                .listener(retries))) {
            ProviderEmulator emu = session.emulator().orElseThrow();
            ImageClient client = session.client();
            int unexpected = 0;

            out.println("1. A wrong API key");
            try (ImageClient wrongKey = EmulatorClients.builder(emu).apiKey("segmind", "not-the-right-key").build()) {
                unexpected += expect(out, AuthenticationException.class, () -> wrongKey.generate(segmind().build()));
            }

            out.println("2. A size the model cannot make: refused before any call");
            emu.clearRequests();
            unexpected += expect(out, InvalidRequestException.class,
                    () -> client.generate(segmind().size(1000, 1000).build()));
            out.println("   requests sent: " + emu.requestCount(Routes.SEGMIND_GENERATE));

            out.println("3a. Rate limited twice, then served: the SDK waits (Retry-After) and retries");
            emu.clearRequests();
            emu.faults().on(Routes.SEGMIND_GENERATE).times(2)
                    .respond(Fault.status(429).header("Retry-After-Ms", "150"));
            ImageResult ok = client.generate(segmind().build());
            out.println("   -> succeeded after " + emu.requestCount(Routes.SEGMIND_GENERATE) + " attempts: "
                    + ok.image().size());
            emu.clearRequests();

            out.println("3b. Rate limited on every attempt: the SDK gives up after its retries");
            emu.faults().on(Routes.SEGMIND_GENERATE).always()
                    .respond(Fault.status(429).header("Retry-After-Ms", "100"));
            unexpected += expect(out, RateLimitedException.class, () -> client.generate(segmind().build()));
            emu.faults().clear();
            emu.clearRequests();

            out.println("4. HTTP 500 to the paid POST: the image may have been made and billed, so no retry");
            emu.faults().on(Routes.SEGMIND_GENERATE).once().respond(Fault.status(500));
            unexpected += expect(out, OutcomeUnknownException.class, () -> client.generate(segmind().build()));
            out.println("   requests sent: " + emu.requestCount(Routes.SEGMIND_GENERATE)
                    + " (decide yourself whether a second, possibly billed, attempt is worth it)");

            out.println("5. The deadline passes while the WaveSpeed job runs: the error carries the job's ref");
            emu.faults().on(Routes.WAVESPEED_SUBMIT).once().respond(Fault.jobNeverFinishes());
            unexpected += expect(out, DeadlineExceededException.class, () -> client.generate(ImageRequest.builder()
                    .provider("wavespeed").model("hidream-i1-fast").prompt("a slow sunrise")
                    .timeout(Duration.ofMillis(800)).build()));

            out.println("6. The vendor reports the job failed");
            emu.faults().on(Routes.WAVESPEED_SUBMIT).once()
                    .respond(Fault.jobFails("prompt rejected by the safety checker"));
            unexpected += expect(out, GenerationFailedException.class, () -> client.generate(ImageRequest.builder()
                    .provider("wavespeed").model("hidream-i1-fast").prompt("something not allowed").build()));

            out.println(unexpected == 0 ? "Every error was the expected type."
                    : unexpected + " case(s) did not produce the expected error.");
            return unexpected == 0 ? 0 : 1;
        } catch (ImageGenerationException e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }

    private static ImageRequest.Builder segmind() {
        return ImageRequest.builder().provider("segmind").model("hidream-i1-fast").prompt("a red bicycle")
                .size(1024, 1024);
    }

    /** Runs {@code action}, prints what it threw, and returns 0 when that was an {@code expected}, else 1. */
    private static int expect(PrintStream out, Class<? extends ImageGenerationException> expected,
                              Supplier<?> action) {
        try {
            action.get();
            out.println("   UNEXPECTED: no error, expected " + expected.getSimpleName());
            return 1;
        } catch (ImageGenerationException e) {
            out.println("   -> " + e.getClass().getSimpleName() + ": " + e.getMessage());
            out.println("      " + details(e));
            if (!expected.isInstance(e)) {
                out.println("   UNEXPECTED: expected " + expected.getSimpleName());
                return 1;
            }
            return 0;
        }
    }

    /** What a handler would look at, by type. */
    private static String details(ImageGenerationException e) {
        StringBuilder sb = new StringBuilder("retryable=").append(e.isRetryable());
        e.httpStatus().ifPresent(s -> sb.append(", http=").append(s));
        e.vendorCode().ifPresent(c -> sb.append(", vendorCode=").append(c));
        if (e instanceof InvalidRequestException ire) {
            ire.field().ifPresent(f -> sb.append(", field=").append(f));
            if (!ire.allowed().isEmpty()) {
                sb.append(", allowed=").append(ire.allowed());
            }
        } else if (e instanceof RateLimitedException rle) {
            rle.retryAfter().ifPresent(d -> sb.append(", retryAfter=").append(d.toMillis()).append(" ms"));
        } else if (e instanceof DeadlineExceededException dee) {
            dee.jobRef().ifPresent(ref -> sb.append(", jobRef=").append(ref)
                    .append(" (client.resume(jobRef) picks it up later)"));
        } else if (e instanceof GenerationFailedException) {
            e.vendorMessage().ifPresent(m -> sb.append(", reason=").append(m));
        }
        return sb.toString();
    }
}
