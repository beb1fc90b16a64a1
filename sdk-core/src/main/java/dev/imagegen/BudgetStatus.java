package dev.imagegen;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Where a client's {@link Budget} stands, from {@link ImageClient#budgetStatus()}.
 *
 * @param budget      the budget
 * @param spent       counted in the current window: reported costs, else estimates (see {@code docs/routing.md})
 * @param reserved    the estimates of calls in progress, held until each ends
 * @param remaining   {@code limit - spent - reserved}, never negative
 * @param windowStart when the current window began
 * @param windowEnd   when it ends and spending starts again from zero
 */
public record BudgetStatus(Budget budget, BigDecimal spent, BigDecimal reserved, BigDecimal remaining, Instant windowStart,
                           Instant windowEnd) {
}
