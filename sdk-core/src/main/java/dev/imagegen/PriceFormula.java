package dev.imagegen;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a vendor prices one model, so the SDK can estimate a cost before sending and when the vendor reports none.
 *
 * @param unit            what the rate is per
 * @param rateUsd         USD per unit
 * @param typicalDuration for {@link Unit#PER_SECOND}: the generation time to assume before the real one is known
 */
public record PriceFormula(Unit unit, BigDecimal rateUsd, @Nullable Duration typicalDuration) {

    /** What the rate is charged per. */
    public enum Unit {
        /** Per generated image. */
        PER_IMAGE,
        /** Per second of GPU time. */
        PER_SECOND,
        /** Per output megapixel. */
        PER_MEGAPIXEL
    }

    /**
     * Checks the fields.
     *
     * @param unit            what the rate is per
     * @param rateUsd         USD per unit
     * @param typicalDuration the generation time to assume for {@link Unit#PER_SECOND} (required there); else null
     * @throws NullPointerException if {@code unit} or {@code rateUsd} is null, or a per-second one lacks a duration
     */
    public PriceFormula {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(rateUsd, "rateUsd");
        if (unit == Unit.PER_SECOND) {
            Objects.requireNonNull(typicalDuration, "typicalDuration");
        }
    }

    /**
     * A flat price per image.
     *
     * @param usd the price of one image in US dollars, as a decimal string, e.g. {@code "0.003"}
     * @return a {@link Unit#PER_IMAGE} formula
     * @throws NumberFormatException if {@code usd} is not a decimal number
     */
    public static PriceFormula perImage(String usd) {
        return new PriceFormula(Unit.PER_IMAGE, new BigDecimal(usd), null);
    }

    /**
     * A price per second of generation, with a typical duration for estimates made before sending.
     *
     * @param usd     the price of one second of generation in US dollars, as a decimal string
     * @param typical the generation time to assume for one call before the real one is known
     * @return a {@link Unit#PER_SECOND} formula
     * @throws NumberFormatException if {@code usd} is not a decimal number
     */
    public static PriceFormula perSecond(String usd, Duration typical) {
        return new PriceFormula(Unit.PER_SECOND, new BigDecimal(usd), typical);
    }

    /**
     * A price per output megapixel.
     *
     * @param usd the price of one output megapixel in US dollars, as a decimal string
     * @return a {@link Unit#PER_MEGAPIXEL} formula
     * @throws NumberFormatException if {@code usd} is not a decimal number
     */
    public static PriceFormula perMegapixel(String usd) {
        return new PriceFormula(Unit.PER_MEGAPIXEL, new BigDecimal(usd), null);
    }

    /**
     * The estimated cost of {@code images} images of {@code size} (null when not known: 1 MP is assumed), taking
     * {@code generationTime} per call when known (null: the typical duration).
     *
     * @param images         how many images, zero or more
     * @param size           the output size, or null when not known (1 megapixel is assumed)
     * @param generationTime the generation time per call, or null to use the typical duration; per-second formulas only
     * @return an {@link Cost.Kind#ESTIMATED} cost in USD, rounded to 6 decimal places
     */
    public Cost estimate(int images, @Nullable ImageSize size, @Nullable Duration generationTime) {
        BigDecimal n = BigDecimal.valueOf(images);
        BigDecimal amount = switch (unit) {
            case PER_IMAGE -> rateUsd.multiply(n);
            case PER_SECOND -> {
                // the constructor requires a typical duration for PER_SECOND
                Duration d = generationTime != null ? generationTime : Objects.requireNonNull(typicalDuration);
                BigDecimal seconds = BigDecimal.valueOf(d.toMillis()).divide(BigDecimal.valueOf(1000), 3, RoundingMode.HALF_UP);
                yield rateUsd.multiply(seconds).multiply(n);
            }
            case PER_MEGAPIXEL -> {
                double mp = size == null ? 1.0 : size.pixels() / 1_000_000.0;
                yield rateUsd.multiply(BigDecimal.valueOf(mp)).multiply(n);
            }
        };
        return Cost.estimated(amount.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros());
    }
}
