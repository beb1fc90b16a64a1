package dev.imagegen;

import org.jspecify.annotations.Nullable;

/**
 * The vendor failed on its side (HTTP 5xx). Thrown after the SDK's retries are spent, or at once where retrying could bill twice (then an {@link OutcomeUnknownException} wraps it).
 */
public class ProviderServerException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with these details.
     *
     * @param details what is known of the failure, usually with the 5xx status
     * @param cause   the underlying failure, or null
     */
    public ProviderServerException(Details details, @Nullable Throwable cause) {
        super(details, true, cause);
    }
}
