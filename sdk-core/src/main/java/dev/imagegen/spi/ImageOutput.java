package dev.imagegen.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One image as a vendor returned it: its bytes (raw, or already decoded from base64), or a URL (http(s), or a
 * {@code data:} URL) the core downloads without credentials. Either way the core checks it is an image before it
 * becomes part of a result.
 */
public final class ImageOutput {

    private final byte @Nullable [] bytes;
    private final @Nullable String url;
    private final @Nullable String mediaType;
    private final @Nullable Boolean nsfw;
    private final @Nullable String revisedPrompt;

    private ImageOutput(byte @Nullable [] bytes, @Nullable String url, @Nullable String mediaType,
                        @Nullable Boolean nsfw, @Nullable String revisedPrompt) {
        this.bytes = bytes;
        this.url = url;
        this.mediaType = mediaType;
        this.nsfw = nsfw;
        this.revisedPrompt = revisedPrompt;
    }

    /**
     * An image whose bytes are here. The array is taken as is (not copied): do not change it afterwards.
     *
     * @param bytes             the image bytes as the vendor sent them (not base64)
     * @param declaredMediaType the media type the vendor declared, e.g. {@code image/png}; null when none
     * @return an output holding the bytes
     */
    public static ImageOutput ofBytes(byte[] bytes, @Nullable String declaredMediaType) {
        return new ImageOutput(Objects.requireNonNull(bytes, "bytes"), null, declaredMediaType, null, null);
    }

    /**
     * An image at a URL.
     *
     * @param url an absolute http(s) URL or a {@code data:} URL; the core downloads it without credentials
     * @return an output the core downloads before checking it
     */
    public static ImageOutput ofUrl(String url) {
        return new ImageOutput(null, Objects.requireNonNull(url, "url"), null, null, null);
    }

    /**
     * A copy of a URL output holding the bytes downloaded from it (the URL stays known). Taken as is, not copied.
     *
     * @param downloaded the bytes read from {@link #url()}
     * @return a copy with the bytes set and every other field kept
     */
    public ImageOutput withBytes(byte[] downloaded) {
        return new ImageOutput(Objects.requireNonNull(downloaded, "downloaded"), url, mediaType, nsfw, revisedPrompt);
    }

    /**
     * A copy with the vendor's NSFW flag.
     *
     * @param flag true if the vendor flagged the image as NSFW, false if it checked and did not; null if it did not say
     * @return a copy with the flag set
     */
    public ImageOutput withNsfw(@Nullable Boolean flag) {
        return new ImageOutput(bytes, url, mediaType, flag, revisedPrompt);
    }

    /**
     * A copy with the prompt as the vendor rewrote it.
     *
     * @param prompt the rewritten prompt, or null if the vendor did not rewrite it or did not say
     * @return a copy with the revised prompt set
     */
    public ImageOutput withRevisedPrompt(@Nullable String prompt) {
        return new ImageOutput(bytes, url, mediaType, nsfw, prompt);
    }

    /**
     * The bytes, or null for a URL output not downloaded. Not copied.
     *
     * @return the image bytes, or null for a URL output not downloaded yet
     */
    public byte @Nullable [] bytes() {
        return bytes;
    }

    /**
     * The URL the image was or is to be downloaded from, or null for bytes the vendor sent.
     *
     * @return the absolute or {@code data:} URL, or null when the vendor sent the bytes inline
     */
    public @Nullable String url() {
        return url;
    }

    /**
     * The media type the vendor declared (a Content-Type header), or null; the core sniffs the bytes anyway.
     *
     * @return the declared media type, or null when the vendor declared none
     */
    public @Nullable String declaredMediaType() {
        return mediaType;
    }

    /**
     * The vendor's NSFW flag, or null.
     *
     * @return true if flagged NSFW, false if checked and not flagged, null if the vendor did not say
     */
    public @Nullable Boolean nsfw() {
        return nsfw;
    }

    /**
     * The vendor's revised prompt, or null.
     *
     * @return the prompt as rewritten by the vendor, or null if not rewritten or not reported
     */
    public @Nullable String revisedPrompt() {
        return revisedPrompt;
    }

    @Override
    public String toString() {
        return "ImageOutput{" + (bytes != null ? bytes.length + " bytes" : "") + (bytes != null && url != null ? ", " : "")
                + (url != null ? "url=" + url : "") + "}";
    }
}
