package dev.imagegen;

import dev.imagegen.internal.LoadedImage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One generated image. Its bytes may be here already (a raw or base64 answer) or at a URL the vendor returned; then
 * they are downloaded on first use, without credentials, and kept. Media type and size come from the bytes
 * themselves (magic number and header), never from the vendor's label.
 */
public interface GeneratedImage {

    /** An image from bytes already in memory, e.g. for tests of code that consumes results. */
    static GeneratedImage of(byte[] bytes) {
        return LoadedImage.of(bytes.clone());
    }

    /**
     * The image bytes, downloading them first for a URL output. The array is the SDK's own, shared by every call:
     * do not change it (copy it if you must).
     *
     * @throws ImageGenerationException when the download fails
     */
    byte[] bytes();

    /** The bytes as a stream (downloads first for a URL output). */
    InputStream openStream();

    /** The URL the vendor returned, for URL outputs. Vendors expire these (Segmind 7 days, Lumenfall 60 minutes). */
    Optional<String> url();

    /** Whether the bytes are in memory (false for a URL output not yet used). */
    boolean isLoaded();

    /** The media type sniffed from the bytes ({@code image/png}, {@code image/jpeg}, {@code image/webp}, ...). */
    String mediaType();

    /** Width and height from the image header. */
    ImageSize size();

    /** Width in pixels, from the image header. */
    default int width() {
        return size().width();
    }

    /** Height in pixels, from the image header. */
    default int height() {
        return size().height();
    }

    /** The vendor's NSFW flag, when it reports one. */
    Optional<Boolean> nsfw();

    /** The prompt as the vendor rewrote it, when it did. */
    Optional<String> revisedPrompt();

    /**
     * Writes the image to a file, replacing it. A URL output not yet loaded is streamed from the network to the file
     * and not kept in memory.
     */
    void writeTo(Path path) throws IOException;
}
