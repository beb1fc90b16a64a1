package dev.imagegen;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A job's state as last seen, with what the vendor said about it: its own word for the state (kept even when the SDK
 * does not know it, so a status a vendor adds later still shows), the queue position, the progress and the log lines,
 * each only when the vendor reports it.
 *
 * @param state         the neutral state
 * @param vendorStatus  the vendor's status string, e.g. {@code "IN_QUEUE"}; may be null
 * @param queuePosition the number of requests ahead in the vendor's queue, when it says; may be null
 * @param progress      the fraction done, 0 to 1, when the vendor says; may be null
 * @param logs          the vendor's log lines for the job so far, oldest first (as the vendor last reported them);
 *                      empty when it sends none
 */
public record JobStatus(JobState state, @Nullable String vendorStatus, @Nullable Integer queuePosition,
                        @Nullable Double progress, List<String> logs) {

    /**
     * Checks the state and the progress, and copies the logs.
     *
     * @param state         the neutral state
     * @param vendorStatus  the vendor's status string, or null when it gave none
     * @param queuePosition the number of requests ahead in the vendor's queue, or null when it does not say
     * @param progress      the fraction done, 0 to 1, or null when the vendor does not say
     * @param logs          the vendor's log lines, oldest first; null or empty for none; copied
     * @throws IllegalArgumentException if {@code progress} is outside 0 to 1
     */
    public JobStatus {
        Objects.requireNonNull(state, "state");
        if (progress != null && !(progress >= 0 && progress <= 1)) {
            throw new IllegalArgumentException("progress must be between 0 and 1, got " + progress);
        }
        logs = logs == null ? List.of() : List.copyOf(logs);
    }

    /**
     * A status without progress or logs.
     *
     * @param state         the neutral state
     * @param vendorStatus  the vendor's status string, or null when it gave none
     * @param queuePosition the number of requests ahead in the vendor's queue, or null when it does not say
     */
    public JobStatus(JobState state, @Nullable String vendorStatus, @Nullable Integer queuePosition) {
        this(state, vendorStatus, queuePosition, null, List.of());
    }

    /**
     * A status with only the neutral state.
     *
     * @param state the neutral state
     * @return a status with no vendor status, queue position, progress or logs
     */
    public static JobStatus of(JobState state) {
        return new JobStatus(state, null, null);
    }

    /**
     * The queue position, when known.
     *
     * @return the number of requests ahead in the queue, or empty when the vendor does not say
     */
    public Optional<Integer> position() {
        return Optional.ofNullable(queuePosition);
    }

    /**
     * The fraction done, when known.
     *
     * @return the fraction done, 0 to 1, or empty when the vendor does not say
     */
    public Optional<Double> fractionDone() {
        return Optional.ofNullable(progress);
    }

    /**
     * A copy in another state, keeping what the vendor said.
     *
     * @param newState the state to set
     * @return a copy with the state replaced and the vendor's status, position, progress and logs kept
     */
    public JobStatus withState(JobState newState) {
        return new JobStatus(newState, vendorStatus, queuePosition, progress, logs);
    }

    @Override
    public String toString() {
        return state + (vendorStatus == null ? "" : " (" + vendorStatus + ")") + (queuePosition == null ? "" : " #" + queuePosition)
                + (progress == null ? "" : " " + Math.round(progress * 100) + "%")
                + (logs.isEmpty() ? "" : " [" + logs.size() + " log line" + (logs.size() == 1 ? "" : "s") + "]");
    }
}
