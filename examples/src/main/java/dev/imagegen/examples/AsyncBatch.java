package dev.imagegen.examples;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.OutputFormat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;

/**
 * Many prompts at once with {@link ImageClient#generateAsync}: no thread waits per request, a text progress bar
 * moves as results arrive, and a table sums up what each request cost and how long it took. The prompts are spread
 * over the four providers, each pinned with {@code provider(..)}, all on the model {@code hidream-i1-fast}.
 *
 * <p>Run it with no arguments (writes to {@code target/examples-out/async-batch/}); the first argument, when
 * given, is the output folder.
 */
public final class AsyncBatch {

    static final List<String> PROMPTS = List.of(
            "a lighthouse on a cliff at dawn",
            "a bowl of ramen, studio photo",
            "an origami crane on a wooden desk",
            "a fox in a snowy forest",
            "a retro robot watering plants",
            "a hot air balloon over lavender fields",
            "a cozy reading nook with rain outside",
            "a koi pond seen from above");

    static final List<String> PROVIDERS = List.of("segmind", "lumoz", "wavespeed", "lumenfall");

    private AsyncBatch() {
    }

    /** Runs the example with the process environment. */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err, System.getenv());
        if (code != 0) {
            System.exit(code);
        }
    }

    /** One row of the summary table. */
    private record Row(int index, String provider, String prompt, ImageResult result, Path file, String error) {
    }

    /**
     * Runs the example.
     *
     * @param args optional: the output folder (default {@code target/examples-out/...})
     * @param out  where progress and results go
     * @param err  where errors go
     * @param env  the environment: a provider with {@code <ID>_API_KEY} set is called for real
     * @return 0 when every image was written, 1 otherwise
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Path dir;
        try {
            dir = ExampleFiles.outputDir(args, "async-batch");
        } catch (IOException e) {
            err.println("error: cannot create the output folder: " + e.getMessage());
            return 1;
        }
        // On the emulator each image "takes" 300 ms, so the progress bar has something to show.
        try (ExampleSession session = ExampleSession.open(env, out, Duration.ofMillis(300), UnaryOperator.identity(),
                PROVIDERS.toArray(String[]::new))) {
            ImageClient client = session.client();
            ProgressBar bar = new ProgressBar(out, PROMPTS.size());
            List<CompletableFuture<Row>> futures = new ArrayList<>();
            for (int i = 0; i < PROMPTS.size(); i++) {
                int index = i + 1;
                String provider = PROVIDERS.get(i % PROVIDERS.size());
                String prompt = PROMPTS.get(i);
                ImageRequest request = ImageRequest.builder()
                        .provider(provider)
                        .model("hidream-i1-fast")
                        .prompt(prompt)
                        .size(1024, 1024)
                        .seed(1000L + i)
                        .outputFormat(OutputFormat.PNG)
                        .build();
                Path file = dir.resolve(String.format("%02d-%s.png", index, provider));
                futures.add(client.generateAsync(request)
                        // Writing may download a URL output: keep that off the client's callback thread.
                        .thenApplyAsync(result -> {
                            try {
                                result.image().writeTo(file);
                            } catch (IOException e) {
                                throw new CompletionException(e);
                            }
                            return new Row(index, provider, prompt, result, file, null);
                        })
                        .exceptionally(failure -> new Row(index, provider, prompt, null, null, message(failure)))
                        .whenComplete((row, ignored) -> bar.step()));
            }
            List<Row> rows = futures.stream().map(CompletableFuture::join).toList();
            bar.done();
            printTable(out, rows);
            long failed = rows.stream().filter(r -> r.error() != null).count();
            out.println((rows.size() - failed) + " of " + rows.size() + " images written to " + dir);
            return failed == 0 ? 0 : 1;
        }
    }

    private static String message(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof ImageGenerationException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return t.toString();
    }

    private static void printTable(PrintStream out, List<Row> rows) {
        String format = "%-3s %-10s %-38s %-10s %-6s %8s  %s%n";
        out.printf(format, "#", "provider", "prompt", "size", "seed", "time", "result");
        for (Row r : rows) {
            String prompt = r.prompt().length() > 38 ? r.prompt().substring(0, 35) + "..." : r.prompt();
            if (r.error() != null) {
                out.printf(format, r.index(), r.provider(), prompt, "-", "-", "-", "FAILED " + r.error());
                continue;
            }
            ImageResult res = r.result();
            out.printf(format, r.index(), r.provider(), prompt, res.image().size(),
                    res.seed().map(String::valueOf).orElse("?"), res.timings().total().toMillis() + " ms",
                    r.file().getFileName() + res.cost().map(c -> " (" + c + ")").orElse(""));
        }
    }

    /** A one-line text progress bar, redrawn in place with a carriage return. Thread-safe. */
    static final class ProgressBar {
        private static final int WIDTH = 30;
        private final PrintStream out;
        private final int total;
        private int done;

        ProgressBar(PrintStream out, int total) {
            this.out = out;
            this.total = total;
            draw();
        }

        synchronized void step() {
            done++;
            draw();
        }

        synchronized void done() {
            out.println();
        }

        private void draw() {
            int filled = total == 0 ? WIDTH : done * WIDTH / total;
            out.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total);
            out.flush();
        }
    }
}
