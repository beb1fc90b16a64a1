package dev.imagegen;

import java.time.Duration;
import java.util.Objects;

/**
 * Client-side limits and the circuit breaker of one provider, set with
 * {@link ImageClient.Builder#providerLimits(String, ProviderLimits)}. Limits make requests <em>wait</em> for their turn
 * (within their deadline) instead of failing, so an account tier that allows, say, two images a minute queues the third
 * request rather than collecting 429s.
 *
 * <pre>{@code
 * ImageClient.builder()
 *         .providerLimits("wavespeed", ProviderLimits.defaults().withRequestsPerMinute(2).withMaxConcurrent(1))
 *         .build();
 * }</pre>
 *
 * @param maxConcurrent     the most vendor calls in progress at once, polling of a submitted job included; 0: no limit
 * @param requestsPerMinute the most paid calls started in any 60-second window (polls and downloads do not count; the
 *                          transport's retries of one call do not count again); 0: no limit
 * @param circuitFailures   consecutive failures that open the circuit (rate limits, server errors, connection failures,
 *                          insufficient credits, unknown outcomes); 0 disables the breaker
 * @param circuitCoolDown   how long an open circuit refuses calls before letting one probe through
 */
public record ProviderLimits(int maxConcurrent, int requestsPerMinute, int circuitFailures, Duration circuitCoolDown) {

    /** Checks the fields. */
    public ProviderLimits {
        if (maxConcurrent < 0) {
            throw new IllegalArgumentException("maxConcurrent must be >= 0 (0: no limit), got " + maxConcurrent);
        }
        if (requestsPerMinute < 0) {
            throw new IllegalArgumentException("requestsPerMinute must be >= 0 (0: no limit), got " + requestsPerMinute);
        }
        if (circuitFailures < 0) {
            throw new IllegalArgumentException("circuitFailures must be >= 0 (0: no breaker), got " + circuitFailures);
        }
        Objects.requireNonNull(circuitCoolDown, "circuitCoolDown");
        if (circuitCoolDown.isNegative() || circuitCoolDown.isZero()) {
            throw new IllegalArgumentException("circuitCoolDown must be positive, got " + circuitCoolDown);
        }
    }

    /** What every provider gets unless configured: no concurrency or rate limit; circuit opens after 5 failures, 30 s cool-down. */
    public static ProviderLimits defaults() {
        return new ProviderLimits(0, 0, 5, Duration.ofSeconds(30));
    }

    /** A copy with at most {@code n} vendor calls in progress at once (0: no limit). */
    public ProviderLimits withMaxConcurrent(int n) {
        return new ProviderLimits(n, requestsPerMinute, circuitFailures, circuitCoolDown);
    }

    /** A copy with at most {@code n} paid calls started in any 60-second window (0: no limit). */
    public ProviderLimits withRequestsPerMinute(int n) {
        return new ProviderLimits(maxConcurrent, n, circuitFailures, circuitCoolDown);
    }

    /** A copy whose circuit opens after {@code failures} consecutive failures and half-opens after {@code coolDown}. */
    public ProviderLimits withCircuitBreaker(int failures, Duration coolDown) {
        return new ProviderLimits(maxConcurrent, requestsPerMinute, failures, coolDown);
    }

    /** A copy without a circuit breaker. */
    public ProviderLimits withoutCircuitBreaker() {
        return new ProviderLimits(maxConcurrent, requestsPerMinute, 0, circuitCoolDown);
    }
}
