package dev.imagegen.redis;

import java.time.Duration;

/**
 * The Redis keys of one namespace. Every key carries the namespace as a hash tag ({@code {ns}}), so on a Redis Cluster
 * all of them live in one slot and each script's keys are together.
 */
record Keys(String namespace) {

    private String p() {
        return "{" + namespace + "}:";
    }

    /** Sorted set: process name -> lease expiry (ms, Redis time). */
    String owners() {
        return p() + "owners";
    }

    /** Hash: reservation id -> "owner|nano-USD", for budgets of one period. */
    String reservations(Duration period) {
        return p() + "budget:" + period.toMillis() + ":reserved";
    }

    /** Hash: window index -> nano-USD spent, for budgets of one period (only the current window is kept). */
    String spending(Duration period) {
        return p() + "budget:" + period.toMillis() + ":spent";
    }

    /** Hash: permit id -> owner, one provider's concurrency permits. */
    String permits(String providerId) {
        return p() + "permits:" + providerId;
    }

    /** Sorted set: grant id -> grant time (ms), one provider's rate log for one window length. */
    String rate(String providerId, Duration window) {
        return p() + "rate:" + providerId + ":" + window.toMillis();
    }

    /** Hash: job ref -> owner, the paid jobs accepted and not yet delivered. */
    String jobs() {
        return p() + "jobs";
    }
}
