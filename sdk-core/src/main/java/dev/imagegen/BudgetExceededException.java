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

    /** The request's estimate in USD, or null when no price is known. */
    private final @Nullable BigDecimal estimate;
    /** What was left of the budget in the current window, in USD. */
    private final BigDecimal remaining;
    /** The budget's period. */
    private final Duration period;
    /** When the current window ends. */
    private final Instant windowEnd;

    /**
     * An error with these details.
     *
     * @param estimate  the request's estimate in USD, or null when no price is known
     * @param remaining what was left of the budget
     * @param period    the budget's period
     * @param windowEnd when the current window ends
     * @param details   what is known of the refusal; no HTTP status (nothing was sent)
     */
    public BudgetExceededException(Details details, @Nullable BigDecimal estimate, BigDecimal remaining, Duration period, Instant windowEnd) {
        super(details, false, null);
        this.estimate = estimate;
        this.remaining = remaining;
        this.period = period;
        this.windowEnd = windowEnd;
    }

    /**
     * The request's estimated cost in USD; empty when no price is known.
     *
     * @return the estimate in US dollars, or empty when the model has no known price
     */
    public Optional<BigDecimal> estimate() {
        return Optional.ofNullable(estimate);
    }

    /**
     * What was left of the budget in the current window, in USD.
     *
     * @return the unspent, unreserved amount in US dollars, zero or more
     */
    public BigDecimal remaining() {
        return remaining;
    }

    /**
     * The budget's period.
     *
     * @return the length of the budget's window, e.g. one day
     */
    public Duration period() {
        return period;
    }

    /**
     * When the current window ends and the budget is available again.
     *
     * @return the instant the current window ends
     */
    public Instant windowEnd() {
        return windowEnd;
    }
}
