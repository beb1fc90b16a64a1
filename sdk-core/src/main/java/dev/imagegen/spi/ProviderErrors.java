package dev.imagegen.spi;

import dev.imagegen.AuthenticationException;
import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.InsufficientCreditsException;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.ModelNotFoundException;
import dev.imagegen.PermissionDeniedException;
import dev.imagegen.ProviderServerException;
import dev.imagegen.RateLimitedException;
import dev.imagegen.internal.http.RetryAfter;

import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * The standard mapping from an HTTP status to the SDK's typed errors, for providers to call from
 * {@link ImageProvider#mapError} after reading the vendor's code and text (and to override where a vendor departs
 * from it, e.g. Segmind's 406).
 */
public final class ProviderErrors {

    private ProviderErrors() {
    }

    /**
     * The typed error for a non-2xx answer: 400 and 422 invalid request, 401 authentication, 402 insufficient credits,
     * 403 permission denied, 404 and 410 model not found, 429 rate limited (with Retry-After), 408 and 5xx server
     * errors; anything else the root type.
     *
     * @param providerId    the id of the provider the answer came from
     * @param response      the non-2xx answer; its {@code x-request-id} (else {@code request-id}) header is used when
     *                      {@code requestId} is null, and its Retry-After headers for a 429
     * @param vendorCode    the vendor's error code, or null
     * @param vendorMessage the vendor's error text, or null (then a short excerpt of the body is used)
     * @param requestId     the vendor's request id, or null
     * @return the typed error, never null (the caller throws or returns it)
     */
    public static ImageGenerationException fromStatus(String providerId, WireResponse response,
                                                      @Nullable String vendorCode, @Nullable String vendorMessage,
                                                      @Nullable String requestId) {
        int status = response.status();
        if (requestId == null) {
            requestId = response.header("x-request-id").or(() -> response.header("request-id")).orElse(null);
        }
        Details d = new Details(summary(status), providerId, status, vendorCode, vendorMessage, requestId);
        return switch (status) {
            case 400, 422 -> new InvalidRequestException(d, null);
            case 401 -> new AuthenticationException(d, null);
            case 402 -> new InsufficientCreditsException(d, null);
            case 403 -> new PermissionDeniedException(d, null);
            case 404, 410 -> new ModelNotFoundException(d, null);
            case 429 -> new RateLimitedException(d, RetryAfter.parse(response::header, Clock.systemUTC()).orElse(null), null);
            default -> status == 408 || status >= 500 ? new ProviderServerException(d, null)
                    : new ImageGenerationException(d, false, null);
        };
    }

    /**
     * A vendor's rejection of one field (a 400 or 422 that names it, e.g. fal's {@code detail[].loc}): an
     * {@link InvalidRequestException} whose {@link InvalidRequestException#field()} is {@code field}.
     *
     * @param providerId    the id of the provider the answer came from
     * @param response      the 400 or 422 answer (its status is kept on the error)
     * @param field         the field as the SDK's caller knows it: the neutral name when the provider can map the
     *                      vendor's ({@code size} for {@code image_size}), else {@code providerOptions.<id>.<vendor field>}
     * @param vendorCode    the vendor's error code or type, or null
     * @param vendorMessage the vendor's text about the field, or null
     * @param requestId     the vendor's request id, or null
     * @return the error, not retryable, naming the field
     */
    public static InvalidRequestException rejectedField(String providerId, WireResponse response, String field,
                                                        @Nullable String vendorCode, @Nullable String vendorMessage,
                                                        @Nullable String requestId) {
        java.util.Objects.requireNonNull(field, "field");
        Details d = new Details("the vendor rejected field " + field, providerId, response.status(), vendorCode,
                vendorMessage, requestId);
        return new InvalidRequestException(d, field, java.util.List.of(), null);
    }

    /**
     * How long the answer asks the client to wait ({@code Retry-After-Ms}, or {@code Retry-After} in seconds or as an
     * HTTP date), for providers that build a {@link RateLimitedException} themselves.
     *
     * @param response the answer, usually a 429 or 503
     * @return the wait the answer asks for, or empty when it has no readable Retry-After header
     */
    public static java.util.Optional<java.time.Duration> retryAfter(WireResponse response) {
        return RetryAfter.parse(response::header, Clock.systemUTC());
    }

    /**
     * A generation the vendor reports as failed (a job in state failed, a 422 job failure).
     *
     * @param providerId    the id of the provider that ran the job
     * @param vendorMessage the vendor's reason, or null when it gave none
     * @param requestId     the vendor's request or job id, or null
     * @return the error, with no HTTP status (-1); not retryable
     */
    public static GenerationFailedException generationFailed(String providerId, @Nullable String vendorMessage,
                                                             @Nullable String requestId) {
        return new GenerationFailedException(new Details("generation failed", providerId, -1, null, vendorMessage, requestId), null);
    }

    /**
     * An answer the provider cannot read (missing field, unexpected shape).
     *
     * @param providerId the id of the provider whose answer could not be read
     * @param problem    what is wrong, for the message, e.g. {@code "no images[] in the answer"}
     * @param requestId  the vendor's request id, or null
     * @return the error, with no HTTP status (-1)
     */
    public static InvalidResponseException invalidResponse(String providerId, String problem, @Nullable String requestId) {
        return new InvalidResponseException(new Details("unreadable response: " + problem, providerId, -1, null, null, requestId), null);
    }

    /**
     * A short excerpt of an error body, for vendors whose error bodies are not JSON (an HTML page, plain text).
     *
     * @param body the error body as text, or null
     * @return the body with whitespace collapsed, an HTML page reduced to its title, cut to 300 characters; null when
     *         {@code body} is null or blank
     */
    public static @Nullable String excerpt(@Nullable String body) {
        if (body == null) {
            return null;
        }
        String t = body.strip();
        if (t.isEmpty()) {
            return null;
        }
        if (t.regionMatches(true, 0, "<!doctype", 0, 9) || t.regionMatches(true, 0, "<html", 0, 5)) {
            int s = t.toLowerCase(java.util.Locale.ROOT).indexOf("<title>");
            int e = t.toLowerCase(java.util.Locale.ROOT).indexOf("</title>");
            t = s >= 0 && e > s ? t.substring(s + 7, e).strip() : "HTML error page";
        }
        t = t.replaceAll("\\s+", " ");
        return t.length() > 300 ? t.substring(0, 297) + "..." : t;
    }

    private static String summary(int status) {
        return switch (status) {
            case 400 -> "invalid request";
            case 401 -> "authentication failed: check the API key";
            case 402 -> "insufficient credits";
            case 403 -> "permission denied";
            case 404 -> "not found";
            case 408 -> "request timeout";
            case 410 -> "model retired";
            case 422 -> "request rejected";
            case 429 -> "rate limited";
            default -> status >= 500 ? "server error" : "unexpected HTTP status";
        };
    }
}
