package dev.imagegen;

import org.jspecify.annotations.Nullable;

/**
 * The vendor accepted the request and then reported the generation failed: a job that ended FAILED, Segmind's 422, a
 * safety filter that rejected the prompt. The vendor's reason is in {@link #vendorMessage()}.
 */
public class GenerationFailedException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with these details.
     *
     * @param details what is known of the failure, with the vendor's reason in {@code vendorMessage}
     * @param cause   the underlying failure, or null
     */
    public GenerationFailedException(Details details, @Nullable Throwable cause) {
        super(details, false, cause);
    }
}
