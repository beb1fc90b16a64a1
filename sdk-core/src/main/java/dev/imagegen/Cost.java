package dev.imagegen;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a generation cost, or is expected to cost.
 *
 * @param amount   the amount, never negative
 * @param currency ISO 4217 code; always {@code "USD"} for the current vendors
 * @param kind     whether the vendor reported it or the SDK estimated it from the model catalog
 */
public record Cost(BigDecimal amount, String currency, Kind kind) {

    /** Where the amount came from. */
    public enum Kind {
        /** The vendor said so in its response (e.g. Segmind's {@code x-cost}). */
        REPORTED,
        /** Computed from the model catalog's price formula. */
        ESTIMATED
    }

    /**
     * Checks the fields.
     *
     * @param amount   the amount, zero or more
     * @param currency ISO 4217 code, e.g. {@code "USD"}
     * @param kind     reported by the vendor or estimated by the SDK
     * @throws IllegalArgumentException if the amount is negative
     */
    public Cost {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(kind, "kind");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("cost: amount must not be negative, got " + amount);
        }
    }

    /**
     * A USD amount the vendor reported.
     *
     * @param usd the amount in US dollars, zero or more
     * @return a {@link Kind#REPORTED} cost in USD
     */
    public static Cost reported(BigDecimal usd) {
        return new Cost(usd, "USD", Kind.REPORTED);
    }

    /**
     * A USD amount estimated from the catalog.
     *
     * @param usd the amount in US dollars, zero or more
     * @return an {@link Kind#ESTIMATED} cost in USD
     */
    public static Cost estimated(BigDecimal usd) {
        return new Cost(usd, "USD", Kind.ESTIMATED);
    }

    /**
     * The sum of two costs; ESTIMATED if either is.
     *
     * @param other the cost to add, in the same currency
     * @return the sum, REPORTED only when both are
     * @throws IllegalArgumentException if the currencies differ
     */
    public Cost plus(Cost other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cost: cannot add " + currency + " and " + other.currency);
        }
        Kind k = kind == Kind.REPORTED && other.kind == Kind.REPORTED ? Kind.REPORTED : Kind.ESTIMATED;
        return new Cost(amount.add(other.amount), currency, k);
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
