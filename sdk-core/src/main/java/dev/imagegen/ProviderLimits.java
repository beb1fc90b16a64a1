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
 * <p>The circuit breaker opens on a failure <em>rate</em>, as resilience4j's does: over the last
 * {@code circuitWindow} calls, once at least {@code circuitMinimumCalls} were made, when the share that failed (rate
 * limits, server errors, connection failures, insufficient credits, unknown outcomes) reaches
 * {@code circuitFailureRate}. A handful of failures among many calls is not an outage.
 *
 * @param maxConcurrent       the most vendor calls in progress at once, polling of a submitted job included; 0: no limit
 * @param requestsPerMinute   the most paid calls started in any {@code rateWindow} (60 seconds unless set with
 *                            {@link #withRequestsPer}; polls and downloads do not count; the transport's retries of one
 *                            call do not count again); 0: no limit
 * @param circuitWindow       how many of the latest calls the failure rate is measured over; 0 disables the breaker
 * @param circuitMinimumCalls how many calls the window must hold before the rate counts (1..circuitWindow)
 * @param circuitFailureRate  the failed share, over 0 and at most 1, that opens the circuit
 * @param circuitCoolDown     how long an open circuit refuses calls before letting one probe through
 * @param rateWindow          the sliding window {@code requestsPerMinute} is counted over (one minute by default)
 */
public record ProviderLimits(int maxConcurrent, int requestsPerMinute, int circuitWindow, int circuitMinimumCalls,
                             double circuitFailureRate, Duration circuitCoolDown, Duration rateWindow) {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    /**
     * Limits whose rate is counted per minute.
     *
     * @param maxConcurrent       the most vendor calls in progress at once; 0: no limit
     * @param requestsPerMinute   the most paid calls started in any 60 seconds; 0: no limit
     * @param circuitWindow       how many of the latest calls the failure rate is measured over; 0 disables the breaker
     * @param circuitMinimumCalls how many calls the window must hold before the rate counts (1..circuitWindow)
     * @param circuitFailureRate  the failed share, over 0 and at most 1, that opens the circuit
     * @param circuitCoolDown     how long an open circuit refuses calls before letting one probe through, positive
     * @throws IllegalArgumentException if a value is outside its range
     */
    public ProviderLimits(int maxConcurrent, int requestsPerMinute, int circuitWindow, int circuitMinimumCalls,
                          double circuitFailureRate, Duration circuitCoolDown) {
        this(maxConcurrent, requestsPerMinute, circuitWindow, circuitMinimumCalls, circuitFailureRate, circuitCoolDown, MINUTE);
    }

    /**
     * Checks the fields.
     *
     * @param maxConcurrent       the most vendor calls in progress at once, zero or more; 0: no limit
     * @param requestsPerMinute   the most paid calls started in any {@code rateWindow}, zero or more; 0: no limit
     * @param circuitWindow       the failure rate's window in calls, zero or more; 0 disables the breaker
     * @param circuitMinimumCalls 1..circuitWindow when the breaker is on; ignored when it is off
     * @param circuitFailureRate  over 0 and at most 1 when the breaker is on; ignored when it is off
     * @param circuitCoolDown     positive
     * @param rateWindow          at least 1 ms
     * @throws IllegalArgumentException if a value is outside its range
     */
    public ProviderLimits {
        if (maxConcurrent < 0) {
            throw new IllegalArgumentException("maxConcurrent must be >= 0 (0: no limit), got " + maxConcurrent);
        }
        if (requestsPerMinute < 0) {
            throw new IllegalArgumentException("requestsPerMinute must be >= 0 (0: no limit), got " + requestsPerMinute);
        }
        if (circuitWindow < 0) {
            throw new IllegalArgumentException("circuitWindow must be >= 0 (0: no breaker), got " + circuitWindow);
        }
        if (circuitWindow > 0 && (circuitMinimumCalls < 1 || circuitMinimumCalls > circuitWindow)) {
            throw new IllegalArgumentException("circuitMinimumCalls must be 1.." + circuitWindow + ", got " + circuitMinimumCalls);
        }
        if (circuitWindow > 0 && !(circuitFailureRate > 0 && circuitFailureRate <= 1)) {
            throw new IllegalArgumentException("circuitFailureRate must be over 0 and at most 1, got " + circuitFailureRate);
        }
        Objects.requireNonNull(circuitCoolDown, "circuitCoolDown");
        if (circuitCoolDown.isNegative() || circuitCoolDown.isZero()) {
            throw new IllegalArgumentException("circuitCoolDown must be positive, got " + circuitCoolDown);
        }
        Objects.requireNonNull(rateWindow, "rateWindow");
        if (rateWindow.toMillis() < 1) {
            throw new IllegalArgumentException("rateWindow must be at least 1 ms, got " + rateWindow);
        }
    }

    /**
     * What every provider gets unless configured: no concurrency or rate limit; the circuit opens when half of the last
     * 100 calls failed, once at least 20 were made, and half-opens after 30 s. Why these: 20 calls make a 50 % rate
     * mean something (10 failures, not 2 unlucky ones); 100 calls keep a busy client's window to its last few seconds
     * and a quiet one's to its last minutes; half failing is an outage for the caller, whom failover then serves.
     *
     * @return the default limits
     */
    public static ProviderLimits defaults() {
        return new ProviderLimits(0, 0, 100, 20, 0.5, Duration.ofSeconds(30));
    }

    /**
     * A copy with at most {@code n} vendor calls in progress at once (0: no limit).
     *
     * @param n the most calls in progress at once, zero or more; 0: no limit
     * @return a copy with {@code maxConcurrent} replaced
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public ProviderLimits withMaxConcurrent(int n) {
        return new ProviderLimits(n, requestsPerMinute, circuitWindow, circuitMinimumCalls, circuitFailureRate, circuitCoolDown,
                rateWindow);
    }

    /**
     * A copy with at most {@code n} paid calls started in any 60-second window (0: no limit).
     *
     * @param n the most paid calls started per minute, zero or more; 0: no limit
     * @return a copy with {@code requestsPerMinute} replaced and a one-minute rate window
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public ProviderLimits withRequestsPerMinute(int n) {
        return withRequestsPer(n, MINUTE);
    }

    /**
     * A copy with at most {@code n} paid calls started in any sliding {@code window} (0: no limit), for a vendor that
     * counts per second or per hour; {@link #withRequestsPerMinute} is {@code withRequestsPer(n, Duration.ofMinutes(1))}.
     *
     * @param n      the most paid calls started per window, zero or more; 0: no limit
     * @param window the sliding window, at least 1 ms
     * @return a copy with {@code requestsPerMinute} and {@code rateWindow} replaced
     * @throws IllegalArgumentException if {@code n} is negative or the window shorter than 1 ms
     */
    public ProviderLimits withRequestsPer(int n, Duration window) {
        return new ProviderLimits(maxConcurrent, n, circuitWindow, circuitMinimumCalls, circuitFailureRate, circuitCoolDown,
                window);
    }

    /**
     * A copy whose circuit opens when {@code failureRate} of the last {@code window} calls failed, once at least
     * {@code minimumCalls} were made, and half-opens after {@code coolDown}.
     *
     * @param failureRate  the failed share that opens the circuit, over 0 and at most 1
     * @param window       how many of the latest calls the rate is measured over, at least 1
     * @param minimumCalls how many calls the window must hold before the rate counts, 1..window
     * @param coolDown     how long the circuit stays open before a probe, positive
     * @return a copy with the breaker's settings replaced
     * @throws IllegalArgumentException if a value is outside its range
     */
    public ProviderLimits withCircuitBreaker(double failureRate, int window, int minimumCalls, Duration coolDown) {
        return new ProviderLimits(maxConcurrent, requestsPerMinute, window, minimumCalls, failureRate, coolDown, rateWindow);
    }

    /**
     * A copy whose circuit opens after {@code failures} consecutive failures (every one of the last {@code failures}
     * calls) and half-opens after {@code coolDown}: for a provider whose every failure should count.
     *
     * @param failures how many consecutive failures open the circuit, at least 1
     * @param coolDown how long the circuit stays open before a probe, positive
     * @return a copy with a failure rate of 1 over a window of {@code failures} calls
     * @throws IllegalArgumentException if {@code failures} is below 1 or {@code coolDown} not positive
     */
    public ProviderLimits withCircuitBreaker(int failures, Duration coolDown) {
        return withCircuitBreaker(1.0, failures, failures, coolDown);
    }

    /**
     * A copy without a circuit breaker.
     *
     * @return a copy with {@code circuitWindow} 0 and the limits kept
     */
    public ProviderLimits withoutCircuitBreaker() {
        return new ProviderLimits(maxConcurrent, requestsPerMinute, 0, 0, 0, circuitCoolDown, rateWindow);
    }
}
