package dev.imagegen;

import java.util.Objects;

/**
 * A requested aspect ratio such as 16:9. Kept as written (16:9 is not reduced or compared with 32:18), because vendors
 * take the ratio as an enumerated string.
 *
 * @param width  the left number, at least 1
 * @param height the right number, at least 1
 */
public record AspectRatio(int width, int height) {

    /**
     * Checks both numbers are positive.
     *
     * @param width  the left number, at least 1
     * @param height the right number, at least 1
     * @throws IllegalArgumentException if a number is below 1
     */
    public AspectRatio {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("aspectRatio: both sides must be >= 1, got " + width + ":" + height);
        }
    }

    /**
     * Shorthand for {@code new AspectRatio(width, height)}.
     *
     * @param width  the left number, at least 1
     * @param height the right number, at least 1
     * @return the ratio, as written
     * @throws IllegalArgumentException if a number is below 1
     */
    public static AspectRatio of(int width, int height) {
        return new AspectRatio(width, height);
    }

    /**
     * Parses {@code "16:9"}.
     *
     * @param text two positive integers separated by a colon, e.g. {@code "16:9"}; spaces around them are allowed
     * @return the ratio, not reduced
     * @throws IllegalArgumentException naming the accepted form
     */
    public static AspectRatio parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("aspectRatio: expected W:H such as 16:9, got '" + text + "'");
        }
        try {
            return new AspectRatio(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("aspectRatio: expected W:H such as 16:9, got '" + text + "'", e);
        }
    }

    /**
     * Width divided by height.
     *
     * @return the ratio as a number, e.g. about 1.78 for 16:9
     */
    public double ratio() {
        return (double) width / height;
    }

    // equals and hashCode are written out: the record's generated ones link through invokedynamic on first use (the
    // ObjectMethods bootstrap, several milliseconds in a fresh JVM), and catalogs key ratios while a client starts

    @Override
    public boolean equals(Object o) {
        return o instanceof AspectRatio r && width == r.width && height == r.height;
    }

    @Override
    public int hashCode() {
        return 31 * width + height;
    }

    /** {@code "16:9"}. */
    @Override
    public String toString() {
        return width + ":" + height;
    }
}
