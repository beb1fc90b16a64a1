package dev.imagegen;

import org.jspecify.annotations.Nullable;

/**
 * No connection could be made, or it failed before the request was sent: nothing reached the vendor, nothing was billed.
 */
public class ConnectionException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /** An error with these details. */
    public ConnectionException(Details details, @Nullable Throwable cause) {
        super(details, true, cause);
    }
}
