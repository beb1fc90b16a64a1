package dev.imagegen.internal;

import dev.imagegen.ImageEventListener;
import dev.imagegen.internal.http.HttpTransport;
import dev.imagegen.internal.http.OpContext;
import dev.imagegen.internal.http.Target;
import dev.imagegen.spi.ProviderErrors;
import dev.imagegen.spi.WireRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * An image at a URL: downloaded on first use through the transport's credential-free client (retried like any GET,
 * capped, https only), then kept.
 */
public final class LazyImage extends LoadedImage {

    private final String url;
    private final Target target;
    private final HttpTransport transport;
    private final Duration timeout;
    /** The generating request's operation id, so the download's events belong to it; 0 for none. */
    private final long operationId;

    /** An image at {@code url}, fetched with {@code transport} for {@code target}'s provider within {@code timeout}. */
    public LazyImage(String url, Boolean nsfw, String revisedPrompt, Target target, HttpTransport transport, Duration timeout,
                     long operationId) {
        super(null, url, nsfw, revisedPrompt);
        this.url = url;
        this.target = target;
        this.transport = transport;
        this.timeout = timeout;
        this.operationId = operationId;
    }

    @Override
    protected synchronized byte[] load() {
        if (isLoaded()) {
            return super.bytes();
        }
        OpContext op = newOp();
        long start = System.nanoTime();
        byte[] data = transport.fetch(target, request(), op, r -> ProviderErrors.fromStatus(target.providerId(), r, null,
                ProviderErrors.excerpt(safeText(r)), null), r -> r.bodyBytes());
        announce(op, data.length, start);
        setBytes(data);
        return data;
    }

    @Override
    public InputStream openStream() {
        return super.openStream();
    }

    @Override
    public void writeTo(Path path) throws IOException {
        if (isLoaded()) {
            super.writeTo(path);
            return;
        }
        Path tmp = tempBeside(path);
        try {
            OpContext op = newOp();
            long start = System.nanoTime();
            long n = transport.fetch(target, request(), op, r -> ProviderErrors.fromStatus(target.providerId(), r, null,
                    ProviderErrors.excerpt(safeText(r)), null), r -> {
                try (InputStream in = r.bodyStream(); OutputStream out = Files.newOutputStream(tmp)) {
                    return in.transferTo(out);
                }
            });
            announce(op, n, start);
            move(tmp, path);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private OpContext newOp() {
        java.time.Clock clock = transport.settings().clock();
        Instant deadline = Instant.ofEpochMilli(clock.millis()).plus(timeout);
        return operationId != 0 ? new OpContext(target.providerId(), deadline, clock, operationId)
                : new OpContext(target.providerId(), deadline, clock);
    }

    private WireRequest request() {
        return WireRequest.get(url).operation("download").build();
    }

    private void announce(OpContext op, long bytes, long start) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        String host = okhttp3.HttpUrl.parse(url) == null ? "" : okhttp3.HttpUrl.parse(url).host();
        Listeners.safely(transport.settings().listener(), l -> l.download(new ImageEventListener.Download(op.id(),
                target.providerId(), host, bytes, elapsed)));
    }

    private static String safeText(dev.imagegen.spi.WireResponse r) {
        try {
            return r.bodyText();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
