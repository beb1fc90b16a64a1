package dev.imagegen;

import org.jspecify.annotations.Nullable;

/**
 * The vendor answered with something the SDK cannot use: malformed or truncated JSON, an unexpected content type, a
 * body over the size cap, an output URL the SDK refuses to fetch (not https), an output that is not an image, or a
 * generated output whose download failed (then the message says it was generated, and must not be paid for again).
 * An answer to a paid request that holds no image is an {@link OutcomeUnknownException} instead.
 */
public class InvalidResponseException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with these details.
     *
     * @param details what is known of the failure
     * @param cause   the parse or download error, or null
     */
    public InvalidResponseException(Details details, @Nullable Throwable cause) {
        super(details, false, cause);
    }
}
