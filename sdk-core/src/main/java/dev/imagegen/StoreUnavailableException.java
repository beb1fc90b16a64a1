package dev.imagegen;

/**
 * The client's {@link dev.imagegen.spi.SharedStore shared store} (e.g. Redis) could not answer in time, and its failure
 * policy says to fail rather than go on without it: no budget reservation or fleet-wide limit could be had, so nothing
 * was sent and nothing was billed. Safe to retry once the store is back. See {@code docs/scale.md}.
 */
public class StoreUnavailableException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with these details.
     *
     * @param details what is known of the failure; no HTTP status (nothing was sent)
     * @param cause   the store's error or timeout
     */
    public StoreUnavailableException(Details details, Throwable cause) {
        super(details, true, cause);
    }
}
