package dev.imagegen;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An inclusive numeric range a model accepts for a field, e.g. quality 1..100 or strength 0..1, plus any single values
 * the vendor also takes outside it (e.g. a seed of -1 meaning "random" next to the seeds 1..N).
 *
 * @param min         the smallest allowed value of the range
 * @param max         the largest allowed value of the range
 * @param integer     whether only whole numbers are allowed
 * @param alsoAllowed single values allowed outside {@code min..max}, in the order given (usually empty)
 */
public record ValueRange(double min, double max, boolean integer, List<Double> alsoAllowed) {

    /**
     * Checks {@code min <= max}.
     *
     * @param min         the smallest allowed value of the range, at most {@code max}
     * @param max         the largest allowed value of the range
     * @param integer     whether only whole numbers are allowed
     * @param alsoAllowed single values allowed outside the range; copied
     * @throws IllegalArgumentException if {@code min} is greater than {@code max} or either is NaN
     */
    public ValueRange {
        if (!(min <= max)) {
            throw new IllegalArgumentException("range: min must be <= max, got " + min + ".." + max);
        }
        alsoAllowed = List.copyOf(alsoAllowed);
    }

    /**
     * A range without values allowed outside it.
     *
     * @param min     the smallest allowed value, at most {@code max}
     * @param max     the largest allowed value
     * @param integer whether only whole numbers are allowed
     * @throws IllegalArgumentException if {@code min} is greater than {@code max}
     */
    public ValueRange(double min, double max, boolean integer) {
        this(min, max, integer, List.of());
    }

    /**
     * A range of whole numbers.
     *
     * @param min the smallest allowed value, at most {@code max}
     * @param max the largest allowed value
     * @return an integer range
     * @throws IllegalArgumentException if {@code min} is greater than {@code max}
     */
    public static ValueRange ofInts(long min, long max) {
        return new ValueRange(min, max, true);
    }

    /**
     * A range of real numbers.
     *
     * @param min the smallest allowed value, at most {@code max}
     * @param max the largest allowed value
     * @return a range of real numbers
     * @throws IllegalArgumentException if {@code min} is greater than {@code max}
     */
    public static ValueRange ofDoubles(double min, double max) {
        return new ValueRange(min, max, false);
    }

    /**
     * This range, also allowing {@code values} outside it: {@code ValueRange.ofInts(1, n).or(-1)} takes -1 and 1..n but
     * not 0, as a vendor that documents "-1 for random, else a positive integer" does.
     *
     * @param values the single values to allow as well, added after any already allowed
     * @return a new range; this one is unchanged
     */
    public ValueRange or(double... values) {
        List<Double> all = new ArrayList<>(alsoAllowed);
        for (double v : values) {
            all.add(v);
        }
        return new ValueRange(min, max, integer, all);
    }

    /**
     * Whether the value lies in the range (and is whole, for an integer range), or is one of {@link #alsoAllowed()}.
     *
     * @param value the value to check
     * @return true if the value is allowed
     */
    public boolean contains(double value) {
        return value >= min && value <= max && (!integer || value == Math.rint(value)) || alsoAllowed.contains(value);
    }

    /** {@code "1..100"}, {@code "0.0..1.0"}, or with values outside the range {@code "-1 or 1..100"}. */
    @Override
    public String toString() {
        String range = integer ? (long) min + ".." + (long) max : min + ".." + max;
        if (alsoAllowed.isEmpty()) {
            return range;
        }
        return alsoAllowed.stream().map(v -> integer && v == Math.rint(v) ? String.valueOf(v.longValue()) : String.valueOf(v))
                .collect(Collectors.joining(" or ")) + " or " + range;
    }
}
