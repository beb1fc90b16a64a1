package dev.imagegen.internal.client;

import dev.imagegen.CircuitOpenException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.ProviderLimits;

import java.time.Clock;
import java.time.Duration;

/**
 * One provider's circuit breaker, on a failure rate over a sliding window of the latest calls (resilience4j's
 * count-based window): closed while fewer than the minimum calls were seen or their failed share stays under the
 * threshold; open (refusing calls) for the cool-down once it is reached; then half-open, letting exactly one probe
 * through: success closes it with an empty window, failure opens it again. Calls that say nothing about the vendor
 * (a bad request, a deadline, a cancellation) are not counted. Thread-safe.
 */
final class CircuitBreaker {

    private enum State { CLOSED, OPEN, HALF_OPEN }

    private final String providerId;
    private final ProviderLimits limits;
    private final Clock clock;

    // all guarded by this
    private final boolean[] failed;
    private int next;
    private int calls;
    private int failures;
    private State state = State.CLOSED;
    private long openedAt;
    private boolean probeInFlight;
    private String openedBecause = "";

    CircuitBreaker(String providerId, ProviderLimits limits, Clock clock) {
        this.providerId = providerId;
        this.limits = limits;
        this.clock = clock;
        this.failed = new boolean[Math.max(1, limits.circuitWindow())];
    }

    private boolean disabled() {
        return limits.circuitWindow() == 0;
    }

    /**
     * Whether a call may go to this provider now. When true the caller must end it with exactly one {@link #exit}; when
     * false it gets nothing and must not call {@code exit}.
     */
    synchronized boolean tryEnter() {
        if (disabled()) {
            return true;
        }
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (clock.millis() - openedAt < limits.circuitCoolDown().toMillis()) {
                    return false;
                }
                state = State.HALF_OPEN;
                probeInFlight = true;
                return true;
            default:
                if (probeInFlight) {
                    return false;
                }
                probeInFlight = true;
                return true;
        }
    }

    /** Records how a call admitted by {@link #tryEnter} ended. */
    synchronized void exit(ProviderGate.Health health) {
        if (disabled() || health == ProviderGate.Health.NEUTRAL) {
            if (state == State.HALF_OPEN && health == ProviderGate.Health.NEUTRAL) {
                probeInFlight = false; // the probe said nothing: the next call probes again
            }
            return;
        }
        boolean failure = health == ProviderGate.Health.FAILURE;
        switch (state) {
            case HALF_OPEN -> {
                probeInFlight = false;
                if (failure) {
                    open("its probe call failed");
                } else {
                    state = State.CLOSED;
                    clear();
                }
            }
            case OPEN -> {
                // a call admitted before the circuit opened: its end changes nothing
            }
            case CLOSED -> {
                record(failure);
                if (calls >= limits.circuitMinimumCalls() && failures >= limits.circuitFailureRate() * calls) {
                    open(failures + " of the last " + calls + " calls failed (" + Math.round(100.0 * failures / calls)
                            + " %, the threshold is " + Math.round(100 * limits.circuitFailureRate()) + " %)");
                }
            }
        }
    }

    /** The typed error for a call refused by an open circuit. */
    synchronized CircuitOpenException openError() {
        long left = state == State.OPEN ? Math.max(0, limits.circuitCoolDown().toMillis() - (clock.millis() - openedAt)) : 0;
        String summary = state == State.OPEN
                ? "circuit open: " + openedBecause + "; nothing was sent; next probe in " + Duration.ofMillis(left).toSeconds() + " s"
                : "circuit half-open and its one probe call is in flight; nothing was sent";
        return new CircuitOpenException(new Details(summary, providerId, -1, null, null, null), Duration.ofMillis(left));
    }

    private void record(boolean failure) {
        if (calls == failed.length) {
            if (failed[next]) {
                failures--;
            }
        } else {
            calls++;
        }
        failed[next] = failure;
        if (failure) {
            failures++;
        }
        next = (next + 1) % failed.length;
    }

    private void open(String because) {
        state = State.OPEN;
        openedAt = clock.millis();
        openedBecause = because;
        clear();
    }

    private void clear() {
        java.util.Arrays.fill(failed, false);
        next = 0;
        calls = 0;
        failures = 0;
    }
}
