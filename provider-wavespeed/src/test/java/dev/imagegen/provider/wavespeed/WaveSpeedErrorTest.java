package dev.imagegen.provider.wavespeed;

import dev.imagegen.AuthenticationException;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.InsufficientCreditsException;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.ModelNotFoundException;
import dev.imagegen.PermissionDeniedException;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Vendor error answers: {code, message, data:{error}} with every field optional, and bodies that are not JSON. */
class WaveSpeedErrorTest extends WaveSpeedTestBase {

    private <T extends ImageGenerationException> T failWith(MockResponse answer, Class<T> type) {
        server.enqueue(answer);
        T e = catchThrowableOfType(type, () -> client().generate(request().build()));
        assertThat(e).as("expected %s", type.getSimpleName()).isNotNull();
        assertThat(e.providerId()).hasValue("wavespeed");
        assertThat(server.getRequestCount()).isEqualTo(1);
        return e;
    }

    @Test
    void badRequestCarriesMessageAndDetail() {
        InvalidRequestException e = failWith(WaveSpeedFixtures.error(400, "Invalid request parameters",
                "size: width must be between 512 and 1536"), InvalidRequestException.class);
        assertThat(e.httpStatus()).hasValue(400);
        assertThat(e.vendorMessage()).hasValue("Invalid request parameters: size: width must be between 512 and 1536");
        assertThat(e.vendorCode()).as("a code that repeats the status is not news").isEmpty();
        assertThat(e).hasMessageContaining("width must be between 512 and 1536");
    }

    @Test
    void unauthorizedWithOnlyAMessage() {
        AuthenticationException e = failWith(WaveSpeedFixtures.json(401, "{\"code\":401,\"message\":\"Unauthorized\"}"),
                AuthenticationException.class);
        assertThat(e.vendorMessage()).hasValue("Unauthorized");
        assertThat(e).hasMessageNotContaining("Bearer").hasMessageNotContaining(" k ");
    }

    @Test
    void paymentRequiredIsInsufficientCredits() {
        InsufficientCreditsException e = failWith(WaveSpeedFixtures.error(402, "Insufficient balance", ""),
                InsufficientCreditsException.class);
        assertThat(e.vendorMessage()).hasValue("Insufficient balance");
    }

    @Test
    void forbiddenIsPermissionDenied() {
        failWith(WaveSpeedFixtures.error(403, "Forbidden", "your plan does not include this model"), PermissionDeniedException.class);
    }

    @Test
    void notFoundIsModelNotFound() {
        ModelNotFoundException e = failWith(WaveSpeedFixtures.error(404, "model not found", ""), ModelNotFoundException.class);
        assertThat(e.vendorMessage()).hasValue("model not found");
    }

    @Test
    void onlyDataErrorAndADifferentCodeAndAnId() {
        InvalidRequestException e = failWith(WaveSpeedFixtures.json(400,
                "{\"code\":\"E_PROMPT\",\"message\":null,\"data\":{\"error\":\"prompt is empty\",\"id\":\"p9\"}}"),
                InvalidRequestException.class);
        assertThat(e.vendorMessage()).hasValue("prompt is empty");
        assertThat(e.vendorCode()).hasValue("E_PROMPT");
        assertThat(e.requestId()).hasValue("p9");
        assertThat(e).hasMessageEndingWith("[request id: p9]");
    }

    @Test
    void emptyJsonObjectAndEmptyBody() {
        InvalidRequestException a = failWith(WaveSpeedFixtures.json(400, "{}"), InvalidRequestException.class);
        assertThat(a.vendorMessage()).isEmpty();
        server.enqueue(new MockResponse.Builder().code(400).build());
        InvalidRequestException b = catchThrowableOfType(InvalidRequestException.class, () -> client().generate(request().build()));
        assertThat(b.vendorMessage()).isEmpty();
        assertThat(b.httpStatus()).hasValue(400);
    }

    @Test
    void plainTextAndHtmlBodiesAreExcerpted() {
        InvalidRequestException text = failWith(new MockResponse.Builder().code(400).addHeader("Content-Type", "text/plain")
                .body("Bad Request: malformed JSON\n").build(), InvalidRequestException.class);
        assertThat(text.vendorMessage()).hasValue("Bad Request: malformed JSON");

        server.enqueue(new MockResponse.Builder().code(403).addHeader("Content-Type", "text/html")
                .body("<!DOCTYPE html><html><head><title>Access denied | api.wavespeed.ai</title></head><body>...</body></html>").build());
        PermissionDeniedException html = catchThrowableOfType(PermissionDeniedException.class, () -> client().generate(request().build()));
        assertThat(html.vendorMessage()).hasValue("Access denied | api.wavespeed.ai");
    }

    @Test
    void gatewayShapedJsonErrors() {
        AuthenticationException e = failWith(WaveSpeedFixtures.json(401, "{\"detail\":\"Not authenticated\"}"),
                AuthenticationException.class);
        assertThat(e.vendorMessage()).hasValue("Not authenticated");
    }
}
