package dev.imagegen;

import org.jspecify.annotations.Nullable;

/**
 * The vendor rejected the API key (HTTP 401): missing, wrong or revoked.
 */
public class AuthenticationException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with these details.
     *
     * @param details what is known of the failure, usually with the 401 status and the vendor's text
     * @param cause   the underlying failure, or null
     */
    public AuthenticationException(Details details, @Nullable Throwable cause) {
        super(details, false, cause);
    }
}
