package dev.imagegen.internal.http;

import dev.imagegen.ImageEventListener;
import dev.imagegen.internal.Listeners;
import dev.imagegen.internal.Logs;
import okhttp3.Headers;
import okhttp3.HttpUrl;

import java.time.Duration;

/**
 * What the pipeline says about its exchanges: one DEBUG line and one {@link ImageEventListener.Attempt} per exchange
 * (a redirect hop is one), one WARN line and one {@link ImageEventListener.Retry} per retry. Never headers, bodies or
 * query strings (a credential may travel in one).
 */
final class AttemptLog {

    /** How a request id header's name ends, in any case. */
    private static final String SUFFIX = "request-id";

    private final ImageEventListener listener;

    AttemptLog(ImageEventListener listener) {
        this.listener = listener;
    }

    void exchange(Exchange<?> x, HttpUrl url, int attempt, int status, long startNanos, Exception error, String requestId) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        if (Logs.HTTP.isDebugEnabled()) {
            Logs.HTTP.debug("{} {} {} {}{} -> {} in {} ms (attempt {} of operation {}, {}){}", x.providerId(), x.request().operation(),
                    x.request().method(), url.host(), url.encodedPath(), status < 0 ? "no response" : String.valueOf(status),
                    elapsed.toMillis(), attempt, x.op().id(), requestId == null ? "no request id" : "request id " + requestId,
                    error == null ? "" : ": " + error.getClass().getSimpleName() + ": " + error.getMessage());
        }
        if (listener == ImageEventListener.NONE) {
            return; // no lambda to spin on a fresh JVM's first exchange
        }
        Listeners.safely(listener, l -> l.attempt(new ImageEventListener.Attempt(x.op().id(), x.providerId(),
                x.request().operation(), x.request().method(), url.host(), url.encodedPath(), attempt, status, elapsed, error)));
    }

    /**
     * The WARN line of a retry: provider, the provider's label of the request, method, host and path, the wait, the
     * attempt and the client-local operation id its events carry, the vendor's request id of the failed answer (to
     * quote to the vendor's support), and why.
     */
    void retry(Exchange<?> x, int nextAttempt, Duration delay, String reason, String requestId) {
        HttpUrl url = HttpUrl.parse(x.request().url());
        Logs.HTTP.warn("retrying {} {} {} {}{} in {} ms: {} (attempt {} of operation {}, {})", x.providerId(),
                x.request().operation(), x.request().method(), url == null ? "?" : url.host(), url == null ? "" : url.encodedPath(),
                delay.toMillis(), reason, nextAttempt, x.op().id(), requestId == null ? "no request id" : "request id " + requestId);
        Listeners.safely(listener, l -> l.retry(new ImageEventListener.Retry(x.op().id(), x.providerId(),
                x.request().operation(), nextAttempt, delay, reason)));
    }

    /**
     * The value of the first header named like a request id ({@code x-request-id}, {@code X-Lumenfall-Request-Id}),
     * first in case-insensitive order of names; the headers are walked by index (no set of names, no lower-cased copies).
     */
    static String requestIdHeader(Headers headers) {
        String first = null;
        for (int i = 0, n = headers.size(); i < n; i++) {
            String name = headers.name(i);
            if (name.regionMatches(true, name.length() - SUFFIX.length(), SUFFIX, 0, SUFFIX.length())
                    && (first == null || String.CASE_INSENSITIVE_ORDER.compare(name, first) < 0)) {
                first = name;
            }
        }
        return first == null ? null : headers.get(first);
    }
}
