package dev.imagegen.internal;

import dev.imagegen.internal.http.Target;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An image at a URL: downloaded on first use through the client's {@link Downloads} (credential-free, retried like
 * any GET, capped, https only), then kept.
 */
public final class LazyImage extends LoadedImage {

    private final String url;
    private final Target target;
    private final Downloads downloads;
    /** The generating request's operation id, so the download's events belong to it; 0 for none. */
    private final long operationId;

    /** An image at {@code url}, fetched through {@code downloads} for {@code target}'s provider. */
    public LazyImage(String url, Boolean nsfw, String revisedPrompt, Target target, Downloads downloads, long operationId) {
        super(null, url, nsfw, revisedPrompt);
        this.url = url;
        this.target = target;
        this.downloads = downloads;
        this.operationId = operationId;
    }

    @Override
    protected synchronized byte[] load() {
        if (isLoaded()) {
            return super.bytes();
        }
        byte[] data = downloads.fetch(target, url, operationId, r -> r.bodyBytes(), b -> b.length);
        setBytes(data);
        return data;
    }

    @Override
    public void writeTo(Path path) throws IOException {
        if (isLoaded()) {
            super.writeTo(path);
            return;
        }
        Path tmp = tempBeside(path);
        try {
            downloads.fetch(target, url, operationId, r -> {
                try (InputStream in = r.bodyStream(); OutputStream out = Files.newOutputStream(tmp)) {
                    return in.transferTo(out);
                }
            }, n -> n);
            move(tmp, path);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
