package dev.imagegen.provider.lumoz;

import dev.imagegen.AuthenticationException;
import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.InsufficientCreditsException;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.ModelNotFoundException;
import dev.imagegen.RateLimitedException;
import dev.imagegen.spi.ProviderErrors;
import dev.imagegen.spi.WireResponse;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * LumozAI's errors as typed exceptions. A non-2xx answer follows the standard status mapping, except that a 4xx whose
 * message speaks of credits or balance is an {@link InsufficientCreditsException}. A {@code success:false} answer
 * (which may come with HTTP 200) is read by its message, since its status says nothing. The message is taken from
 * {@code message}, {@code error} or {@code error.message}, or is an excerpt of a body that is not JSON.
 */
final class LumozErrorMapper {

    private static final String ID = LumozCatalog.PROVIDER_ID;
    private static final Pattern CREDITS = Pattern.compile("credit|balance|insufficient fund|top ?up|out of funds");
    private static final Pattern AUTH = Pattern.compile("unauthenticated|unauthori[sz]ed|api[ _-]?key|invalid token|bearer");
    private static final Pattern NOT_FOUND = Pattern.compile("model.*not (be )?found|not found.*model|unknown model|invalid model");
    private static final Pattern RATE = Pattern.compile("too many requests|rate limit");
    private static final Pattern INVALID = Pattern.compile("required|invalid|must be|must not|not supported|not allowed|validation");

    /** The error for a non-2xx answer. */
    ImageGenerationException fromStatus(WireResponse response) {
        byte[] body = response.bodyBytes();
        Optional<LumozAnswer> answer = LumozAnswer.tryRead(body);
        String message = answer.flatMap(LumozAnswer::message)
                .orElseGet(() -> ProviderErrors.excerpt(new String(body, StandardCharsets.UTF_8)));
        String code = answer.flatMap(a -> a.get("code").or(() -> a.get("error.code"))).orElse(null);
        String requestId = answer.flatMap(LumozAnswer::requestId).orElse(null);
        int status = response.status();
        if (status >= 400 && status < 500 && status != 401 && status != 429 && matches(CREDITS, message)) {
            return new InsufficientCreditsException(new Details("insufficient credits", ID, status, code, message,
                    requestId(response, requestId)), null);
        }
        return ProviderErrors.fromStatus(ID, response, code, message, requestId);
    }

    /**
     * The error for a {@code success:false} answer to the run request, classified by its message; a failure it cannot
     * place is a {@link GenerationFailedException}.
     */
    ImageGenerationException vendorFailure(WireResponse response, LumozAnswer answer) {
        String message = answer.message().orElse("the vendor answered success:false without a message");
        String code = answer.get("code").or(() -> answer.get("error.code")).orElse(null);
        Details d = new Details("the vendor reported a failure", ID, response.status(), code, message,
                requestId(response, answer.requestId().orElse(null)));
        if (matches(CREDITS, message)) {
            return new InsufficientCreditsException(d, null);
        }
        if (matches(AUTH, message)) {
            return new AuthenticationException(d, null);
        }
        if (matches(NOT_FOUND, message)) {
            return new ModelNotFoundException(d, null);
        }
        if (matches(RATE, message)) {
            return new RateLimitedException(d, null, null);
        }
        if (matches(INVALID, message)) {
            return new InvalidRequestException(d, null);
        }
        return new GenerationFailedException(d, null);
    }

    /** The error for a job the check endpoint reports as failed (a failed status, or {@code success:false}). */
    GenerationFailedException jobFailed(LumozAnswer answer, String requestId) {
        String message = answer.message().orElse("the job ended with status " + answer.status().orElse("failed"));
        return ProviderErrors.generationFailed(ID, message, answer.requestId().orElse(requestId));
    }

    private static String requestId(WireResponse response, String fromBody) {
        return fromBody != null ? fromBody
                : response.header("x-request-id").or(() -> response.header("request-id")).orElse(null);
    }

    private static boolean matches(Pattern p, String message) {
        return message != null && p.matcher(message.toLowerCase(Locale.ROOT)).find();
    }
}
