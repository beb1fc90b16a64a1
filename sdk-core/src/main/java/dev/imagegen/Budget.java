package dev.imagegen;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * A spending cap for one client, set with {@link ImageClient.Builder#budget(Budget)}: at most {@code limitUsd} per
 * {@code period}. Periods are consecutive windows of the client's clock starting when the client is built. A request
 * whose estimate does not fit in what is left fails with {@link BudgetExceededException} before anything is sent; see
 * {@code docs/routing.md} for how spending is counted.
 *
 * @param limitUsd the most to spend per period, in USD
 * @param period   the length of one window, e.g. {@code Duration.ofDays(1)}
 */
public record Budget(BigDecimal limitUsd, Duration period) {

    /**
     * Checks the fields.
     *
     * @param limitUsd the most to spend per period, in USD, zero or more
     * @param period   the length of one window, positive
     * @throws IllegalArgumentException if the limit is negative or the period is not positive
     */
    public Budget {
        Objects.requireNonNull(limitUsd, "limitUsd");
        Objects.requireNonNull(period, "period");
        if (limitUsd.signum() < 0) {
            throw new IllegalArgumentException("budget: limit must not be negative, got " + limitUsd);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("budget: period must be positive, got " + period);
        }
    }

    /**
     * At most {@code usd} per {@code period}.
     *
     * @param usd    the most to spend per period, in USD, zero or more
     * @param period the length of one window, positive
     * @return the budget
     * @throws IllegalArgumentException if the limit is negative or the period is not positive
     */
    public static Budget of(BigDecimal usd, Duration period) {
        return new Budget(usd, period);
    }

    /**
     * At most {@code usd} (a decimal string, e.g. {@code "5.00"}) per {@code period}.
     *
     * @param usd    the most to spend per period, in USD, as a decimal string
     * @param period the length of one window, positive
     * @return the budget
     * @throws NumberFormatException if {@code usd} is not a decimal number
     * @throws IllegalArgumentException if the limit is negative or the period is not positive
     */
    public static Budget of(String usd, Duration period) {
        return new Budget(new BigDecimal(usd), period);
    }
}
