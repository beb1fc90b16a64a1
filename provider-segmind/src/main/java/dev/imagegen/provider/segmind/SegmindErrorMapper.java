package dev.imagegen.provider.segmind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.InsufficientCreditsException;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.spi.ProviderErrors;
import dev.imagegen.spi.WireResponse;

import java.util.Locale;
import java.util.Optional;

/**
 * Turns Segmind's non-2xx answers into typed errors. Bodies are usually {@code {"error":"<message>"}}, but a 405 (and
 * any proxy in front of the API) answers with an HTML page, and some answers are plain text: the vendor text is the
 * {@code error} field when the body is such JSON, else a short excerpt of the body.
 *
 * <table>
 *   <caption>Status to exception</caption>
 *   <tr><td>400</td><td>InvalidRequestException</td></tr>
 *   <tr><td>401</td><td>AuthenticationException</td></tr>
 *   <tr><td>403</td><td>PermissionDeniedException</td></tr>
 *   <tr><td>404, 410</td><td>ModelNotFoundException</td></tr>
 *   <tr><td>405</td><td>InvalidRequestException (wrong method or path; the vendor sends an HTML page)</td></tr>
 *   <tr><td>406</td><td>InsufficientCreditsException when the text mentions credit(s), else InvalidRequestException
 *       ("Invalid content type")</td></tr>
 *   <tr><td>422</td><td>GenerationFailedException (the job failed)</td></tr>
 *   <tr><td>429</td><td>RateLimitedException</td></tr>
 *   <tr><td>5xx</td><td>ProviderServerException (the core turns 500/502/504 on the paid POST into OutcomeUnknown)</td></tr>
 * </table>
 */
final class SegmindErrorMapper {

    private final SegmindEndpoints endpoints;

    SegmindErrorMapper(SegmindEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    ImageGenerationException map(WireResponse response) {
        int status = response.status();
        Optional<JsonNode> json = response.tryJson().filter(JsonNode::isObject);
        String message = json.map(SegmindErrorMapper::vendorMessage).orElse(null);
        if (message == null) {
            message = ProviderErrors.excerpt(response.bodyText());
        }
        String vendorStatus = json.map(j -> j.path("status")).filter(JsonNode::isTextual).map(JsonNode::asText).orElse(null);
        String requestId = requestId(response, json.orElse(null));
        String id = SegmindCatalog.PROVIDER_ID;
        return switch (status) {
            case 405 -> new InvalidRequestException(new Details("method not allowed: check the base URL and paths", id,
                    status, null, message, requestId), null);
            case 406 -> message != null && message.toLowerCase(Locale.ROOT).contains("credit")
                    ? new InsufficientCreditsException(new Details("insufficient credits", id, status, null, message, requestId), null)
                    : new InvalidRequestException(new Details("request not acceptable", id, status, null, message, requestId), null);
            case 422 -> new GenerationFailedException(new Details("generation failed", id, status, vendorStatus, message,
                    requestId), null);
            default -> ProviderErrors.fromStatus(id, response, null, message, requestId);
        };
    }

    /** The vendor's text in a JSON error body: {@code error} (a string, or an object with {@code message}), else
     * {@code message} or {@code detail}. */
    static String vendorMessage(JsonNode body) {
        JsonNode e = body.path("error");
        if (e.isTextual() && !e.asText().isBlank()) {
            return e.asText();
        }
        if (e.isObject() && e.path("message").isTextual()) {
            return e.path("message").asText();
        }
        for (String f : new String[]{"message", "detail"}) {
            if (body.path(f).isTextual() && !body.path(f).asText().isBlank()) {
                return body.path(f).asText();
            }
        }
        if (!e.isMissingNode() && !e.isNull()) {
            return e.toString();
        }
        return null;
    }

    /** {@code x-request-id}; else a {@code request_id} in the body; else the id in a v2 status or result URL. */
    private String requestId(WireResponse response, JsonNode json) {
        Optional<String> header = response.header("x-request-id").filter(s -> !s.isBlank());
        if (header.isPresent()) {
            return header.get();
        }
        if (json != null && json.path("request_id").isValueNode() && !json.path("request_id").isNull()) {
            return json.path("request_id").asText();
        }
        return endpoints.requestIdIn(response.url());
    }
}
