package dev.imagegen.internal;

import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.internal.http.Target;

import java.util.concurrent.locks.ReentrantLock;

/**
 * An image at a URL that was not downloaded with its request (the caller chose {@code downloadOutputs(false)}, or it
 * came in a webhook): downloaded on first use through the client's {@link Downloads} (credential-free, retried like
 * any GET, capped, https only, checked as an image, bounded by {@code downloadTimeout}), once, then kept, whichever
 * of {@code bytes()}, {@code writeTo()}, {@code size()} or {@code mediaType()} comes first.
 */
public final class LazyImage extends LoadedImage {

    private final String url;
    private final Target target;
    private final Downloads downloads;
    /** The generating request's operation id, so the download's events belong to it; 0 for none. */
    private final long operationId;
    /**
     * Held by the one caller downloading; the others wait for it. A lock, not a monitor: a virtual thread blocked in
     * a {@code synchronized} method pins its carrier thread (before JDK 24) for the whole download, and a waiting
     * caller can be interrupted here.
     */
    private final ReentrantLock loading = new ReentrantLock();

    /** An image at {@code url}, fetched through {@code downloads} for {@code target}'s provider. */
    public LazyImage(String url, Boolean nsfw, String revisedPrompt, Target target, Downloads downloads, long operationId) {
        super(null, url, nsfw, revisedPrompt);
        this.url = url;
        this.target = target;
        this.downloads = downloads;
        this.operationId = operationId;
    }

    /**
     * Downloads the image, unless a concurrent caller already did. {@code writeTo} comes through here too: the file
     * gets checked image bytes, and a later {@code bytes()} or {@code size()} does not fetch the URL again. The one
     * copy in memory is the one {@code bytes()} returns. A failed download is not kept: the next caller tries again.
     * An interrupt while waiting for another caller's download ends the wait (the download goes on for that caller).
     */
    @Override
    protected byte[] load() {
        try {
            loading.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageGenerationException(Details.of("interrupted while another caller downloaded the image")
                    .withProvider(target.providerId()), false, e);
        }
        try {
            if (isLoaded()) {
                return super.bytes();
            }
            byte[] data = downloads.fetchDeferred(target, url, operationId);
            setBytes(data);
            return data;
        } finally {
            loading.unlock();
        }
    }
}
