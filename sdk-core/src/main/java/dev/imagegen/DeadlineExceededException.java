package dev.imagegen;

import org.jspecify.annotations.Nullable;

/**
 * The request's overall deadline passed: it covers connecting, every retry, queueing and polling. When a job was
 * already submitted, {@link #jobRef()} holds its ref: {@link ImageClient#resume(String)} picks it up later without
 * paying again.
 *
 * <p>Named so as not to clash with {@link java.util.concurrent.TimeoutException}.
 */
public class DeadlineExceededException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with these details; {@code jobRef} is the submitted job's ref, or null.
     *
     * @param details what is known of the failure
     * @param jobRef  the ref of the job the vendor had accepted, or null when none was
     * @param cause   the failure in flight when the deadline passed, or null
     */
    public DeadlineExceededException(Details details, @Nullable String jobRef, @Nullable Throwable cause) {
        super(details, false, cause, jobRef);
    }
}
