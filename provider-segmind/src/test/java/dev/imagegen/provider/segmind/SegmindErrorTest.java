package dev.imagegen.provider.segmind;

import dev.imagegen.testing.StubResponse;

import dev.imagegen.AuthenticationException;
import dev.imagegen.GenerationFailedException;
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
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.ProviderConfig;
import dev.imagegen.testing.FakeTime;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every documented error status becomes its typed exception, keeping the vendor's text and the request id. */
class SegmindErrorTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakeTime time;
    ImageClient client;

    @BeforeEach
    void setUp() {
        time = new FakeTime();
        client = SegmindTestSupport.client(server, time, Map.of());
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private static ImageRequest request() {
        return ImageRequest.builder().model("hidream-i1-fast").prompt("a panda").build();
    }

    static Stream<Arguments> singleAnswerErrors() {
        return Stream.of(
                Arguments.of(400, "error/400.json", InvalidRequestException.class,
                        "Invalid parameters: resolution must be one of the allowed values"),
                Arguments.of(401, "error/401.json", AuthenticationException.class, "Unauthorized: missing or invalid API key"),
                Arguments.of(403, "error/403.json", PermissionDeniedException.class, "Forbidden: this key may not use the model"),
                Arguments.of(404, "error/404.json", ModelNotFoundException.class, "Model not found"),
                Arguments.of(405, "error/405.html", InvalidRequestException.class, "405 Method Not Allowed"),
                Arguments.of(406, "error/406-credits.json", InsufficientCreditsException.class, "Insufficient credits"),
                Arguments.of(406, "error/406-content-type.json", InvalidRequestException.class, "Invalid content type"),
                Arguments.of(410, "error/410.json", ModelNotFoundException.class, "This model has been retired"),
                Arguments.of(422, "error/422.json", GenerationFailedException.class, "Job failed: CUDA out of memory"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("singleAnswerErrors")
    void statusMapsToItsExceptionWithVendorTextAndRequestId(int status, String fixture,
                                                            Class<? extends ImageGenerationException> type, String vendorText) {
        server.enqueue(SegmindTestSupport.error(status, fixture, "req-" + status));
        assertThatThrownBy(() -> client.generate(request()))
                .isExactlyInstanceOf(type)
                .isInstanceOfSatisfying(ImageGenerationException.class, e -> {
                    assertThat(e.providerId()).contains("segmind");
                    assertThat(e.httpStatus()).hasValue(status);
                    assertThat(e.vendorMessage()).contains(vendorText);
                    assertThat(e.requestId()).contains("req-" + status);
                    assertThat(e.getMessage()).contains(vendorText).endsWith("[request id: req-" + status + "]")
                            .doesNotContain(SegmindTestSupport.KEY);
                });
        assertThat(server.getRequestCount()).as("a paid request answered %s is not re-sent", status).isEqualTo(1);
    }

    @Test
    void theHtml405PageIsReducedToItsTitle() {
        server.enqueue(SegmindTestSupport.error(405, "error/405.html", "req-405"));
        assertThatThrownBy(() -> client.generate(request()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.vendorMessage()).contains("405 Method Not Allowed");
                    assertThat(e.getMessage()).doesNotContain("<html").doesNotContain("DOCTYPE");
                });
    }

    @Test
    void rateLimitIsRetriedThenRateLimited() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(SegmindTestSupport.error(429, "error/429.json", "req-429-" + i));
        }
        assertThatThrownBy(() -> client.generate(request()))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.vendorMessage()).contains("Rate limit exceeded");
                    assertThat(e.requestId()).contains("req-429-3");
                    assertThat(e.isRetryable()).isTrue();
                });
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    static Stream<Arguments> serverErrorsAfterSending() {
        return Stream.of(
                Arguments.of(500, "error/500.json", "Internal server error"),
                Arguments.of(502, "error/502.txt", "Bad Gateway"),
                Arguments.of(504, "error/504.json", "Request timed out"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serverErrorsAfterSending")
    void aServerErrorToThePaidPostIsOutcomeUnknownWrappingTheServerError(int status, String fixture, String vendorText) {
        server.enqueue(SegmindTestSupport.error(status, fixture, "req-" + status));
        assertThatThrownBy(() -> client.generate(request()))
                .isInstanceOfSatisfying(OutcomeUnknownException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(status);
                    assertThat(e.vendorMessage()).contains(vendorText);
                    assertThat(e.requestId()).contains("req-" + status);
                    assertThat(e.getCause()).isInstanceOf(ProviderServerException.class);
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void serviceUnavailableIsRetriedThenAProviderServerException() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(SegmindTestSupport.error(503, "error/503.json", "req-503"));
        }
        assertThatThrownBy(() -> client.generate(request()))
                .isInstanceOfSatisfying(ProviderServerException.class, e -> {
                    assertThat(e.vendorMessage()).contains("Service temporarily unavailable");
                    assertThat(e.requestId()).contains("req-503");
                });
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    // ---- the mapper on its own ----

    private static ImageProvider provider() {
        return new SegmindProviderFactory().create(new ProviderConfig("segmind", "https://api.segmind.com", Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serverErrorsAfterSending")
    void serverErrorsMapToProviderServerException(int status, String fixture, String vendorText) {
        String type = fixture.endsWith(".json") ? "application/json" : "text/plain";
        ImageGenerationException e = provider().mapError(StubResponse.of(status,
                "https://api.segmind.com/v1/hidream-l1-fast", type, SegmindTestSupport.fixtureText(fixture))
                .header("x-request-id", "rid"));
        assertThat(e).isExactlyInstanceOf(ProviderServerException.class);
        assertThat(e.vendorMessage()).contains(vendorText);
        assertThat(e.requestId()).contains("rid");
    }

    @Test
    void creditsAreRecognisedWhateverTheCase() {
        ImageGenerationException e = provider().mapError(StubResponse.of(406, "https://api.segmind.com/v1/x",
                "application/json", "{\"error\":\"Not enough CREDITS left on this account\"}"));
        assertThat(e).isExactlyInstanceOf(InsufficientCreditsException.class);
        assertThat(e.vendorMessage()).contains("Not enough CREDITS left on this account");
    }

    @Test
    void a406WithoutABodyIsAnInvalidRequest() {
        ImageGenerationException e = provider().mapError(StubResponse.of(406, "https://api.segmind.com/v1/x", null, ""));
        assertThat(e).isExactlyInstanceOf(InvalidRequestException.class);
        assertThat(e.httpStatus()).hasValue(406);
    }

    @Test
    void plainTextAndNestedErrorBodiesKeepTheirText() {
        assertThat(provider().mapError(StubResponse.of(400, "https://api.segmind.com/v1/x", "text/plain",
                "prompt is required\n")).vendorMessage()).contains("prompt is required");
        assertThat(provider().mapError(StubResponse.of(400, "https://api.segmind.com/v1/x", "application/json",
                "{\"error\":{\"message\":\"bad seed\"}}")).vendorMessage()).contains("bad seed");
        assertThat(provider().mapError(StubResponse.of(400, "https://api.segmind.com/v1/x", "application/json",
                "{\"message\":\"bad quality\"}")).vendorMessage()).contains("bad quality");
    }

    @Test
    void withoutTheHeaderTheRequestIdComesFromTheV2UrlOrTheBody() {
        ImageGenerationException fromUrl = provider().mapError(StubResponse.of(422,
                "https://api.segmind.com/v2/requests/abc-123", "application/json",
                SegmindTestSupport.fixtureText("v2/result-failed.json")));
        assertThat(fromUrl).isExactlyInstanceOf(GenerationFailedException.class);
        assertThat(fromUrl.requestId()).contains("abc-123");
        assertThat(fromUrl.vendorCode()).contains("FAILED");
        assertThat(fromUrl.vendorMessage()).contains("Generation failed: invalid resolution");
        ImageGenerationException fromBody = provider().mapError(StubResponse.of(422,
                "https://api.segmind.com/v1/hidream-l1-fast", "application/json", "{\"error\":\"nope\",\"request_id\":\"b-9\"}"));
        assertThat(fromBody.requestId()).contains("b-9");
    }
}
