package dev.imagegen;

import java.util.Objects;

/**
 * A LoRA adapter applied to a model, with its strength.
 *
 * @param ref   which LoRA: {@link #BUILT_IN} for the one a model ships with (e.g. LumozAI's {@code flux-cute-3d-kawaii}),
 *              or a vendor-specific reference (a URL or a name) where a vendor takes custom LoRAs
 * @param scale the strength; the allowed range is the model's and is checked before sending
 */
public record Lora(String ref, double scale) {

    /** The ref that means "the LoRA this model is built with". */
    public static final String BUILT_IN = "builtin";

    /**
     * Checks the ref is present and the scale is a finite number.
     *
     * @param ref   {@link #BUILT_IN} or a vendor-specific reference; not blank
     * @param scale the strength, a finite number; the model's range is checked before sending
     * @throws IllegalArgumentException if {@code ref} is blank or {@code scale} is not finite
     */
    public Lora {
        Objects.requireNonNull(ref, "ref");
        if (ref.isBlank()) {
            throw new IllegalArgumentException("lora: ref must not be blank");
        }
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("lora: scale must be a finite number, got " + scale);
        }
    }

    /**
     * The model's own LoRA at this scale.
     *
     * @param scale the strength, a finite number
     * @return a LoRA with ref {@link #BUILT_IN}
     */
    public static Lora builtIn(double scale) {
        return new Lora(BUILT_IN, scale);
    }

    /**
     * Whether this is the model's own LoRA.
     *
     * @return true if the ref is {@link #BUILT_IN}
     */
    public boolean isBuiltIn() {
        return BUILT_IN.equals(ref);
    }
}
