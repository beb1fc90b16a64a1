package dev.imagegen.internal.http;

import dev.imagegen.ConnectionException;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.ProviderServerException;
import dev.imagegen.RateLimitedException;
import dev.imagegen.internal.ImageCheck;
import dev.imagegen.internal.Redaction;
import dev.imagegen.internal.op.Operation;
import okhttp3.Response;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * Turns what one attempt got into an {@link Outcome}: the one place that decides what an answer or a failure means and
 * whether it may be retried. A stopped operation (cancelled, past its deadline, client closed) is classified as that
 * stop before anything else, so a call the client cut off is never reported as something it is not.
 *
 * <p>Rules: a request that does not start paid work is retryable on I/O errors, 408, 429 and 5xx. A paid request is
 * retryable only when nothing was sent, or on 429 and 503 (the vendor did no work); a 500, 502 or 504, a lost answer
 * after sending, or a 2xx body that is unreadable or holds no image ({@link ImageCheck}) is an
 * {@link OutcomeUnknownException}, never retried; for any other request such a body is an
 * {@link InvalidResponseException}, retried like an I/O error. These status rules
 * apply when the provider mapped the answer to a server error, a rate limit or the root type; when it mapped it to
 * something definite (a failed generation, a rejected field, the caller's own timeout), that error stands as it is,
 * not retried.
 */
final class ResponseClassifier {

    private final long maxBodyBytes;
    private final Clock clock;
    private final AttemptLog log;
    private final Redaction redaction;

    ResponseClassifier(long maxBodyBytes, Clock clock, AttemptLog log, Redaction redaction) {
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
        this.log = log;
        this.redaction = redaction;
    }

    /**
     * A non-redirect answer: a 2xx read by the handler, anything else mapped by the provider. Closes nothing. What the
     * vendor said may echo the key, so the error is scrubbed before it becomes a message.
     */
    <T> Outcome<T> answered(Exchange<T> x, SentHop hop, int attempt) {
        Response resp = hop.response();
        String requestId = redaction.scrub(AttemptLog.requestIdHeader(resp.headers()));
        Outcome<T> o = classify(x, hop, attempt, requestId);
        // the error's request id (the provider may read it from the body), else the header's
        return o.isSuccess() ? o : new Outcome<>(null, redaction.scrub(o.error()), o.retryable(), o.retryAfter(), o.reason(),
                o.requestId() != null ? redaction.scrub(o.requestId()) : requestId);
    }

    private <T> Outcome<T> classify(Exchange<T> x, SentHop hop, int attempt, String requestId) {
        Response resp = hop.response();
        OkWireResponse wire = new OkWireResponse(resp, maxBodyBytes, x.target());
        int code = resp.code();
        if (code >= 200 && code < 300) {
            try {
                T value = x.handler().handle(wire);
                log.exchange(x, wire.loggedUrl(), attempt, code, hop.startNanos(), null, requestId);
                return Outcome.success(value);
            } catch (ImageGenerationException e) {
                log.exchange(x, wire.loggedUrl(), attempt, code, hop.startNanos(), null, requestId);
                return Outcome.failure(e, false, null, "vendor reported failure");
            } catch (CancellationException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // I/O failures, malformed JSON, and anything else the provider could not make of the body: the answer
                // is lost, which for a paid request means the outcome is unknown
                IOException io = e instanceof UncheckedIOException u ? u.getCause() : e instanceof IOException i ? i : null;
                log.exchange(x, wire.loggedUrl(), attempt, code, hop.startNanos(), io, requestId);
                return bodyFailure(x, hop, e, io, requestId);
            }
        }
        ImageGenerationException mapped;
        try {
            // scrubbed before it is copied into an OutcomeUnknownException below
            mapped = redaction.scrub(x.errors().map(wire));
        } catch (RuntimeException e) {
            mapped = new ImageGenerationException(new Details("unexpected HTTP status", x.providerId(), code, null, null,
                    requestId), code >= 500 || code == 429, e);
        }
        log.exchange(x, wire.loggedUrl(), attempt, code, hop.startNanos(), null, requestId);
        if (definite(mapped)) {
            // the provider read the body and said what happened (a failed generation, the caller's own timeout):
            // that wins over what the status alone would suggest
            return Outcome.failure(mapped, false, null, "HTTP " + code);
        }
        boolean retryable;
        if (x.request().paid()) {
            if (code == 500 || code == 502 || code == 504) {
                return Outcome.failure(new OutcomeUnknownException(new Details(
                        "the vendor answered " + code + " after the request was sent; it may have generated and billed it",
                        x.providerId(), code, mapped.vendorCode().orElse(null), mapped.vendorMessage().orElse(null),
                        mapped.requestId().orElse(requestId)), mapped), false, null, "HTTP " + code);
            }
            retryable = code == 429 || code == 503;
        } else {
            retryable = code == 408 || code == 429 || code >= 500;
        }
        Duration retryAfter = RetryAfter.parse(n -> Optional.ofNullable(resp.header(n)), clock).orElse(null);
        return Outcome.failure(mapped, retryable, retryAfter, "HTTP " + code);
    }

    /**
     * Whether the provider's error says something more definite than its status: anything but a server error, a rate
     * limit or the root type, whose meaning (retry, or outcome unknown) the status decides.
     */
    private static boolean definite(ImageGenerationException mapped) {
        return !(mapped instanceof ProviderServerException || mapped instanceof RateLimitedException
                || mapped.getClass() == ImageGenerationException.class);
    }

    /** No answer: the connection failed, or the call was stopped. */
    <T> Outcome<T> failed(Exchange<T> x, SentHop hop, int attempt) {
        IOException e = hop.failure();
        log.exchange(x, x.target().withoutCredential(hop.request().url()), attempt, -1, hop.startNanos(), e, null);
        RuntimeException stopped = stopped(x, hop, e);
        if (stopped != null) {
            throw stopped;
        }
        if (!hop.sent() || e instanceof StaleConnections.ClosedConnectionException) {
            // nothing went out (a dead pooled connection is found before the headers start): safe to send again
            return Outcome.failure(new ConnectionException(new Details("could not connect: " + e.getMessage()
                    + "; nothing was sent", x.providerId(), -1, null, null, null), e), true, null, "connect failed");
        }
        if (x.request().paid()) {
            return Outcome.failure(new OutcomeUnknownException(new Details("the connection failed after the request was sent ("
                    + e.getMessage() + "); the vendor may have generated and billed it", x.providerId(), -1, null, null, null), e),
                    false, null, "lost answer");
        }
        return Outcome.failure(new ConnectionException(new Details("the connection failed: " + e.getMessage(),
                x.providerId(), -1, null, null, null), e), true, null, "I/O error");
    }

    /** An answer the SDK refuses to read (a redirect it will not follow), as a typed failure that is not retried. */
    static <T> Outcome<T> refused(ImageGenerationException e, String reason) {
        return Outcome.failure(e, false, null, reason);
    }

    /**
     * The operation's stop error when it stopped, or the deadline error when the call timeout (the time left before
     * the deadline) cut the exchange; null otherwise.
     */
    private static RuntimeException stopped(Exchange<?> x, SentHop hop, IOException e) {
        if (x.op().stopped() != null) {
            return x.op().stopError(e);
        }
        if (e instanceof InterruptedIOException && hop.call().isCanceled()) {
            // not stopped by the operation, so the call timeout (the time left before the deadline) cut it
            x.op().stop(Operation.Stop.EXPIRED);
            return x.op().stopError(e);
        }
        return null;
    }

    private <T> Outcome<T> bodyFailure(Exchange<T> x, SentHop hop, Exception e, IOException io, String requestId) {
        if (io != null) {
            RuntimeException stopped = stopped(x, hop, io);
            if (stopped != null) {
                throw stopped;
            }
        }
        if (io instanceof BodyTooLargeException) {
            return Outcome.failure(new InvalidResponseException(new Details("response body too large: over "
                    + maxBodyBytes + " bytes", x.providerId(), -1, null, null, requestId), io), false, null, "too large");
        }
        String problem = io != null ? "the response body could not be read (" + io.getMessage() + ")"
                : e instanceof OkWireResponse.MalformedBodyException ? "the response body is not valid JSON (" + e.getMessage() + ")"
                : e instanceof ImageCheck.NotAnImageException ? "the answer holds no usable image: " + e.getMessage()
                : "the response could not be interpreted (" + e + ")";
        if (x.request().paid()) {
            return Outcome.failure(new OutcomeUnknownException(new Details(problem + "; the vendor may have generated and billed it",
                    x.providerId(), -1, null, null, requestId), e), false, null, "unreadable body");
        }
        return Outcome.failure(new InvalidResponseException(new Details(problem, x.providerId(), -1, null, null, requestId), e),
                true, null, "unreadable body");
    }
}
