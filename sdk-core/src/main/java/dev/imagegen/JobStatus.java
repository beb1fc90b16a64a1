package dev.imagegen;

import java.util.Objects;
import java.util.Optional;

/**
 * A job's state as last seen, with the vendor's own word for it (kept even when the SDK does not know it, so a status a
 * vendor adds later still shows).
 *
 * @param state         the neutral state
 * @param vendorStatus  the vendor's status string, e.g. {@code "processing"}; may be null
 * @param queuePosition the position in the vendor's queue, when it says; may be null
 */
public record JobStatus(JobState state, String vendorStatus, Integer queuePosition) {

    /** Checks the state is present. */
    public JobStatus {
        Objects.requireNonNull(state, "state");
    }

    /** A status with only the neutral state. */
    public static JobStatus of(JobState state) {
        return new JobStatus(state, null, null);
    }

    /** The queue position, when known. */
    public Optional<Integer> position() {
        return Optional.ofNullable(queuePosition);
    }

    @Override
    public String toString() {
        return state + (vendorStatus == null ? "" : " (" + vendorStatus + ")") + (queuePosition == null ? "" : " #" + queuePosition);
    }
}
