package dev.imagegen;

import org.jspecify.annotations.Nullable;

/**
 * The account has no credit left for this request (HTTP 402; Segmind 406 "Insufficient credits"; Lumenfall INSUFFICIENT_BALANCE).
 */
public class InsufficientCreditsException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with these details.
     *
     * @param details what is known of the failure, with the vendor's code and text
     * @param cause   the underlying failure, or null
     */
    public InsufficientCreditsException(Details details, @Nullable Throwable cause) {
        super(details, false, cause);
    }
}
