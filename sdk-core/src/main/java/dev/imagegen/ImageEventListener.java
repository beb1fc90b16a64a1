package dev.imagegen;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Observes what the client does: requests, HTTP attempts, retries, polls, downloads and job state changes; enough to
 * plug in metrics or tracing without a dependency. Every method has an empty default. Listeners are called on the
 * thread doing the work, so they must be fast and must not throw (a throwing listener is logged and ignored).
 */
public interface ImageEventListener {

    /** A listener that does nothing. */
    ImageEventListener NONE = new ImageEventListener() {
    };

    /**
     * One listener that forwards every event to each of {@code listeners} in order, e.g. metrics and tracing together.
     * One that throws does not keep the event from the others.
     *
     * @param listeners the listeners, called in this order
     * @return a listener forwarding every event to each of them
     */
    static ImageEventListener composite(ImageEventListener... listeners) {
        java.util.List<ImageEventListener> all = java.util.List.of(listeners);
        return new ImageEventListener() {
            private void each(java.util.function.Consumer<ImageEventListener> call) {
                for (ImageEventListener l : all) {
                    dev.imagegen.internal.Listeners.safely(l, call);
                }
            }

            @Override
            public void requestStarted(RequestStarted event) {
                each(l -> l.requestStarted(event));
            }

            @Override
            public void requestEnded(RequestEnded event) {
                each(l -> l.requestEnded(event));
            }

            @Override
            public void attempt(Attempt event) {
                each(l -> l.attempt(event));
            }

            @Override
            public void failover(Failover event) {
                each(l -> l.failover(event));
            }

            @Override
            public void retry(Retry event) {
                each(l -> l.retry(event));
            }

            @Override
            public void poll(Poll event) {
                each(l -> l.poll(event));
            }

            @Override
            public void download(Download event) {
                each(l -> l.download(event));
            }

            @Override
            public void jobStateChanged(JobStateChanged event) {
                each(l -> l.jobStateChanged(event));
            }

            @Override
            public void circuitStateChanged(CircuitStateChanged event) {
                each(l -> l.circuitStateChanged(event));
            }
        };
    }

    /**
     * A generation begins (once per {@code generate}, {@code generateAsync}, {@code submit} or {@code resume}).
     *
     * @param operationId a client-local id tying this request's events together
     * @param provider    the id of the provider tried first (for a request that names none, the first candidate)
     * @param model       the model's canonical id
     * @param count       how many images were asked for (1 for {@code submit} and {@code resume})
     */
    record RequestStarted(long operationId, String provider, String model, int count) {
    }

    /**
     * A generation ended, with its result or its error; both are null when the caller cancelled it (see
     * {@link #cancelled()}).
     *
     * @param operationId the id its {@link RequestStarted} carried
     * @param provider    the id of the provider that served it, else the one its error names, else the first tried
     * @param model       the model's canonical id
     * @param elapsed     how long it took, from its start to its end
     * @param result      the result, or null when it failed or was cancelled
     * @param error       the error, or null when it succeeded or was cancelled
     */
    record RequestEnded(long operationId, String provider, String model, Duration elapsed, @Nullable ImageResult result,
                        @Nullable ImageGenerationException error) {

        /**
         * Whether the caller cancelled the request (it ended with neither a result nor an error).
         *
         * @return true if the request ended with neither a result nor an error
         */
        public boolean cancelled() {
            return result == null && error == null;
        }
    }

    /**
     * One HTTP exchange ended.
     *
     * @param operationId the id of the request the exchange belongs to, as its other events carry it
     * @param provider    the provider's id
     * @param operation   the provider's label, e.g. {@code generate}, {@code poll}, {@code download}
     * @param method      the HTTP method, e.g. {@code POST}
     * @param host        the host the request went to
     * @param path        the URL's path, without query (so without any credential)
     * @param attempt     the attempt's number, 1 for the first try
     * @param status      the HTTP status, or -1 when no response came
     * @param elapsed     the time from sending to the answer (or to the failure)
     * @param error       the I/O error when no response came, else null
     */
    record Attempt(long operationId, String provider, String operation, String method, String host, String path,
                   int attempt, int status, Duration elapsed, @Nullable Exception error) {
    }

    /**
     * A retry is scheduled.
     *
     * @param operationId the id of the request the exchange belongs to, as its other events carry it
     * @param provider    the provider's id
     * @param operation   the provider's label of the exchange, e.g. {@code generate}
     * @param nextAttempt the number the retry will have, 2 for the first retry
     * @param delay       the wait before it is sent
     * @param reason      why, as text for logs, e.g. {@code HTTP 503}
     */
    record Retry(long operationId, String provider, String operation, int nextAttempt, Duration delay, String reason) {
    }

    /**
     * A job was polled and is now in {@code status}.
     *
     * @param operationId the id of the request the job belongs to, as its other events carry it
     * @param provider    the provider's id
     * @param jobId       the vendor's id of the job
     * @param status      the job's status as this poll reported it
     * @param pollNumber  the poll's number for this job, from 1
     */
    record Poll(long operationId, String provider, String jobId, JobStatus status, int pollNumber) {
    }

    /**
     * An output URL was downloaded.
     *
     * @param operationId the id of the request the output belongs to, as its other events carry it
     * @param provider    the provider's id
     * @param host        the host the output came from, or empty when its URL could not be read
     * @param bytes       the size of the output, in bytes
     * @param elapsed     how long the download took, retries included
     */
    record Download(long operationId, String provider, String host, long bytes, Duration elapsed) {
    }

    /**
     * A job changed state.
     *
     * @param operationId the id of the request the job belongs to, as its other events carry it
     * @param provider    the provider's id
     * @param jobId       the vendor's id of the job
     * @param status      the job's new status
     */
    record JobStateChanged(long operationId, String provider, String jobId, JobStatus status) {
    }

    /**
     * A routed request gave up on one provider in a way that is safe to fail over (rate limit, server error, connection
     * failure, insufficient credits, open circuit) and tries the next candidate.
     *
     * @param operationId  the id of the request, as its other events carry it
     * @param fromProvider the provider that failed (or was skipped because its circuit is open)
     * @param toProvider   the next candidate to try
     * @param error        what the failed provider answered
     */
    record Failover(long operationId, String fromProvider, String toProvider, ImageGenerationException error) {
    }

    /**
     * A provider's circuit breaker changed state (not tied to one request).
     *
     * @param provider the provider's id
     * @param from     the state before
     * @param to       the state now
     * @param reason   why, e.g. {@code 12 of the last 20 calls failed (60 %, the threshold is 50 %)}
     */
    record CircuitStateChanged(String provider, CircuitState from, CircuitState to, String reason) {
    }

    /**
     * See {@link RequestStarted}.
     *
     * @param event the request, its provider, model and image count
     */
    default void requestStarted(RequestStarted event) {
    }

    /**
     * See {@link RequestEnded}.
     *
     * @param event the request, how long it took, and its result or error
     */
    default void requestEnded(RequestEnded event) {
    }

    /**
     * See {@link Failover}.
     *
     * @param event the provider given up on, the next one, and why
     */
    default void failover(Failover event) {
    }

    /**
     * See {@link Attempt}.
     *
     * @param event the exchange: method, host, path, attempt number, status or error, and duration
     */
    default void attempt(Attempt event) {
    }

    /**
     * See {@link Retry}.
     *
     * @param event the operation, the next attempt's number, the delay before it, and why
     */
    default void retry(Retry event) {
    }

    /**
     * See {@link Poll}.
     *
     * @param event the job, its status, and the poll's number
     */
    default void poll(Poll event) {
    }

    /**
     * See {@link Download}.
     *
     * @param event the host, the size in bytes, and the duration
     */
    default void download(Download event) {
    }

    /**
     * See {@link JobStateChanged}.
     *
     * @param event the job and its new status
     */
    default void jobStateChanged(JobStateChanged event) {
    }

    /**
     * See {@link CircuitStateChanged}.
     *
     * @param event the provider, the old and new state, and why
     */
    default void circuitStateChanged(CircuitStateChanged event) {
    }
}
