package dev.imagegen.examples;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.OutputFormat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Submit now, collect later: {@link ImageClient#submit} starts a WaveSpeed job and returns at once with its
 * {@link ImageJob#ref()}, a plain string. Store it anywhere (a database row, a queue message); any client configured
 * for the same provider, in this process or another one after a restart, rebuilds the job with
 * {@link ImageClient#resume(String)} and waits for it, without paying again. Here the first client is closed before a
 * second, new client resumes the job, as a restarted service would.
 *
 * <p>Run it with no arguments (writes {@code resumed.png} to {@code target/examples-out/submit-and-resume/}); the
 * first argument, when given, is the output folder.
 */
public final class SubmitAndResume {

    private SubmitAndResume() {
    }

    /** Runs the example with the process environment. */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err, System.getenv());
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the example.
     *
     * @param args optional: the output folder (default {@code target/examples-out/...})
     * @param out  where progress and results go
     * @param err  where errors go
     * @param env  the environment: a provider with {@code <ID>_API_KEY} set is called for real
     * @return 0 when the resumed job's image was written, 1 otherwise
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        // On the emulator the job takes 1 s; poll every 100 ms so the example stays quick.
        UnaryOperator<ImageClient.Builder> polling = b -> b.pollInterval(Duration.ofMillis(100), Duration.ofSeconds(2));
        try (ExampleSession session = ExampleSession.open(env, out, Duration.ofSeconds(1), polling, "wavespeed")) {
            Path dir = ExampleFiles.outputDir(args, "submit-and-resume");
            String ref;
            try (ImageClient first = session.newClient()) {
                ImageJob job = first.submit(ImageRequest.builder()
                        .provider("wavespeed")
                        .model("hidream-i1-fast")
                        .prompt("a paper boat on a calm lake at sunset")
                        .size(1024, 768)
                        .seed(11L)
                        .outputFormat(OutputFormat.PNG)
                        .build());
                ref = job.ref();
                out.println("submitted job " + job.id() + " (" + job.status() + ")");
                out.println("ref:      " + ref);
            } // the first client is gone, as after a restart

            try (ImageClient second = session.newClient()) {
                ImageJob resumed = second.resume(ref);
                resumed.onStatus(status -> out.println("status:   " + status));
                ImageResult result = resumed.await(Duration.ofMinutes(5));
                Path target = dir.resolve("resumed.png");
                result.image().writeTo(target);
                out.println("resumed job " + resumed.id() + " finished: " + result.image().size() + " "
                        + result.image().mediaType() + " in " + result.timings().total().toMillis() + " ms");
                out.println("wrote:    " + target);
            }
            return 0;
        } catch (ImageGenerationException e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
