package dev.imagegen;

import java.time.Duration;

/**
 * The provider's circuit breaker is open: it failed too many times in a row (see {@link ProviderLimits}), so the
 * client fails fast instead of calling it, until the cool-down ends and one probe call is let through. Nothing was
 * sent. A routed request skips such a provider and fails over; this is thrown when no other candidate is left.
 */
public class CircuitOpenException extends ProviderServerException {

    private static final long serialVersionUID = 1L;

    /** The time left of the cool-down. */
    private final Duration retryAfter;

    /**
     * An error with these details; {@code retryAfter} is the time left of the cool-down.
     *
     * @param details    what is known of the refusal; no HTTP status (nothing was sent)
     * @param retryAfter the time left of the cool-down, zero or more
     */
    public CircuitOpenException(Details details, Duration retryAfter) {
        super(details, null);
        this.retryAfter = retryAfter;
    }

    /**
     * How long until the circuit lets a probe call through (zero when a probe is already in flight).
     *
     * @return the wait until a probe call is let through, zero when one is already in flight
     */
    public Duration retryAfter() {
        return retryAfter;
    }
}
