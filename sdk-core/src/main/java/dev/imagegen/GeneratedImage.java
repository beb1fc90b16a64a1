package dev.imagegen;

import dev.imagegen.internal.LoadedImage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One generated image. Every image of a result has passed the SDK's image check (a PNG, JPEG, WebP, GIF or AVIF whose
 * header gives believable dimensions) and is in memory: a URL the vendor returned was downloaded, without credentials,
 * within the request's deadline. Only when the request said {@code downloadOutputs(false)}, or for a webhook's result,
 * is a URL output downloaded and checked later, once, on first use of whichever method needs the bytes, within the
 * client's {@code downloadTimeout}. Media type and size come from the bytes themselves, never from the vendor's label.
 */
public interface GeneratedImage {

    /**
     * An image from bytes already in memory, e.g. for tests of code that consumes results.
     *
     * @param bytes an image's bytes (PNG, JPEG, WebP, GIF or AVIF); copied
     * @return a loaded image over the copy; the bytes are not checked here (see {@link #size()})
     */
    static GeneratedImage of(byte[] bytes) {
        return LoadedImage.of(bytes.clone());
    }

    /**
     * The image bytes (for an output not yet downloaded, after downloading and checking them). The array is the SDK's
     * own, shared by every call: do not change it (copy it if you must).
     *
     * @return the image bytes, not copied
     * @throws ImageGenerationException when a deferred download fails or does not hold an image
     */
    byte[] bytes();

    /**
     * The bytes as a stream (downloads first for a URL output).
     *
     * @return a new stream over the bytes, each call from the start
     */
    InputStream openStream();

    /**
     * The URL the vendor returned, for URL outputs. Vendors expire these (Segmind 7 days, Lumenfall 60 minutes).
     *
     * @return the vendor's URL, or empty when the vendor sent the bytes inline
     */
    Optional<String> url();

    /**
     * Whether the bytes are in memory: always, except for a deferred URL output not yet used.
     *
     * @return true if {@link #bytes()} needs no download
     */
    boolean isLoaded();

    /**
     * The media type sniffed from the bytes ({@code image/png}, {@code image/jpeg}, {@code image/webp}, ...).
     *
     * @return the media type, from the bytes; {@code application/octet-stream} only for an unrecognised image made with
     *         {@link #of(byte[])}
     */
    String mediaType();

    /**
     * Width and height from the image header.
     *
     * @return the image's dimensions in pixels
     * @throws InvalidResponseException if the header holds no dimensions (only possible for {@link #of(byte[])})
     */
    ImageSize size();

    /**
     * Width in pixels, from the image header.
     *
     * @return the width in pixels, at least 1
     */
    default int width() {
        return size().width();
    }

    /**
     * Height in pixels, from the image header.
     *
     * @return the height in pixels, at least 1
     */
    default int height() {
        return size().height();
    }

    /**
     * The vendor's NSFW flag, when it reports one.
     *
     * @return true if flagged NSFW, false if checked and not flagged; empty when the vendor does not say
     */
    Optional<Boolean> nsfw();

    /**
     * The prompt as the vendor rewrote it, when it did.
     *
     * @return the rewritten prompt, or empty when the vendor did not rewrite it or does not say
     */
    Optional<String> revisedPrompt();

    /**
     * Writes the image to a file, replacing it atomically. An output not yet downloaded is downloaded and checked
     * first (and kept, so nothing fetches it again): a file is never written with bytes that are not an image.
     *
     * @param path the file to write; missing parent directories are created
     * @throws IOException if the file cannot be written
     */
    void writeTo(Path path) throws IOException;
}
