package dev.imagegen.provider.fal;

import dev.imagegen.AuthenticationException;
import dev.imagegen.DeadlineExceededException;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.InsufficientCreditsException;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.ModelNotFoundException;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.PermissionDeniedException;
import dev.imagegen.ProviderServerException;
import dev.imagegen.RateLimitedException;
import dev.imagegen.testing.CallMode;
import dev.imagegen.testing.Fixtures;
import dev.imagegen.testing.StubResponse;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** fal's error answers, to the submit over the wire (both call modes) and to the mapper directly. */
class FalErrorTest extends FalTestBase {

    private static final FalProvider PROVIDER = (FalProvider) new FalProviderFactory()
            .create(new dev.imagegen.spi.ProviderConfig(ID, "https://queue.fal.run", java.util.Map.of()));

    private static ImageGenerationException map(StubResponse r) {
        return PROVIDER.mapError(r);
    }

    private static StubResponse json(int status, String body) {
        return StubResponse.of(status, "https://queue.fal.run/fal-ai/hidream-i1-dev", "application/json", body);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "prompt, prompt", "image_size, size", "num_inference_steps, steps", "guidance_scale, guidanceScale",
        "seed, seed", "num_images, count", "output_format, outputFormat", "negative_prompt, negativePrompt",
        "enable_safety_checker, safetyChecker", "sync_mode, providerOptions.fal.sync_mode", "loras, providerOptions.fal.loras"})
    void aValidationErrorNamesTheNeutralFieldOrTheRawOne(String vendorField, String field) {
        InvalidRequestException e = (InvalidRequestException) map(json(422, Fixtures.text(ID, "error-validation.json",
                "field", vendorField, "msg", "ensure this value is valid", "type", "value_error"))
                .header("x-fal-request-id", "q1"));
        assertThat(e.field()).hasValue(field);
        assertThat(e.vendorCode()).hasValue("value_error");
        assertThat(e.vendorMessage()).hasValue(vendorField + ": ensure this value is valid");
        assertThat(e.requestId()).hasValue("q1");
        assertThat(e.httpStatus()).hasValue(422);
    }

    @Test
    void aNestedLocNamesItsTopField() {
        InvalidRequestException e = (InvalidRequestException) map(json(422, "{\"detail\":[{\"loc\":[\"body\",\"image_size\","
                + "\"width\"],\"msg\":\"ensure this value is less than or equal to 14142\",\"type\":\"value_error.number"
                + ".not_le\",\"ctx\":{\"limit_value\":14142}},{\"loc\":[\"body\",\"seed\"],\"msg\":\"not an int\","
                + "\"type\":\"type_error.integer\"}]}"));
        assertThat(e.field()).hasValue("size");
        assertThat(e.vendorMessage()).hasValue("image_size: ensure this value is less than or equal to 14142; seed: not an int");
    }

    @Test
    void aContentPolicy422NamesThePrompt() {
        InvalidRequestException e = (InvalidRequestException) map(json(422, Fixtures.text(ID, "error-validation.json",
                "field", "prompt", "msg", "The content was flagged by a content checker.", "type", "content_policy_violation")));
        assertThat(e.field()).hasValue("prompt");
        assertThat(e.vendorCode()).hasValue("content_policy_violation");
    }

    @Test
    void aStringDetailOrABodyWithoutLocMapsByStatus() {
        InvalidRequestException s = (InvalidRequestException) map(json(422, "{\"detail\":\"Unprocessable\"}"));
        assertThat(s.field()).isEmpty();
        assertThat(s.vendorMessage()).hasValue("Unprocessable");
        InvalidRequestException noLoc = (InvalidRequestException) map(json(422, "{\"detail\":[{\"msg\":\"bad\"}]}"));
        assertThat(noLoc.field()).isEmpty();
        assertThat(noLoc.vendorMessage()).hasValue("bad");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"400, InvalidRequestException", "401, AuthenticationException", "402, InsufficientCreditsException",
        "403, PermissionDeniedException", "404, ModelNotFoundException", "410, ModelNotFoundException",
        "429, RateLimitedException", "500, ProviderServerException", "502, ProviderServerException",
        "503, ProviderServerException", "504, ProviderServerException"})
    void everyStatusMapsToItsType(int status, String type) {
        ImageGenerationException e = map(json(status, Fixtures.text(ID, "error-detail.json", "message", "it went wrong"))
                .header("x-fal-request-id", "q2"));
        assertThat(e.getClass().getSimpleName()).isEqualTo(type);
        assertThat(e.vendorMessage()).hasValue("it went wrong");
        assertThat(e.requestId()).hasValue("q2");
        assertThat(e.providerId()).hasValue("fal");
    }

    @Test
    void infraErrorsCarryTheirErrorTypeFromTheBodyOrTheHeader() {
        ImageGenerationException body = map(json(503, Fixtures.text(ID, "error-infra.json", "message", "Runner scheduling failed",
                "type", "runner_scheduling_failure")));
        assertThat(body).isInstanceOf(ProviderServerException.class);
        assertThat(body.vendorCode()).hasValue("runner_scheduling_failure");
        ImageGenerationException header = map(json(504, "{\"detail\":\"Request timed out\"}")
                .header("X-Fal-Error-Type", "request_timeout"));
        assertThat(header).isInstanceOf(ProviderServerException.class);
        assertThat(header.vendorCode()).hasValue("request_timeout");
        assertThat(header).hasMessageContaining("Request timed out").hasMessageContaining("request_timeout");
    }

    @Test
    void aUserTimeout504IsTheCallersOwnDeadlineNotAServerError() {
        ImageGenerationException e = map(json(504, Fixtures.text(ID, "error-infra.json", "message", "Request timed out",
                "type", "request_timeout")).header("x-fal-request-timeout-type", "user").header("x-fal-request-id", "q3"));
        assertThat(e).isInstanceOf(DeadlineExceededException.class).isNotInstanceOf(ProviderServerException.class);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.vendorCode()).hasValue("request_timeout");
        assertThat(e.requestId()).hasValue("q3");
        assertThat(e).hasMessageContaining("start timeout");
    }

    @Test
    void htmlEmptyAndPlainBodiesAreExcerpted() {
        ImageGenerationException html = map(StubResponse.of(502, "https://queue.fal.run/x", "text/html",
                "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"));
        assertThat(html).isInstanceOf(ProviderServerException.class);
        assertThat(html.vendorMessage()).hasValue("502 Bad Gateway");
        ImageGenerationException empty = map(StubResponse.of(401, ""));
        assertThat(empty).isInstanceOf(AuthenticationException.class);
        assertThat(empty.vendorMessage()).isEmpty();
        ImageGenerationException text = map(StubResponse.of(403, "https://queue.fal.run/x", "text/plain", "Forbidden\n"));
        assertThat(text).isInstanceOf(PermissionDeniedException.class);
        assertThat(text.vendorMessage()).hasValue("Forbidden");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aRejectedFieldOverTheWireIsNotResent(CallMode mode) {
        server.enqueue(new MockResponse.Builder(Fixtures.json(422, Fixtures.text(ID, "error-validation.json", "field",
                "image_size", "msg", "unsupported size", "type", "value_error"))).addHeader("x-fal-request-id", "q4").build());
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> mode.generate(client(), request().build()));
        assertThat(e.field()).hasValue("size");
        assertThat(e).hasMessageContaining("unsupported size").hasMessageEndingWith("[request id: q4]");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void overTheWireEachStatusIsTypedAndOnly429And503AreRetried(CallMode mode) {
        int[] statuses = {401, 402, 403, 404, 500, 502, 504};
        Class<?>[] types = {AuthenticationException.class, InsufficientCreditsException.class,
            PermissionDeniedException.class, ModelNotFoundException.class, OutcomeUnknownException.class,
            OutcomeUnknownException.class, OutcomeUnknownException.class};
        for (int i = 0; i < statuses.length; i++) {
            server.enqueue(Fixtures.json(statuses[i], "{\"detail\":\"no\"}"));
            int before = server.getRequestCount();
            Throwable e = catchThrowableOfType(ImageGenerationException.class, () -> mode.generate(client(), request().build()));
            assertThat(e).as("HTTP %s", statuses[i]).isInstanceOf(types[i]);
            assertThat(server.getRequestCount() - before).as("HTTP %s sent once", statuses[i]).isEqualTo(1);
        }
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse.Builder(Fixtures.json(503, "{\"detail\":\"busy\",\"error_type\":"
                    + "\"runner_scheduling_failure\"}")).addHeader("Retry-After", "1").build());
        }
        ProviderServerException busy = catchThrowableOfType(ProviderServerException.class,
                () -> mode.generate(client(), request().build()));
        assertThat(busy.vendorCode()).hasValue("runner_scheduling_failure");
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(catchThrowableOfType(RateLimitedException.class, () -> {
            for (int i = 0; i < 4; i++) {
                server.enqueue(Fixtures.json(429, "{\"detail\":\"Too many requests\"}"));
            }
            mode.generate(client(), request().build());
        })).isNotNull();
    }
}
