package dev.imagegen.internal;

import dev.imagegen.ClientClosedException;
import dev.imagegen.DeadlineExceededException;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.internal.http.Exchange;
import dev.imagegen.internal.http.HttpPipeline;
import dev.imagegen.internal.http.Target;
import dev.imagegen.internal.op.ClientLifecycle;
import dev.imagegen.internal.op.Futures;
import dev.imagegen.internal.op.Operation;
import dev.imagegen.internal.op.OperationFuture;
import dev.imagegen.spi.ProviderErrors;
import dev.imagegen.spi.WireRequest;
import dev.imagegen.spi.WireResponse;
import okhttp3.HttpUrl;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The one download path for output URLs: an exchange through the one pipeline, as a download (no credentials, https
 * only, each redirect hop checked), retried like any GET, whose body must pass {@link ImageCheck} before it becomes an
 * image. A download runs within the operation that generated the output, bounded by its deadline
 * ({@link #fetch}); only an output the caller chose not to fetch with its request, or a webhook's, is downloaded later,
 * in an operation of its own bounded by {@code downloadTimeout} ({@link #fetchDeferred}).
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

    /**
     * Downloads output {@code url} of {@code target}'s provider within {@code op} and completes with its checked bytes;
     * {@code what} names the output in errors, which say that it was generated and must not be paid for again.
     */
    public CompletableFuture<byte[]> fetch(Target target, String url, String what, Operation op) {
        long start = System.nanoTime();
        op.activity(() -> "downloading " + what + " from " + where(url) + ", which was generated");
        WireRequest request = WireRequest.get(url).operation("download").build();
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        pipeline.send(Exchange.download(target, request, op, r -> ProviderErrors.fromStatus(target.providerId(), r,
                null, ProviderErrors.excerpt(safeText(r)), null), r -> ImageCheck.image(r.bodyBytes(), what)))
                .whenComplete((bytes, e) -> {
                    if (e != null) {
                        out.completeExceptionally(failure(Futures.unwrap(e), target, url, what, op));
                        return;
                    }
                    Listeners.safely(listener, l -> l.download(new ImageEventListener.Download(op.id(), target.providerId(),
                            host(url), bytes.length, Duration.ofNanos(System.nanoTime() - start))));
                    out.complete(bytes);
                });
        return out;
    }

    /**
     * Downloads an output later than its request (the caller opted out of downloading with it, or a webhook's): an
     * operation of its own, bounded by {@code downloadTimeout} and stopped by {@code close()}, which the calling
     * thread waits on. Events are reported under {@code eventId}.
     */
    byte[] fetchDeferred(Target target, String url, long eventId) {
        OperationFuture<byte[]> f = lifecycle.start(target.providerId(), timeout, eventId, null, true);
        f.operation().deadlineName("downloadTimeout (" + timeout.toMillis() + " ms)");
        fetch(target, url, "the output", f.operation()).whenComplete(f::completeFrom);
        return Futures.await(f, target.providerId());
    }

    /**
     * What a failed download ends with: the operation's stop (cancel, close, deadline; the operation's
     * {@link Operation#activity} says what the deadline cut) as it is; any other failure as an
     * {@link InvalidResponseException} saying which output it was, that it was generated, and carrying the job's ref
     * when there is one.
     */
    private static Throwable failure(Throwable e, Target target, String url, String what, Operation op) {
        if (e instanceof CancellationException || e instanceof ClientClosedException || e instanceof DeadlineExceededException) {
            return e;
        }
        String ref = op.jobRef();
        String where = where(url);
        Details d = e instanceof ImageGenerationException ige ? ige.details() : Details.of(String.valueOf(e.getMessage()));
        InvalidResponseException out = new InvalidResponseException(new Details(what + " was generated but could not be"
                + " downloaded from " + where + ": " + d.summary() + "; do not submit the request again, the vendor has billed it"
                + (ref == null ? "" : " (resume the job with its ref to fetch it again)"), target.providerId(), d.httpStatus(),
                d.vendorCode(), d.vendorMessage(), d.requestId()), e);
        return ref == null ? out : ErrorAccess.withJobRef(out, ref);
    }

    /** The URL without its query (which may hold a signature), or an excerpt of what was not a URL. */
    private static String where(String url) {
        HttpUrl u = HttpUrl.parse(url);
        if (u == null) {
            return "'" + (url.length() > 80 ? url.substring(0, 80) + "..." : url) + "'";
        }
        return u.scheme() + "://" + u.host() + (u.port() == HttpUrl.defaultPort(u.scheme()) ? "" : ":" + u.port()) + u.encodedPath();
    }

    private static String host(String url) {
        HttpUrl parsed = HttpUrl.parse(url);
        return parsed == null ? "" : parsed.host();
    }

    private static String safeText(WireResponse r) {
        try {
            return r.bodyText();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
