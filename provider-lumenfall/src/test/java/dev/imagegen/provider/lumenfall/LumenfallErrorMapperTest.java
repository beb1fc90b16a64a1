package dev.imagegen.provider.lumenfall;

import dev.imagegen.testing.StubResponse;

import dev.imagegen.AuthenticationException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.InsufficientCreditsException;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.ModelNotFoundException;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.PermissionDeniedException;
import dev.imagegen.ProviderServerException;
import dev.imagegen.RateLimitedException;
import dev.imagegen.testing.FakeTime;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.imagegen.provider.lumenfall.LumenfallTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lumenfall's error codes, then statuses, to typed exceptions. */
class LumenfallErrorMapperTest {

    final LumenfallErrorMapper mapper = new LumenfallErrorMapper();

    @StartStop
    final MockWebServer server = new MockWebServer();

    ImageGenerationException map(int status, String body) {
        return mapper.map(StubResponse.of(status, body).header("X-Lumenfall-Request-Id", "req_e1"));
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
            "authentication-failed, 401, dev.imagegen.AuthenticationException, AUTHENTICATION_FAILED, Invalid API key",
            "insufficient-balance, 402, dev.imagegen.InsufficientCreditsException, INSUFFICIENT_BALANCE, Insufficient balance. Please top up your account.",
            "invalid-request, 400, dev.imagegen.InvalidRequestException, INVALID_REQUEST, size must be WIDTHxHEIGHT",
            "model-not-found, 404, dev.imagegen.ModelNotFoundException, MODEL_NOT_FOUND, Model 'hidream-i1-nope' not found",
            "model-disabled, 404, dev.imagegen.ModelNotFoundException, MODEL_DISABLED, Model 'hidream-i1-dev' is disabled",
            "rate-limited, 429, dev.imagegen.RateLimitedException, RATE_LIMITED, Rate limit exceeded",
            "all-providers-exhausted, 502, dev.imagegen.ProviderServerException, ALL_PROVIDERS_EXHAUSTED, All providers failed for this request",
            "upstream-error, 503, dev.imagegen.ProviderServerException, UPSTREAM_ERROR, Upstream provider error",
    })
    void eachDocumentedCodeMapsToItsType(String fixtureName, int status, String type, String code, String message)
            throws Exception {
        ImageGenerationException e = map(status, fixture("error-" + fixtureName + ".json"));
        assertThat(e).isExactlyInstanceOf(Class.forName(type));
        assertThat(e.providerId()).contains("lumenfall");
        assertThat(e.httpStatus()).hasValue(status);
        assertThat(e.vendorCode()).contains(code);
        assertThat(e.vendorMessage()).contains(message);
        assertThat(e.requestId()).contains("req_e1");
        assertThat(e.getMessage()).contains(message).endsWith("[request id: req_e1]");
    }

    @Test
    void theCodeWinsOverTheStatus() {
        assertThat(map(400, "{\"error\":{\"code\":\"INSUFFICIENT_BALANCE\"}}")).isExactlyInstanceOf(InsufficientCreditsException.class);
        assertThat(map(403, "{\"error\":{\"code\":\"MODEL_DISABLED\"}}")).isExactlyInstanceOf(ModelNotFoundException.class);
        assertThat(map(500, "{\"error\":{\"code\":\"AUTHENTICATION_FAILED\"}}")).isExactlyInstanceOf(AuthenticationException.class);
        assertThat(map(422, "{\"error\":{\"code\":\"invalid_request\"}}")).as("codes compared case-insensitively")
                .isExactlyInstanceOf(InvalidRequestException.class);
    }

    @Test
    void upstreamErrorAndUnknownCodesGoByStatus() {
        assertThat(map(403, "{\"error\":{\"code\":\"UPSTREAM_ERROR\",\"message\":\"forbidden upstream\"}}"))
                .isExactlyInstanceOf(PermissionDeniedException.class);
        assertThat(map(400, "{\"error\":{\"code\":\"UPSTREAM_ERROR\"}}")).isExactlyInstanceOf(InvalidRequestException.class);
        assertThat(map(504, "{\"error\":{\"code\":\"SOMETHING_NEW\"}}")).isExactlyInstanceOf(ProviderServerException.class)
                .satisfies(e -> assertThat(e.vendorCode()).contains("SOMETHING_NEW"));
        assertThat(map(401, "{\"error\":{}}")).isExactlyInstanceOf(AuthenticationException.class);
    }

    @Test
    void rateLimitedCarriesRetryAfter() {
        RateLimitedException e = (RateLimitedException) mapper.map(StubResponse.of(429, fixture("error-rate-limited.json"))
                .header("Retry-After", "7"));
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        RateLimitedException onOtherStatus = (RateLimitedException) mapper.map(StubResponse.of(503,
                fixture("error-rate-limited.json")).header("Retry-After-Ms", "1500"));
        assertThat(onOtherStatus.retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void everyFieldIsOptionalAndNonJsonBodiesAreExcerpted() {
        ImageGenerationException typeOnly = map(400, "{\"error\":{\"type\":\"invalid_request_error\"}}");
        assertThat(typeOnly).isExactlyInstanceOf(InvalidRequestException.class);
        assertThat(typeOnly.vendorCode()).as("the OpenAI type stands in for a missing code").contains("invalid_request_error");

        ImageGenerationException nullCode = map(404, "{\"error\":{\"message\":\"gone\",\"code\":null,\"type\":null}}");
        assertThat(nullCode).isExactlyInstanceOf(ModelNotFoundException.class);
        assertThat(nullCode.vendorCode()).isEmpty();
        assertThat(nullCode.vendorMessage()).contains("gone");

        ImageGenerationException stringError = map(400, "{\"error\":\"bad size\"}");
        assertThat(stringError.vendorMessage()).contains("bad size");

        ImageGenerationException html = map(502, "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>");
        assertThat(html).isExactlyInstanceOf(ProviderServerException.class);
        assertThat(html.vendorMessage()).contains("502 Bad Gateway");

        ImageGenerationException plain = map(503, "  upstream connect error  ");
        assertThat(plain.vendorMessage()).contains("upstream connect error");

        ImageGenerationException empty = mapper.map(StubResponse.of(500, "").header("x-request-id", "req_generic"));
        assertThat(empty).isExactlyInstanceOf(ProviderServerException.class);
        assertThat(empty.vendorMessage()).isEmpty();
        assertThat(empty.requestId()).contains("req_generic");
    }

    @Test
    void throughTheClientTheTypedErrorsReachTheCaller() {
        try (ImageClient client = LumenfallTestSupport.client(server, new FakeTime(), Map.of())) {
            ImageRequest request = ImageRequest.builder().model("hidream-i1-full").prompt("x").build();

            server.enqueue(LumenfallTestSupport.json(402, fixture("error-insufficient-balance.json")).newBuilder()
                    .addHeader("X-Lumenfall-Request-Id", "req_402").build());
            assertThatThrownBy(() -> client.generate(request))
                    .isInstanceOfSatisfying(InsufficientCreditsException.class, e -> {
                        assertThat(e.vendorCode()).contains("INSUFFICIENT_BALANCE");
                        assertThat(e.requestId()).contains("req_402");
                        assertThat(e.getMessage()).doesNotContain(LumenfallTestSupport.KEY);
                    });

            // a paid request answered 502 may have been billed: the core reports it as such, the vendor's words kept
            server.enqueue(LumenfallTestSupport.json(502, fixture("error-all-providers-exhausted.json")));
            assertThatThrownBy(() -> client.generate(request))
                    .isInstanceOfSatisfying(OutcomeUnknownException.class, e -> {
                        assertThat(e.vendorCode()).contains("ALL_PROVIDERS_EXHAUSTED");
                        assertThat(e.getCause()).isExactlyInstanceOf(ProviderServerException.class);
                    });
            assertThat(server.getRequestCount()).isEqualTo(2);
        }
    }
}
