package dev.imagegen.internal.client;

import dev.imagegen.CircuitOpenException;
import dev.imagegen.CircuitState;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.ProviderLimits;
import dev.imagegen.internal.Listeners;
import dev.imagegen.internal.Logs;

import java.time.Clock;
import java.time.Duration;

/**
 * One provider's circuit breaker, on a failure rate over a sliding window of the latest calls (resilience4j's
 * count-based window): closed while fewer than the minimum calls were seen or their failed share stays under the
 * threshold; open (refusing calls) for the cool-down once it is reached; then half-open, letting exactly one probe
 * through: success closes it with an empty window, failure opens it again. Calls that say nothing about the vendor
 * (a bad request, a deadline, a cancellation) are not counted. Each change of state is logged (WARN when it opens,
 * INFO otherwise) and told to the listener, after the breaker's lock is released. Thread-safe.
 */
final class CircuitBreaker {


    private final String providerId;
    private final ProviderLimits limits;
    private final Clock clock;
    private final ImageEventListener listener;

    // all guarded by this
    private final boolean[] failed;
    private int next;
    private int calls;
    private int failures;
    private CircuitState state = CircuitState.CLOSED;
    private long openedAt;
    private boolean probeInFlight;
    private String openedBecause = "";

    CircuitBreaker(String providerId, ProviderLimits limits, Clock clock, ImageEventListener listener) {
        this.providerId = providerId;
        this.limits = limits;
        this.clock = clock;
        this.listener = listener;
        this.failed = new boolean[Math.max(1, limits.circuitWindow())];
    }

    private boolean disabled() {
        return limits.circuitWindow() == 0;
    }

    /**
     * Whether a call may go to this provider now. When true the caller must end it with exactly one {@link #exit}; when
     * false it gets nothing and must not call {@code exit}.
     */
    boolean tryEnter() {
        if (disabled()) {
            return true;
        }
        boolean admitted;
        ImageEventListener.CircuitStateChanged change = null;
        synchronized (this) {
            switch (state) {
                case CLOSED -> admitted = true;
                case OPEN -> {
                    admitted = clock.millis() - openedAt >= limits.circuitCoolDown().toMillis();
                    if (admitted) {
                        change = move(CircuitState.HALF_OPEN, "the cool-down ended: one probe call goes through");
                        probeInFlight = true;
                    }
                }
                default -> {
                    admitted = !probeInFlight;
                    probeInFlight = true;
                }
            }
        }
        tell(change);
        return admitted;
    }

    /** Records how a call admitted by {@link #tryEnter} ended. */
    void exit(ProviderGate.Health health) {
        ImageEventListener.CircuitStateChanged change;
        synchronized (this) {
            change = record(health);
        }
        tell(change);
    }

    /** The state now; an open circuit whose cool-down has ended shows as half-open (its next call probes). */
    synchronized CircuitState state() {
        return state == CircuitState.OPEN && clock.millis() - openedAt >= limits.circuitCoolDown().toMillis()
                ? CircuitState.HALF_OPEN : state;
    }

    private ImageEventListener.CircuitStateChanged record(ProviderGate.Health health) {
        if (disabled() || health == ProviderGate.Health.NEUTRAL) {
            if (state == CircuitState.HALF_OPEN && health == ProviderGate.Health.NEUTRAL) {
                probeInFlight = false; // the probe said nothing: the next call probes again
            }
            return null;
        }
        boolean failure = health == ProviderGate.Health.FAILURE;
        switch (state) {
            case HALF_OPEN -> {
                probeInFlight = false;
                if (failure) {
                    return open("its probe call failed");
                }
                clear();
                return move(CircuitState.CLOSED, "its probe call succeeded");
            }
            case OPEN -> {
                // a call admitted before the circuit opened: its end changes nothing
            }
            case CLOSED -> {
                count(failure);
                if (calls >= limits.circuitMinimumCalls() && failures >= limits.circuitFailureRate() * calls) {
                    return open(failures + " of the last " + calls + " calls failed (" + Math.round(100.0 * failures / calls)
                            + " %, the threshold is " + Math.round(100 * limits.circuitFailureRate()) + " %)");
                }
            }
        }
        return null;
    }

    /** The typed error for a call refused by an open circuit. */
    synchronized CircuitOpenException openError() {
        long left = state == CircuitState.OPEN ? Math.max(0, limits.circuitCoolDown().toMillis() - (clock.millis() - openedAt)) : 0;
        String summary = state == CircuitState.OPEN
                ? "circuit open: " + openedBecause + "; nothing was sent; next probe in " + Duration.ofMillis(left).toSeconds() + " s"
                : "circuit half-open and its one probe call is in flight; nothing was sent";
        return new CircuitOpenException(new Details(summary, providerId, -1, null, null, null), Duration.ofMillis(left));
    }

    private void count(boolean failure) {
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

    private ImageEventListener.CircuitStateChanged open(String because) {
        openedAt = clock.millis();
        openedBecause = because;
        clear();
        return move(CircuitState.OPEN, because + "; calls are refused for " + limits.circuitCoolDown().toSeconds() + " s");
    }

    private ImageEventListener.CircuitStateChanged move(CircuitState to, String reason) {
        ImageEventListener.CircuitStateChanged change = new ImageEventListener.CircuitStateChanged(providerId, state, to, reason);
        state = to;
        return change;
    }

    /** Logs a change and tells the listener; called without the lock held. */
    private void tell(ImageEventListener.CircuitStateChanged change) {
        if (change == null) {
            return;
        }
        if (change.to() == CircuitState.OPEN) {
            Logs.ROUTING.warn("{} circuit {} -> {}: {}", providerId, change.from(), change.to(), change.reason());
        } else {
            Logs.ROUTING.info("{} circuit {} -> {}: {}", providerId, change.from(), change.to(), change.reason());
        }
        Listeners.safely(listener, l -> l.circuitStateChanged(change));
    }

    private void clear() {
        java.util.Arrays.fill(failed, false);
        next = 0;
        calls = 0;
        failures = 0;
    }
}
