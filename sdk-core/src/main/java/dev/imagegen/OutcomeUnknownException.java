package dev.imagegen;

import org.jspecify.annotations.Nullable;

/**
 * A request that starts paid work was sent, and its answer was lost: the connection dropped after sending, the body was
 * cut, or the vendor answered 500, 502 or 504. The vendor may have generated (and billed) the image. The SDK never
 * retries this by itself; decide in your code whether a second, possibly billed, attempt is worth it. The cause is
 * the failure that hid the outcome.
 */
public class OutcomeUnknownException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with these details.
     *
     * @param details what is known of the failure
     * @param cause   the failure that hid the outcome, or null
     */
    public OutcomeUnknownException(Details details, @Nullable Throwable cause) {
        super(details, false, cause);
    }
}
