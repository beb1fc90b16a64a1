package dev.imagegen;

/**
 * The optional fields of an {@link ImageRequest}, as a model's catalog entry lists what it accepts. The
 * {@link #fieldName()} is the name errors use.
 */
public enum RequestField {
    /** {@link ImageRequest#negativePrompt()}. */
    NEGATIVE_PROMPT("negativePrompt"),
    /** {@link ImageRequest#size()}. */
    SIZE("size"),
    /** {@link ImageRequest#aspectRatio()}. */
    ASPECT_RATIO("aspectRatio"),
    /** {@link ImageRequest#megapixels()}. */
    MEGAPIXELS("megapixels"),
    /** {@link ImageRequest#seed()}. */
    SEED("seed"),
    /** {@link ImageRequest#outputFormat()}. */
    OUTPUT_FORMAT("outputFormat"),
    /** {@link ImageRequest#outputQuality()}. */
    OUTPUT_QUALITY("outputQuality"),
    /** {@link ImageRequest#speedMode()}. */
    SPEED_MODE("speedMode"),
    /** {@link ImageRequest#steps()}. */
    STEPS("steps"),
    /** {@link ImageRequest#guidanceScale()}. */
    GUIDANCE_SCALE("guidanceScale"),
    /** {@link ImageRequest#inputImage()}. */
    INPUT_IMAGE("inputImage"),
    /** {@link ImageRequest#strength()}. */
    STRENGTH("strength"),
    /** {@link ImageRequest#mask()}. */
    MASK("mask"),
    /** {@link ImageRequest#loras()}. */
    LORAS("loras"),
    /** {@link ImageRequest#safetyChecker()}. */
    SAFETY_CHECKER("safetyChecker");

    private final String fieldName;

    RequestField(String fieldName) {
        this.fieldName = fieldName;
    }

    /**
     * The {@link ImageRequest} field name, e.g. {@code outputQuality}.
     *
     * @return the field's name as the {@link ImageRequest} accessor spells it
     */
    public String fieldName() {
        return fieldName;
    }
}
