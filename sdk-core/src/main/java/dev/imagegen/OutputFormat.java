package dev.imagegen;

import java.util.Locale;
import java.util.Objects;

/**
 * An image file format. The constants cover what the supported vendors offer; {@link #of(String)} accepts any other
 * name, so a format a vendor adds later round-trips without an SDK release.
 *
 * @param name lower-case canonical name, e.g. {@code "png"}
 */
public record OutputFormat(String name) {

    /** PNG, lossless. */
    public static final OutputFormat PNG = new OutputFormat("png");
    /** JPEG; vendors spell it {@code jpg} or {@code jpeg}, providers translate. */
    public static final OutputFormat JPEG = new OutputFormat("jpeg");
    /** WebP. */
    public static final OutputFormat WEBP = new OutputFormat("webp");
    /** GIF. */
    public static final OutputFormat GIF = new OutputFormat("gif");
    /** AVIF. */
    public static final OutputFormat AVIF = new OutputFormat("avif");

    /**
     * Normalises the name to lower case; {@code jpg} becomes {@code jpeg}.
     *
     * @param name the format's name in any case, e.g. {@code "PNG"} or {@code "jpg"}; not blank
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public OutputFormat {
        Objects.requireNonNull(name, "name");
        name = name.trim().toLowerCase(Locale.ROOT);
        if (name.equals("jpg")) {
            name = "jpeg";
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("outputFormat: name must not be blank");
        }
    }

    /**
     * The format with that name; {@code "jpg"} and {@code "JPEG"} both give {@link #JPEG}.
     *
     * @param name the format's name in any case; {@code jpg} means JPEG
     * @return the format, equal to the constant of the same name if there is one
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static OutputFormat of(String name) {
        return new OutputFormat(name);
    }

    /**
     * The IANA media type, e.g. {@code image/png}.
     *
     * @return {@code image/} followed by the name
     */
    public String mediaType() {
        return "image/" + name;
    }

    // equals and hashCode are written out: the record's generated ones link through invokedynamic on first use (the
    // ObjectMethods bootstrap, several milliseconds in a fresh JVM), and catalogs compare formats while a client starts

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputFormat f && name.equals(f.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
