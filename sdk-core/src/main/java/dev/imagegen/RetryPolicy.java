package dev.imagegen;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how long the client retries what is safe to retry. Which failures are safe is fixed by the SDK, not
 * configurable: GETs (polls, downloads) on I/O errors, 408, 429 and 5xx; requests that start paid work only when
 * nothing was sent, or on 429 and 503.
 *
 * @param maxRetries    retries after the first attempt (0 disables retrying)
 * @param initialDelay  the first backoff delay
 * @param maxDelay      the largest backoff delay
 * @param maxRetryAfter the longest server-requested wait (Retry-After) the client honours; a longer one ends retrying
 * @param jitter        whether backoff delays are randomised (full jitter between half and all of the delay)
 */
public record RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter, boolean jitter) {

    /**
     * Checks the fields.
     *
     * @param maxRetries    retries after the first attempt, zero or more
     * @param initialDelay  the first backoff delay
     * @param maxDelay      the largest backoff delay
     * @param maxRetryAfter the longest Retry-After the client honours
     * @param jitter        whether backoff delays are randomised
     * @throws IllegalArgumentException if {@code maxRetries} is negative
     */
    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0");
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    }

    /**
     * 3 retries, 500 ms doubling to at most 8 s, jittered; Retry-After honoured up to 60 s.
     *
     * @return the policy a client uses unless given another
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60), true);
    }

    /**
     * Never retry.
     *
     * @return a policy with no retries and zero delays
     */
    public static RetryPolicy none() {
        return new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, false);
    }

    /**
     * A copy with another retry count.
     *
     * @param n retries after the first attempt, zero or more
     * @return a copy with {@code maxRetries} replaced
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public RetryPolicy withMaxRetries(int n) {
        return new RetryPolicy(n, initialDelay, maxDelay, maxRetryAfter, jitter);
    }

    /**
     * A copy with jitter on or off (off makes delays exact, e.g. for tests).
     *
     * @param on true to randomise delays, false for exact ones
     * @return a copy with {@code jitter} replaced
     */
    public RetryPolicy withJitter(boolean on) {
        return new RetryPolicy(maxRetries, initialDelay, maxDelay, maxRetryAfter, on);
    }

    /**
     * The un-jittered backoff before retry number {@code retry} (1-based): initial x 2^(retry-1), capped.
     *
     * @param retry the retry's number, from 1
     * @return the delay before jitter, at most {@code maxDelay}
     */
    public Duration backoff(int retry) {
        long ms = initialDelay.toMillis();
        for (int i = 1; i < retry && ms < maxDelay.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
    }
}
