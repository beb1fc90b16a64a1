package dev.imagegen;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The vendor throttled the account (HTTP 429), and the SDK's retries are spent. */
public class RateLimitedException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /** The vendor's Retry-After, or null. */
    private final @Nullable Duration retryAfter;

    /**
     * An error with these details and the vendor's Retry-After, or null.
     *
     * @param details    what is known of the failure, with the 429 status
     * @param retryAfter the wait the vendor asked for (Retry-After), or null when it did not say
     * @param cause      the underlying failure, or null
     */
    public RateLimitedException(Details details, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        super(details, true, cause);
        this.retryAfter = retryAfter;
    }

    /**
     * How long the vendor asked to wait, when it said.
     *
     * @return the requested wait, or empty when the vendor sent no Retry-After
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
