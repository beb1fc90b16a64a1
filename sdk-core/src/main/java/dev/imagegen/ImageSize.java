package dev.imagegen;

import java.util.Locale;
import java.util.Objects;

/**
 * A width and height in pixels, as requested or as read from a generated image.
 *
 * @param width  pixels, at least 1
 * @param height pixels, at least 1
 */
public record ImageSize(int width, int height) {

    /** Checks both sides are positive. */
    public ImageSize {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("size: width and height must be >= 1, got " + width + "x" + height);
        }
    }

    /** Shorthand for {@code new ImageSize(width, height)}. */
    public static ImageSize of(int width, int height) {
        return new ImageSize(width, height);
    }

    /**
     * Parses {@code "1024x1024"}; also accepts {@code "1024*1024"}, {@code "1024×1024"} and spaces around the separator.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static ImageSize parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.trim().toLowerCase(Locale.ROOT);
        int sep = -1;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == 'x' || c == '*' || c == '\u00d7') {
                sep = i;
                break;
            }
        }
        if (sep <= 0) {
            throw new IllegalArgumentException("size: expected WIDTHxHEIGHT such as 1024x1024, got '" + text + "'");
        }
        try {
            return new ImageSize(Integer.parseInt(t.substring(0, sep).trim()), Integer.parseInt(t.substring(sep + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size: expected WIDTHxHEIGHT such as 1024x1024, got '" + text + "'", e);
        }
    }

    /** Width times height. */
    public long pixels() {
        return (long) width * height;
    }

    /** Width divided by height. */
    public double ratio() {
        return (double) width / height;
    }

    /** {@code "1024x1024"}. */
    @Override
    public String toString() {
        return width + "x" + height;
    }
}
