package dev.imagegen.internal.client;

import dev.imagegen.BudgetExceededException;
import dev.imagegen.ConnectionException;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.InsufficientCreditsException;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.ProviderServerException;
import dev.imagegen.RateLimitedException;

import dev.imagegen.internal.Errors;

import java.util.List;
import java.util.stream.Collectors;

/** What an error means for routing: whether the call may move on to the next candidate, and for the breaker. */
final class FailoverRules {

    private FailoverRules() {
    }

    /** A provider that failed (or was skipped) for one call, and why. */
    record Failed(String providerId, ImageGenerationException error) {
    }

    /**
     * Whether {@code e} lets the call move on to the next candidate: nothing was billed, and another vendor may
     * succeed. Never once the vendor accepted a job ({@code jobAccepted}): it may bill, so it is never re-sent elsewhere.
     */
    static boolean failsOver(ImageGenerationException e, boolean jobAccepted) {
        if (jobAccepted) {
            return false;
        }
        return e instanceof RateLimitedException || e instanceof ProviderServerException || e instanceof ConnectionException
                || e instanceof InsufficientCreditsException || e instanceof BudgetExceededException;
    }

    /** What an outcome says about the provider's health, for its circuit breaker. */
    static ProviderGate.Health health(Throwable e) {
        if (e == null) {
            return ProviderGate.Health.SUCCESS;
        }
        if (e instanceof RateLimitedException || e instanceof ProviderServerException || e instanceof ConnectionException
                || e instanceof InsufficientCreditsException || e instanceof OutcomeUnknownException) {
            return ProviderGate.Health.FAILURE;
        }
        return ProviderGate.Health.NEUTRAL;
    }

    /**
     * The error when every candidate failed: the last one's type and details, its message naming every provider tried,
     * the earlier errors suppressed. A single failure is returned as it is.
     */
    static ImageGenerationException exhausted(List<Failed> failures) {
        ImageGenerationException last = failures.get(failures.size() - 1).error();
        if (failures.size() == 1) {
            return last;
        }
        String tried = failures.stream().map(f -> f.providerId() + " (" + f.error().getClass().getSimpleName() + ")")
                .collect(Collectors.joining(", "));
        ImageGenerationException.Details d = last.details();
        ImageGenerationException.Details nd = new ImageGenerationException.Details(d.summary() + "; every provider failed, tried "
                + tried, failures.get(failures.size() - 1).providerId(), d.httpStatus(), d.vendorCode(), d.vendorMessage(), d.requestId());
        ImageGenerationException out = Errors.withDetails(last, nd, last);
        for (Failed f : failures.subList(0, failures.size() - 1)) {
            out.addSuppressed(f.error());
        }
        return out;
    }

    /** Adds the earlier candidates' errors to {@code e}, which ends the call. */
    static void suppress(Throwable e, List<Failed> earlier) {
        for (Failed f : earlier) {
            if (f.error() != e) {
                e.addSuppressed(f.error());
            }
        }
    }
}
