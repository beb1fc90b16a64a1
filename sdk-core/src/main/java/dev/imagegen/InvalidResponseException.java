package dev.imagegen;

/**
 * The vendor answered with something the SDK cannot read: malformed or truncated JSON, an unexpected content type, a body over the size cap, or an output URL the SDK refuses to fetch (not https).
 */
public class InvalidResponseException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /** An error with these details. */
    public InvalidResponseException(Details details, Throwable cause) {
        super(details, false, cause);
    }
}
