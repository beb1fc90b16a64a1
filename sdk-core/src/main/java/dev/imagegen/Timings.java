package dev.imagegen;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** How long a generation took: end to end as the SDK saw it, and the vendor's inference time when it reports one. */
public final class Timings {

    private final Duration total;
    private final @Nullable Duration inference;

    private Timings(Duration total, @Nullable Duration inference) {
        this.total = Objects.requireNonNull(total, "total");
        this.inference = inference;
    }

    /**
     * Timings from the SDK's measure and the vendor's report.
     *
     * @param total     wall time from the first byte sent to the result, including retries and polling
     * @param inference the vendor's reported generation time, or null
     * @return the timings
     */
    public static Timings of(Duration total, @Nullable Duration inference) {
        return new Timings(total, inference);
    }

    /**
     * Wall time as the SDK measured it, including retries, queueing and polling.
     *
     * @return the end-to-end duration, zero or more
     */
    public Duration total() {
        return total;
    }

    /**
     * The vendor's reported inference time, when it reports one.
     *
     * @return the inference time, or empty when the vendor does not report it
     */
    public Optional<Duration> inference() {
        return Optional.ofNullable(inference);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Timings t && total.equals(t.total) && Objects.equals(inference, t.inference);
    }

    @Override
    public int hashCode() {
        return Objects.hash(total, inference);
    }

    @Override
    public String toString() {
        return "Timings{total=" + total.toMillis() + "ms" + (inference == null ? "" : ", inference=" + inference.toMillis() + "ms") + "}";
    }
}
