package dev.imagegen.examples;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.OutputFormat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.imageio.ImageIO;

/**
 * One prompt through every provider, side by side: the four requests run concurrently with
 * {@link ImageClient#generateAsync}, and the images are laid out in one labelled PNG (provider, model, size, time)
 * with {@code java.awt} and {@code javax.imageio}, headless. A provider that fails gets a grey tile naming the error.
 *
 * <p>Run it with no arguments (writes {@code contact-sheet.png} to {@code target/examples-out/contact-sheet/});
 * the first argument, when given, is the output folder.
 */
public final class ContactSheet {

    static final String PROMPT = "a cute panda holding a sign that says \"Keep Calm\"";
    static final int TILE = 320;
    static final int LABEL = 44;
    static final int GAP = 12;

    private ContactSheet() {
    }

    /** Runs the example with the process environment. */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err, System.getenv());
        if (code != 0) {
            System.exit(code);
        }
    }

    /** One tile: the provider's image, or why there is none. */
    private record Tile(String provider, ImageResult result, BufferedImage image, String error) {
    }

    /**
     * Runs the example.
     *
     * @param args optional: the output folder (default {@code target/examples-out/...})
     * @param out  where progress and results go
     * @param err  where errors go
     * @param env  the environment: a provider with {@code <ID>_API_KEY} set is called for real
     * @return 0 when the sheet was written with every provider's image, 1 otherwise
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        List<String> providers = ExampleSession.ALL_PROVIDERS;
        try (ExampleSession session = ExampleSession.open(env, out, providers.toArray(String[]::new))) {
            Path dir = ExampleFiles.outputDir(args, "contact-sheet");
            List<CompletableFuture<Tile>> futures = new ArrayList<>();
            for (String provider : providers) {
                ImageRequest request = ImageRequest.builder()
                        .provider(provider)
                        .model("hidream-i1-fast")
                        .prompt(PROMPT)
                        .size(1024, 1024)
                        .seed(42L)
                        .outputFormat(OutputFormat.PNG)
                        .build();
                futures.add(session.client().generateAsync(request)
                        .thenApplyAsync(result -> new Tile(provider, result, decode(result), null))
                        .exceptionally(failure -> new Tile(provider, null, null, message(failure))));
            }
            List<Tile> tiles = futures.stream().map(CompletableFuture::join).toList();
            for (Tile t : tiles) {
                out.println(t.error() == null
                        ? String.format("%-10s %s %s in %d ms", t.provider(), t.result().model(), t.result().image().size(),
                                t.result().timings().total().toMillis())
                        : String.format("%-10s FAILED %s", t.provider(), t.error()));
            }
            Path target = dir.resolve("contact-sheet.png");
            ImageIO.write(compose(tiles), "png", target.toFile());
            out.println("wrote:    " + target);
            return tiles.stream().allMatch(t -> t.error() == null) ? 0 : 1;
        } catch (ImageGenerationException e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static BufferedImage decode(ImageResult result) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(result.image().bytes()));
            if (img == null) {
                throw new CompletionException(new IOException("javax.imageio cannot read " + result.image().mediaType()));
            }
            return img;
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    private static String message(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return t instanceof ImageGenerationException e ? e.getClass().getSimpleName() + ": " + e.getMessage() : t.toString();
    }

    /** Lays the tiles out in one row, each with a two-line label under it. */
    static BufferedImage compose(List<Tile> tiles) {
        int width = GAP + tiles.size() * (TILE + GAP);
        int height = GAP + TILE + LABEL + GAP;
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            for (int i = 0; i < tiles.size(); i++) {
                Tile t = tiles.get(i);
                int x = GAP + i * (TILE + GAP);
                String line1 = t.provider();
                String line2;
                if (t.image() != null) {
                    BufferedImage img = t.image();
                    double scale = Math.min((double) TILE / img.getWidth(), (double) TILE / img.getHeight());
                    int w = (int) Math.round(img.getWidth() * scale);
                    int h = (int) Math.round(img.getHeight() * scale);
                    g.drawImage(img, x + (TILE - w) / 2, GAP + (TILE - h) / 2, w, h, null);
                    line2 = t.result().model() + "  " + t.result().image().size() + "  "
                            + t.result().timings().total().toMillis() + " ms";
                } else {
                    g.setColor(new Color(0xDDDDDD));
                    g.fillRect(x, GAP, TILE, TILE);
                    line2 = "failed: " + t.error();
                }
                drawLabel(g, x, GAP + TILE, line1, line2);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    private static void drawLabel(Graphics2D g, int x, int y, String line1, String line2) {
        try {
            g.setColor(Color.BLACK);
            g.setFont(ExampleFiles.labelFont(15));
            g.drawString(line1, x + 2, y + 18);
            g.setColor(Color.DARK_GRAY);
            g.setFont(ExampleFiles.labelFont(11).deriveFont(java.awt.Font.PLAIN));
            String text = line2.length() > 52 ? line2.substring(0, 49) + "..." : line2;
            g.drawString(text, x + 2, y + 36);
        } catch (RuntimeException | InternalError noFonts) {
            // A JDK without any font (a bare container) cannot draw text; the images still make a useful sheet.
        }
    }
}
