package dev.imagegen;

import org.jspecify.annotations.Nullable;

/**
 * The key is valid but may not do this (HTTP 403): a model or feature outside the account's plan.
 */
public class PermissionDeniedException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with these details.
     *
     * @param details what is known of the failure, with the vendor's code and text
     * @param cause   the underlying failure, or null
     */
    public PermissionDeniedException(Details details, @Nullable Throwable cause) {
        super(details, false, cause);
    }
}
