package dev.imagegen;

import dev.imagegen.internal.MediaTypes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An image sent to the vendor: the source of an image-to-image request, an image to edit, or an edit mask.
 * Holds its bytes; {@link #toString()} shows only their size.
 */
public final class InputImage {

    private final byte[] bytes;
    private final String mediaType;
    private final String fileName;

    private InputImage(byte[] bytes, String mediaType, String fileName) {
        this.bytes = bytes;
        this.mediaType = mediaType;
        this.fileName = fileName;
    }

    /**
     * An image from bytes; the media type is sniffed from them (PNG, JPEG, WebP, GIF, AVIF).
     *
     * @param bytes the image's bytes; copied
     * @return the image, named {@code image.<ext>}; an unrecognised format is sent as {@code application/octet-stream}
     */
    public static InputImage of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        String type = MediaTypes.sniff(bytes, bytes.length).orElse("application/octet-stream");
        return new InputImage(bytes.clone(), type, "image" + MediaTypes.extension(type));
    }

    /**
     * An image from bytes with the given media type and file name (as sent in multipart bodies).
     *
     * @param bytes     the image's bytes; copied
     * @param mediaType the media type to declare, e.g. {@code image/png}; not checked against the bytes
     * @param fileName  the file name sent in multipart bodies, e.g. {@code photo.png}
     * @return the image
     */
    public static InputImage of(byte[] bytes, String mediaType, String fileName) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(fileName, "fileName");
        return new InputImage(bytes.clone(), mediaType, fileName);
    }

    /**
     * Reads a file; the media type is sniffed from its bytes.
     *
     * @param path the file to read, whole, now
     * @return the image, named after the file
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static InputImage fromPath(Path path) {
        try {
            byte[] data = Files.readAllBytes(path);
            String type = MediaTypes.sniff(data, data.length).orElse("application/octet-stream");
            Path name = path.getFileName();
            return new InputImage(data, type, name == null ? "image" + MediaTypes.extension(type) : name.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("inputImage: cannot read " + path, e);
        }
    }

    /**
     * A copy of the bytes.
     *
     * @return a new copy of the bytes on each call
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * How many bytes.
     *
     * @return the size in bytes
     */
    public int length() {
        return bytes.length;
    }

    /**
     * The media type, e.g. {@code image/png}.
     *
     * @return the media type, sniffed or as given
     */
    public String mediaType() {
        return mediaType;
    }

    /**
     * The file name sent with multipart bodies.
     *
     * @return the file name, e.g. {@code image.png}
     */
    public String fileName() {
        return fileName;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof InputImage i && Arrays.equals(bytes, i.bytes) && mediaType.equals(i.mediaType)
                && fileName.equals(i.fileName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(bytes), mediaType, fileName);
    }

    @Override
    public String toString() {
        return "InputImage{" + fileName + ", " + mediaType + ", " + bytes.length + " bytes}";
    }
}
