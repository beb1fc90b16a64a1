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

    /** Checks the fields. */
    public Cost {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(kind, "kind");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("cost: amount must not be negative, got " + amount);
        }
    }

    /** A USD amount the vendor reported. */
    public static Cost reported(BigDecimal usd) {
        return new Cost(usd, "USD", Kind.REPORTED);
    }

    /** A USD amount estimated from the catalog. */
    public static Cost estimated(BigDecimal usd) {
        return new Cost(usd, "USD", Kind.ESTIMATED);
    }

    /** The sum of two costs; ESTIMATED if either is. */
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
