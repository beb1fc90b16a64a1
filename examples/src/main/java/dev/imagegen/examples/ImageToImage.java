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
 * Image-to-image with LumozAI's {@code flux-cute-3d-kawaii} (FLUX.1-dev with a "Cute 3D Kawaii" LoRA): a source
 * picture, drawn by this program, is turned into a kawaii 3D render. {@code strength} says how far the result may move
 * away from the source (0 keeps it, 1 ignores it); {@code loraScale} how strongly the model's built-in LoRA style
 * applies. The model takes an aspect ratio plus a pixel budget instead of a size: 1:1 at 0.25 megapixels is 512x512.
 *
 * <p>Run it with no arguments (writes {@code source.png} and {@code kawaii.png} to
 * {@code target/examples-out/image-to-image/}); the first argument, when given, is the output folder.
 */
public final class ImageToImage {

    private ImageToImage() {
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
     * @return 0 when the image was written, 1 otherwise
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        try (ExampleSession session = ExampleSession.open(env, out, "lumoz")) {
            Path dir = ExampleFiles.outputDir(args, "image-to-image");
            byte[] source = ExampleFiles.drawScene(1024, 1024);
            Path sourceFile = Files.write(dir.resolve("source.png"), source);
            out.println("source:   " + sourceFile);

            ImageResult result = session.client().generate(ImageRequest.builder()
                    .provider("lumoz")
                    .model("flux-cute-3d-kawaii")
                    .prompt("Cute 3d Kawaii house on a green hill under a smiling sun, soft pastel colors")
                    .inputImage(InputImage.of(source))
                    .strength(0.65)      // keep the layout, change the style
                    .loraScale(0.9)      // the model's own kawaii LoRA, a little below full strength
                    .aspectRatio("1:1")
                    .megapixels(0.25)
                    .seed(7L)
                    .outputFormat(OutputFormat.PNG)
                    .build());

            GeneratedImage image = result.image();
            Path target = dir.resolve("kawaii.png");
            image.writeTo(target);
            out.println("provider: " + result.provider() + ", model " + result.model());
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
