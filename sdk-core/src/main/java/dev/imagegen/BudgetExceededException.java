package dev.imagegen;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A request was refused before anything was sent because its estimated cost does not fit in what is left of the
 * client's {@link Budget} for the current period (or because no price is known, so it cannot be counted). Not
 * retryable until the window ends ({@link #windowEnd()}).
 */
public class BudgetExceededException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    private final @Nullable BigDecimal estimate;
    private final BigDecimal remaining;
    private final Duration period;
    private final Instant windowEnd;

    /**
     * An error with these details.
     *
     * @param estimate  the request's estimate in USD, or null when no price is known
     * @param remaining what was left of the budget
     * @param period    the budget's period
     * @param windowEnd when the current window ends
     */
    public BudgetExceededException(Details details, @Nullable BigDecimal estimate, BigDecimal remaining, Duration period, Instant windowEnd) {
        super(details, false, null);
        this.estimate = estimate;
        this.remaining = remaining;
        this.period = period;
        this.windowEnd = windowEnd;
    }

    /** The request's estimated cost in USD; empty when no price is known. */
    public Optional<BigDecimal> estimate() {
        return Optional.ofNullable(estimate);
    }

    /** What was left of the budget in the current window, in USD. */
    public BigDecimal remaining() {
        return remaining;
    }

    /** The budget's period. */
    public Duration period() {
        return period;
    }

    /** When the current window ends and the budget is available again. */
    public Instant windowEnd() {
        return windowEnd;
    }
}
