package dev.imagegen;

/**
 * An inclusive numeric range a model accepts for a field, e.g. quality 1..100 or strength 0..1.
 *
 * @param min     the smallest allowed value
 * @param max     the largest allowed value
 * @param integer whether only whole numbers are allowed
 */
public record ValueRange(double min, double max, boolean integer) {

    /** Checks min <= max. */
    public ValueRange {
        if (!(min <= max)) {
            throw new IllegalArgumentException("range: min must be <= max, got " + min + ".." + max);
        }
    }

    /** A range of whole numbers. */
    public static ValueRange ofInts(long min, long max) {
        return new ValueRange(min, max, true);
    }

    /** A range of real numbers. */
    public static ValueRange ofDoubles(double min, double max) {
        return new ValueRange(min, max, false);
    }

    /** Whether the value lies in the range (and is whole, for an integer range). */
    public boolean contains(double value) {
        return value >= min && value <= max && (!integer || value == Math.rint(value));
    }

    /** {@code "1..100"} or {@code "0.0..1.0"}. */
    @Override
    public String toString() {
        return integer ? (long) min + ".." + (long) max : min + ".." + max;
    }
}
