package dev.imagegen.examples;

import dev.imagegen.GeneratedImage;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InputImage;
import dev.imagegen.OutputFormat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Edits part of an image with Lumenfall ({@code hidream-i1-full}, its model with an edit mode; OpenAI-style
 * {@code /images/edits}): an input image plus a mask whose fully transparent pixels mark where the model may paint.
 * Both are drawn by this program, so it needs no files.
 *
 * <p>Run it with no arguments (writes {@code source.png}, {@code mask.png} and {@code edited.png} to
 * {@code target/examples-out/edit-image/}); the first argument, when given, is the output folder.
 */
public final class EditImage {

    private EditImage() {
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
     * @return 0 when the edited image was written, 1 otherwise
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        try (ExampleSession session = ExampleSession.open(env, out, "lumenfall")) {
            Path dir = ExampleFiles.outputDir(args, "edit-image");
            byte[] source = ExampleFiles.drawScene(1024, 1024);
            byte[] mask = ExampleFiles.drawSkyMask(1024, 1024);
            Files.write(dir.resolve("source.png"), source);
            Files.write(dir.resolve("mask.png"), mask);
            out.println("source:   " + dir.resolve("source.png") + ", mask: " + dir.resolve("mask.png"));

            ImageResult result = session.client().generate(ImageRequest.builder()
                    .provider("lumenfall")
                    .model("hidream-i1-full")
                    .prompt("a bright rainbow arching across the sky")
                    .inputImage(InputImage.of(source, "image/png", "source.png"))
                    .mask(InputImage.of(mask, "image/png", "mask.png"))
                    .size(1024, 1024)
                    .outputFormat(OutputFormat.PNG)
                    .build());

            GeneratedImage image = result.image();
            Path target = dir.resolve("edited.png");
            image.writeTo(target);
            out.println("provider: " + result.provider() + ", model " + result.model()
                    + result.requestId().map(id -> ", request " + id).orElse(""));
            out.println("size:     " + image.size() + " (" + image.mediaType() + ")");
            out.println("cost:     " + result.cost().map(Object::toString).orElse("unknown"));
            out.println("wrote:    " + target);
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
