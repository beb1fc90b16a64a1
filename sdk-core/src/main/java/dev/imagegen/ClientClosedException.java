package dev.imagegen;

import org.jspecify.annotations.Nullable;

/**
 * The {@link ImageClient} was closed: before the call started (nothing was sent), or while it was in flight (it was
 * stopped). When the vendor had already accepted a paid job, {@link #jobRef()} holds its ref: another client can
 * {@link ImageClient#resume(String) resume} it without paying again.
 */
public class ClientClosedException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with these details; {@code jobRef} is the accepted job's ref, or null.
     *
     * @param details what is known of the failure; no HTTP status
     * @param jobRef  the ref of the paid job the vendor had accepted, or null when none was
     */
    public ClientClosedException(Details details, @Nullable String jobRef) {
        super(details, false, null, jobRef);
    }
}
