package dev.imagegen.internal;

import dev.imagegen.AuthenticationException;
import dev.imagegen.BudgetExceededException;
import dev.imagegen.CircuitOpenException;
import dev.imagegen.ClientClosedException;
import dev.imagegen.ConnectionException;
import dev.imagegen.DeadlineExceededException;
import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.InsufficientCreditsException;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.ModelNotFoundException;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.PermissionDeniedException;
import dev.imagegen.ProviderServerException;
import dev.imagegen.RateLimitedException;
import dev.imagegen.StoreUnavailableException;

/** Copies of the SDK's errors with other details, keeping their type and what else they carry. */
public final class Errors {

    private Errors() {
    }

    /**
     * {@code e} as the same type with {@code d} instead of its details (and the same cause, ref, stack trace and
     * suppressed errors). An error type the SDK does not know (a provider's own subclass) becomes the root type.
     */
    public static ImageGenerationException withDetails(ImageGenerationException e, Details d) {
        return withDetails(e, d, e.getCause());
    }

    /** {@link #withDetails(ImageGenerationException, Details)} with another cause. */
    public static ImageGenerationException withDetails(ImageGenerationException e, Details d, Throwable cause) {
        ImageGenerationException out = copy(e, d, cause);
        out.setStackTrace(e.getStackTrace());
        for (Throwable s : e.getSuppressed()) {
            out.addSuppressed(s);
        }
        return ErrorAccess.withJobRef(out, e.jobRef().orElse(null));
    }

    private static ImageGenerationException copy(ImageGenerationException e, Details d, Throwable cause) {
        // most specific first: CircuitOpenException is a ProviderServerException
        if (e instanceof CircuitOpenException c) {
            return new CircuitOpenException(d, c.retryAfter());
        }
        if (e instanceof InvalidRequestException i) {
            return new InvalidRequestException(d, i.field().orElse(null), i.allowed(), cause);
        }
        if (e instanceof RateLimitedException r) {
            return new RateLimitedException(d, r.retryAfter().orElse(null), cause);
        }
        if (e instanceof BudgetExceededException b) {
            return new BudgetExceededException(d, b.estimate().orElse(null), b.remaining(), b.period(), b.windowEnd());
        }
        if (e instanceof StoreUnavailableException) {
            return new StoreUnavailableException(d, cause);
        }
        if (e instanceof DeadlineExceededException) {
            return new DeadlineExceededException(d, e.jobRef().orElse(null), cause);
        }
        if (e instanceof ClientClosedException) {
            return new ClientClosedException(d, e.jobRef().orElse(null));
        }
        if (e instanceof AuthenticationException) {
            return new AuthenticationException(d, cause);
        }
        if (e instanceof PermissionDeniedException) {
            return new PermissionDeniedException(d, cause);
        }
        if (e instanceof ModelNotFoundException) {
            return new ModelNotFoundException(d, cause);
        }
        if (e instanceof InsufficientCreditsException) {
            return new InsufficientCreditsException(d, cause);
        }
        if (e instanceof ProviderServerException) {
            return new ProviderServerException(d, cause);
        }
        if (e instanceof GenerationFailedException) {
            return new GenerationFailedException(d, cause);
        }
        if (e instanceof OutcomeUnknownException) {
            return new OutcomeUnknownException(d, cause);
        }
        if (e instanceof ConnectionException) {
            return new ConnectionException(d, cause);
        }
        if (e instanceof InvalidResponseException) {
            return new InvalidResponseException(d, cause);
        }
        return new ImageGenerationException(d, e.isRetryable(), cause);
    }
}
