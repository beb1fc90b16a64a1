package dev.imagegen.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * Where the examples write, and the input images they draw themselves (so they need no files to run).
 * Drawing uses {@code java.awt} off screen; it works on a headless machine.
 */
final class ExampleFiles {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ExampleFiles() {
    }

    /**
     * The folder an example writes to: the first argument when given, else {@code target/examples-out/<name>}.
     * Created if missing.
     */
    static Path outputDir(String[] args, String exampleName) throws IOException {
        Path dir = args.length > 0 && !args[0].isBlank() ? Path.of(args[0])
                : Path.of("target", "examples-out", exampleName);
        return Files.createDirectories(dir);
    }

    /** A simple scene to start image-to-image and edits from: sky, sun, hills and a house. PNG bytes. */
    static byte[] drawScene(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, new Color(0x87CEEB), 0, height, new Color(0xFFF3D6)));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(0xFFC83D));
            g.fillOval(width * 7 / 10, height / 10, width / 6, width / 6);
            g.setColor(new Color(0x4C9A2A));
            g.fillOval(-width / 4, height * 6 / 10, width, height);
            g.setColor(new Color(0x3B7D23));
            g.fillOval(width / 3, height * 2 / 3, width, height);
            int hx = width * 3 / 10;
            int hy = height / 2;
            int hw = width / 4;
            g.setColor(new Color(0xC0504D));
            g.fillRect(hx, hy, hw, hw * 3 / 4);
            g.setColor(new Color(0x6B3A2A));
            g.fillPolygon(new int[] {hx - hw / 10, hx + hw / 2, hx + hw + hw / 10}, new int[] {hy, hy - hw / 2, hy}, 3);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(Math.max(2, width / 200f)));
            g.drawRect(hx + hw / 3, hy + hw / 4, hw / 3, hw / 2);
        } finally {
            g.dispose();
        }
        return png(img);
    }

    /**
     * An edit mask in the OpenAI convention: fully transparent where the image may change (a rectangle over the
     * sky on the left), opaque elsewhere. PNG bytes with an alpha channel.
     */
    static byte[] drawSkyMask(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, width, height);
            g.setComposite(java.awt.AlphaComposite.Clear);
            g.fillRect(width / 20, height / 20, width / 2, height * 2 / 5);
        } finally {
            g.dispose();
        }
        return png(img);
    }

    /** Encodes an image as PNG. */
    static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A label font that exists on every JDK (logical font). */
    static Font labelFont(int size) {
        return new Font(Font.SANS_SERIF, Font.BOLD, size);
    }
}
