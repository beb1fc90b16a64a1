package dev.imagegen.internal;

import dev.imagegen.ImageEventListener;
import dev.imagegen.internal.http.Exchange;
import dev.imagegen.internal.http.HttpPipeline;
import dev.imagegen.internal.http.Target;
import dev.imagegen.internal.op.ClientLifecycle;
import dev.imagegen.internal.op.Futures;
import dev.imagegen.internal.op.OperationFuture;
import dev.imagegen.spi.ProviderErrors;
import dev.imagegen.spi.WireRequest;
import dev.imagegen.spi.WireResponse;

import java.time.Duration;

/**
 * The one download path for output URLs: each download is an operation of its own (its own deadline, stopped by
 * {@code close()}) and an exchange through the one pipeline, as a download (no credentials, https only, each redirect
 * hop checked), retried like any GET. The caller's thread waits on it like every blocking call.
 */
public final class Downloads {

    private final HttpPipeline pipeline;
    private final ClientLifecycle lifecycle;
    private final ImageEventListener listener;
    private final Duration timeout;

    public Downloads(HttpPipeline pipeline, ClientLifecycle lifecycle, ImageEventListener listener, Duration timeout) {
        this.pipeline = pipeline;
        this.lifecycle = lifecycle;
        this.listener = listener;
        this.timeout = timeout;
    }

    /** Fetches {@code url} for {@code target}'s provider and hands the 2xx answer to {@code body}. */
    <T> T fetch(Target target, String url, long eventId, Exchange.Handler<T> body, java.util.function.ToLongFunction<T> size) {
        OperationFuture<T> f = lifecycle.start(target.providerId(), timeout, eventId, null, true);
        long start = System.nanoTime();
        WireRequest request = WireRequest.get(url).operation("download").build();
        pipeline.send(Exchange.download(target, request, f.operation(), r -> ProviderErrors.fromStatus(target.providerId(), r,
                null, ProviderErrors.excerpt(safeText(r)), null), body)).whenComplete(f::completeFrom);
        T value = Futures.await(f, target.providerId());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        okhttp3.HttpUrl parsed = okhttp3.HttpUrl.parse(url);
        String host = parsed == null ? "" : parsed.host();
        long bytes = size.applyAsLong(value);
        Listeners.safely(listener, l -> l.download(new ImageEventListener.Download(f.operation().id(), target.providerId(),
                host, bytes, elapsed)));
        return value;
    }

    private static String safeText(WireResponse r) {
        try {
            return r.bodyText();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
