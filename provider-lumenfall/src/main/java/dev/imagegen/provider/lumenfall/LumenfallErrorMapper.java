package dev.imagegen.provider.lumenfall;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen.AuthenticationException;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.InsufficientCreditsException;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.ModelNotFoundException;
import dev.imagegen.ProviderServerException;
import dev.imagegen.RateLimitedException;
import dev.imagegen.spi.ProviderErrors;
import dev.imagegen.spi.WireResponse;

import java.util.Locale;

/**
 * Maps Lumenfall's error answers, {@code {"error":{"message","type","code"}}} with every field optional (and bodies
 * that are not JSON at all), to typed exceptions: by {@code error.code} first, then by HTTP status.
 *
 * <table>
 * <caption>error.code to exception</caption>
 * <tr><td>AUTHENTICATION_FAILED</td><td>{@link AuthenticationException}</td></tr>
 * <tr><td>INSUFFICIENT_BALANCE</td><td>{@link InsufficientCreditsException}</td></tr>
 * <tr><td>INVALID_REQUEST</td><td>{@link InvalidRequestException}</td></tr>
 * <tr><td>MODEL_NOT_FOUND, MODEL_DISABLED</td><td>{@link ModelNotFoundException}</td></tr>
 * <tr><td>RATE_LIMITED</td><td>{@link RateLimitedException}</td></tr>
 * <tr><td>ALL_PROVIDERS_EXHAUSTED</td><td>{@link ProviderServerException}</td></tr>
 * <tr><td>UPSTREAM_ERROR, any other or none</td><td>by status ({@link ProviderErrors#fromStatus})</td></tr>
 * </table>
 */
final class LumenfallErrorMapper {

    private static final String ID = LumenfallProviderFactory.ID;

    ImageGenerationException map(WireResponse response) {
        JsonNode error = response.tryJson().map(j -> j.path("error")).orElse(null);
        String message = null;
        String code = null;
        String type = null;
        if (error != null && error.isObject()) {
            message = text(error.get("message"));
            code = text(error.get("code"));
            type = text(error.get("type"));
        } else if (error != null && error.isTextual()) {
            message = error.asText();
        }
        if (message == null) {
            message = ProviderErrors.excerpt(response.bodyText());
        }
        String requestId = LumenfallHeaders.requestId(response);
        // the code decides; without one, OpenAI's error type is still worth showing to the caller
        String vendorCode = code != null ? code : type;
        int status = response.status();
        String key = code == null ? "" : code.toUpperCase(Locale.ROOT);
        return switch (key) {
            case "AUTHENTICATION_FAILED" -> new AuthenticationException(
                    details("authentication failed: check the API key", status, vendorCode, message, requestId), null);
            case "INSUFFICIENT_BALANCE" -> new InsufficientCreditsException(
                    details("insufficient balance", status, vendorCode, message, requestId), null);
            case "INVALID_REQUEST" -> new InvalidRequestException(
                    details("invalid request", status, vendorCode, message, requestId), null);
            case "MODEL_NOT_FOUND" -> new ModelNotFoundException(
                    details("model not found", status, vendorCode, message, requestId), null);
            case "MODEL_DISABLED" -> new ModelNotFoundException(
                    details("model disabled", status, vendorCode, message, requestId), null);
            case "RATE_LIMITED" -> new RateLimitedException(
                    details("rate limited", status, vendorCode, message, requestId),
                    ProviderErrors.retryAfter(response).orElse(null), null);
            case "ALL_PROVIDERS_EXHAUSTED" -> new ProviderServerException(
                    details("every upstream provider failed", status, vendorCode, message, requestId), null);
            default -> ProviderErrors.fromStatus(ID, response, vendorCode, message, requestId);
        };
    }

    private static Details details(String summary, int status, String code, String message, String requestId) {
        return new Details(summary, ID, status, code, message, requestId);
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        String t = node.asText();
        return t.isBlank() ? null : t;
    }
}
