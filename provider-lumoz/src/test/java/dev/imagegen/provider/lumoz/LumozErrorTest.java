package dev.imagegen.provider.lumoz;

import dev.imagegen.AuthenticationException;
import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.InsufficientCreditsException;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.ModelNotFoundException;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.PermissionDeniedException;
import dev.imagegen.ProviderServerException;
import dev.imagegen.RateLimitedException;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every error status and every {@code success:false} becomes a typed error with the vendor's message and request id. */
class LumozErrorTest extends LumozTestSupport {

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of(400, "The prompt field is required.", InvalidRequestException.class, 1),
                Arguments.of(401, "Unauthenticated.", AuthenticationException.class, 1),
                Arguments.of(402, "Payment required", InsufficientCreditsException.class, 1),
                Arguments.of(403, "Your plan does not include this model", PermissionDeniedException.class, 1),
                Arguments.of(404, "Model not found: hidream-l1", ModelNotFoundException.class, 1),
                Arguments.of(405, "The GET method is not supported", ImageGenerationException.class, 1),
                Arguments.of(410, "Model retired", ModelNotFoundException.class, 1),
                Arguments.of(422, "The aspect ratio field is invalid", InvalidRequestException.class, 1),
                // the paid run is retried on 429 and 503 only (3 retries), and a 500/502/504 is an unknown outcome
                Arguments.of(429, "Too many requests", RateLimitedException.class, 4),
                Arguments.of(500, "Server Error", OutcomeUnknownException.class, 1),
                Arguments.of(502, "Bad gateway", OutcomeUnknownException.class, 1),
                Arguments.of(503, "Service unavailable", ProviderServerException.class, 4),
                Arguments.of(504, "Gateway timeout", OutcomeUnknownException.class, 1));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @MethodSource("statuses")
    void statusIsTypedWithTheVendorMessageAndRequestId(int status, String message,
                                                      Class<? extends ImageGenerationException> type, int attempts) {
        for (int i = 0; i < attempts; i++) {
            server.enqueue(json(status, fixture("responses/error-message.json", "message", message).strip()));
        }
        assertThatThrownBy(() -> client.generate(request(HIDREAM, "a fox").build()))
                .isExactlyInstanceOf(type)
                .hasMessageContaining(message)
                .hasMessageContaining("212121212121212")
                .hasMessageNotContaining(KEY)
                .isInstanceOfSatisfying(ImageGenerationException.class, e -> {
                    assertThat(e.providerId()).contains("lumoz");
                    assertThat(e.httpStatus()).hasValue(status);
                    assertThat(e.vendorMessage()).contains(message);
                    assertThat(e.requestId()).contains("212121212121212");
                });
        assertThat(server.getRequestCount()).isEqualTo(attempts);
    }

    @Test
    void aCreditsMessageOnA4xxIsInsufficientCredits() {
        server.enqueue(json(400, "{\"success\":false,\"message\":\"Insufficient credits. Please top up your balance.\"}"));
        assertThatThrownBy(() -> client.generate(request(KAWAII, "Cute 3d Kawaii, a cat").build()))
                .isInstanceOfSatisfying(InsufficientCreditsException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(400);
                    assertThat(e.vendorMessage()).contains("Insufficient credits. Please top up your balance.");
                });
    }

    @Test
    void anErrorFieldInsteadOfAMessageIsRead() {
        server.enqueue(json(400, fixture("responses/error-error-field.json", "message", "bad seed").strip()));
        assertThatThrownBy(() -> client.generate(request(HIDREAM, "a fox").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.vendorMessage()).contains("bad seed"));
    }

    @Test
    void anErrorObjectWithAMessageIsRead() {
        server.enqueue(json(403, "{\"error\":{\"message\":\"forbidden for this key\",\"code\":\"forbidden\"}}"));
        assertThatThrownBy(() -> client.generate(request(HIDREAM, "a fox").build()))
                .isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
                    assertThat(e.vendorMessage()).contains("forbidden for this key");
                    assertThat(e.vendorCode()).contains("forbidden");
                });
    }

    @Test
    void anHtmlErrorPageGivesItsTitle() {
        server.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
                .body(fixture("responses/error-page.html")).build());
        assertThatThrownBy(() -> client.generate(request(HIDREAM, "a fox").build()))
                .isInstanceOfSatisfying(OutcomeUnknownException.class,
                        e -> assertThat(e.vendorMessage()).contains("502 Bad Gateway"));
    }

    @Test
    void aPlainTextErrorIsKeptAsTheMessageWithTheHeaderRequestId() {
        server.enqueue(new MockResponse.Builder().code(401).addHeader("Content-Type", "text/plain")
                .addHeader("x-request-id", "req-abc").body("Invalid API key\n").build());
        assertThatThrownBy(() -> client.generate(request(HIDREAM, "a fox").build()))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.vendorMessage()).contains("Invalid API key");
                    assertThat(e.requestId()).contains("req-abc");
                });
    }

    static Stream<Arguments> failuresAt200() {
        return Stream.of(
                Arguments.of("Insufficient credits", InsufficientCreditsException.class),
                Arguments.of("Invalid API key", AuthenticationException.class),
                Arguments.of("Model not found", ModelNotFoundException.class),
                Arguments.of("Too many requests, slow down", RateLimitedException.class),
                Arguments.of("The prompt field is required.", InvalidRequestException.class),
                Arguments.of("NSFW content detected in the output", GenerationFailedException.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failuresAt200")
    void successFalseWithHttp200IsTypedByItsMessage(String message, Class<? extends ImageGenerationException> type) {
        server.enqueue(json(200, fixture("responses/error-message.json", "message", message).strip()));
        assertThatThrownBy(() -> client.generate(request(HIDREAM, "a fox").build()))
                .isExactlyInstanceOf(type)
                .hasMessageContaining(message)
                .isInstanceOfSatisfying(ImageGenerationException.class, e -> {
                    assertThat(e.vendorMessage()).contains(message);
                    assertThat(e.requestId()).contains("212121212121212");
                });
        assertThat(server.getRequestCount()).as("a vendor-reported failure is not re-sent").isEqualTo(1);
    }

    @Test
    void successFalseWithoutAMessageStillFails() {
        server.enqueue(json(200, "{\"success\":false}"));
        assertThatThrownBy(() -> client.generate(request(HIDREAM, "a fox").build()))
                .isInstanceOf(GenerationFailedException.class)
                .hasMessageContaining("success:false");
    }
}
