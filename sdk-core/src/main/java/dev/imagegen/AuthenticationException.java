package dev.imagegen;

import org.jspecify.annotations.Nullable;

/**
 * The vendor rejected the API key (HTTP 401): missing, wrong or revoked.
 */
public class AuthenticationException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /** An error with these details. */
    public AuthenticationException(Details details, @Nullable Throwable cause) {
        super(details, false, cause);
    }
}
