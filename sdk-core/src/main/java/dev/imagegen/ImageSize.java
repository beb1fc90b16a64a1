package dev.imagegen;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A width and height in pixels, as requested or as read from a generated image.
 *
 * @param width  pixels, at least 1
 * @param height pixels, at least 1
 */
public record ImageSize(int width, int height) {

    /** What a side may be, for error messages. */
    private static final List<String> SIDES = List.of("width >= 1", "height >= 1");

    /**
     * Checks both sides are positive.
     *
     * @param width  pixels, at least 1
     * @param height pixels, at least 1
     * @throws InvalidRequestException naming the field {@code size}, before any network call
     */
    public ImageSize {
        if (width < 1 || height < 1) {
            throw InvalidRequestException.forField(null, "size", "width and height must be at least 1, got "
                    + width + "x" + height, SIDES);
        }
    }

    /**
     * Shorthand for {@code new ImageSize(width, height)}.
     *
     * @param width  pixels, at least 1
     * @param height pixels, at least 1
     * @return the size
     * @throws InvalidRequestException naming the field {@code size} when a side is below 1
     */
    public static ImageSize of(int width, int height) {
        return new ImageSize(width, height);
    }

    /**
     * Parses {@code "1024x1024"}; also accepts {@code "1024*1024"}, {@code "1024×1024"} and spaces around the separator.
     *
     * @param text width and height in pixels separated by {@code x}, {@code *} or {@code ×}, e.g. {@code "1024x768"}
     * @return the size
     * @throws InvalidRequestException naming the field {@code size} and the accepted form
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
        int width;
        int height;
        try {
            if (sep <= 0) {
                throw new NumberFormatException("no separator");
            }
            width = Integer.parseInt(t.substring(0, sep).trim());
            height = Integer.parseInt(t.substring(sep + 1).trim());
        } catch (NumberFormatException e) {
            throw InvalidRequestException.forField(null, "size", "expected WIDTHxHEIGHT, got '" + text + "'",
                    List.of("WIDTHxHEIGHT such as 1024x1024 (also 1024*1024 or 1024\u00d71024)"));
        }
        return new ImageSize(width, height);
    }

    /**
     * Width times height.
     *
     * @return the number of pixels
     */
    public long pixels() {
        return (long) width * height;
    }

    /**
     * Width divided by height.
     *
     * @return the aspect ratio as a number, e.g. 1.0 for a square
     */
    public double ratio() {
        return (double) width / height;
    }

    // equals and hashCode are written out: the record's generated ones link through invokedynamic on first use (the
    // ObjectMethods bootstrap, several milliseconds in a fresh JVM), and catalogs key sizes while a client starts

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageSize s && width == s.width && height == s.height;
    }

    @Override
    public int hashCode() {
        return 31 * width + height;
    }

    /** {@code "1024x1024"}. */
    @Override
    public String toString() {
        return width + "x" + height;
    }
}
