package dev.imagegen;

import org.jspecify.annotations.Nullable;

/**
 * The vendor does not know the model, or has retired it (HTTP 404, 410; Lumenfall MODEL_NOT_FOUND, MODEL_DISABLED).
 */
public class ModelNotFoundException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with these details.
     *
     * @param details what is known of the failure, with the vendor's code and text
     * @param cause   the underlying failure, or null
     */
    public ModelNotFoundException(Details details, @Nullable Throwable cause) {
        super(details, false, cause);
    }
}
