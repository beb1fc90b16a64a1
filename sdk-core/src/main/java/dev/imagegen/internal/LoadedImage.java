package dev.imagegen.internal;

import dev.imagegen.GeneratedImage;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.ImageSize;
import dev.imagegen.InvalidResponseException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** A generated image whose bytes are in memory, and the base of {@link LazyImage}. */
public class LoadedImage implements GeneratedImage {

    private final String url;
    private final Boolean nsfw;
    private final String revisedPrompt;
    private volatile byte[] bytes;

    protected LoadedImage(byte[] bytes, String url, Boolean nsfw, String revisedPrompt) {
        this.bytes = bytes;
        this.url = url;
        this.nsfw = nsfw;
        this.revisedPrompt = revisedPrompt;
    }

    /** An image from bytes (taken, not copied). */
    public static LoadedImage of(byte[] bytes) {
        return new LoadedImage(Objects.requireNonNull(bytes, "bytes"), null, null, null);
    }

    /** An image from bytes with the vendor's flags, and the URL they were downloaded from (null for none). */
    public static LoadedImage of(byte[] bytes, String url, Boolean nsfw, String revisedPrompt) {
        return new LoadedImage(Objects.requireNonNull(bytes, "bytes"), url, nsfw, revisedPrompt);
    }

    /** Loads the bytes (a no-op here; {@link LazyImage} downloads). */
    protected byte[] load() {
        return bytes;
    }

    protected final void setBytes(byte[] b) {
        this.bytes = b;
    }

    @Override
    public byte[] bytes() {
        byte[] b = bytes;
        return b != null ? b : load();
    }

    @Override
    public InputStream openStream() {
        return new ByteArrayInputStream(bytes());
    }

    @Override
    public Optional<String> url() {
        return Optional.ofNullable(url);
    }

    @Override
    public boolean isLoaded() {
        return bytes != null;
    }

    @Override
    public String mediaType() {
        byte[] b = bytes();
        return MediaTypes.sniff(b, b.length).orElse("application/octet-stream");
    }

    @Override
    public ImageSize size() {
        return MediaTypes.dimensions(bytes()).orElseThrow(() -> new InvalidResponseException(
                Details.of("cannot read the image dimensions: not a complete PNG, JPEG, WebP, GIF or AVIF header"), null));
    }

    @Override
    public Optional<Boolean> nsfw() {
        return Optional.ofNullable(nsfw);
    }

    @Override
    public Optional<String> revisedPrompt() {
        return Optional.ofNullable(revisedPrompt);
    }

    @Override
    public void writeTo(Path path) throws IOException {
        Path tmp = tempBeside(path);
        try {
            Files.write(tmp, bytes());
            move(tmp, path);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A temporary file in the target's directory, so the final move is atomic. */
    protected static Path tempBeside(Path path) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        // not Files.createTempFile: it makes the file owner-only (0600), and the final file keeps the permissions of
        // the temporary one; a plain create follows the user's umask like any file the program writes
        Path tmp = (dir != null ? dir : Path.of("")).resolve(".imagegen-" + java.util.UUID.randomUUID() + ".part");
        return Files.createFile(tmp);
    }

    protected static void move(Path tmp, Path path) throws IOException {
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LoadedImage other)) {
            return false;
        }
        if (url != null || other.url != null) {
            return Objects.equals(url, other.url);
        }
        return Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return url != null ? url.hashCode() : Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        byte[] b = bytes;
        if (b == null) {
            return "GeneratedImage{url=" + url + ", not loaded}";
        }
        return "GeneratedImage{" + MediaTypes.sniff(b, b.length).orElse("unknown type") + ", " + b.length + " bytes"
                + (url == null ? "" : ", url=" + url) + "}";
    }
}
