package dev.imagegen;

import org.jspecify.annotations.Nullable;

/**
 * No connection could be made, or it failed before the request was sent: nothing reached the vendor, nothing was billed.
 */
public class ConnectionException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with these details.
     *
     * @param details what is known of the failure; no HTTP status (nothing reached the vendor)
     * @param cause   the I/O error, or null
     */
    public ConnectionException(Details details, @Nullable Throwable cause) {
        super(details, true, cause);
    }
}
