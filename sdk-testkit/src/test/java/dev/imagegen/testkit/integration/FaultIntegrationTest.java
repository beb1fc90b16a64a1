package dev.imagegen.testkit.integration;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.OutputFormat;
import dev.imagegen.RateLimitedException;
import dev.imagegen.RetryPolicy;
import dev.imagegen.testkit.EmulatedProviders;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static dev.imagegen.testkit.integration.Images.assertImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Failures injected with the emulator's fault plan, seen through {@link ImageClient} and every provider. */
@EmulatedProviders
class FaultIntegrationTest {

    /** provider, model, the route of the request that starts paid work. */
    private static final String PAID_ROUTES = """
            segmind,   hidream-i1-fast, segmind.generate
            lumoz,     hidream-l1,      lumoz.run
            wavespeed, hidream-i1-fast, wavespeed.submit
            lumenfall, hidream-i1-fast, lumenfall.generations
            fal,       hidream-i1-fast, fal.submit
            """;

    private static ImageRequest request(String provider, String model) {
        return ImageRequest.builder().provider(provider).model(model).prompt("fault " + provider).size(1024, 1024)
                .outputFormat(OutputFormat.PNG).build();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = PAID_ROUTES)
    void rateLimitedThenServedIsRetried(String provider, String model, String route, ImageClient client,
                                        ProviderEmulator emu) {
        emu.faults().on(route).times(2).respond(Fault.status(429).header("Retry-After-Ms", "20"));

        ImageResult r = client.generate(request(provider, model));

        assertImage(r.image(), 1024, 1024, "image/png");
        assertThat(emu.requestCount(route)).isEqualTo(3);
    }

    @Test
    void rateLimitedOnEveryAttemptGivesUpWithRetryAfter(ProviderEmulator emu) {
        emu.faults().on(Routes.SEGMIND_GENERATE).always().respond(Fault.status(429).header("Retry-After-Ms", "10"));
        try (ImageClient client = EmulatorClients.builder(emu).retryPolicy(RetryPolicy.defaults().withMaxRetries(2))
                .build()) {
            assertThatThrownBy(() -> client.generate(request("segmind", "hidream-i1-fast")))
                    .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                        assertThat(e.httpStatus()).hasValue(429);
                        assertThat(e.providerId()).hasValue("segmind");
                        assertThat(e.retryAfter()).hasValue(Duration.ofMillis(10));
                    });
        }
        assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = PAID_ROUTES)
    void serverErrorOnThePaidPostIsOutcomeUnknownAndNotRetried(String provider, String model, String route,
                                                               ImageClient client, ProviderEmulator emu) {
        emu.faults().on(route).always().respond(Fault.status(500));

        assertThatThrownBy(() -> client.generate(request(provider, model)))
                .isInstanceOfSatisfying(OutcomeUnknownException.class, e -> {
                    assertThat(e.providerId()).hasValue(provider);
                    assertThat(e.isRetryable()).isFalse();
                });
        assertThat(emu.requestCount(route)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = PAID_ROUTES)
    void droppedConnectionAfterSendingThePaidPostIsOutcomeUnknown(String provider, String model, String route,
                                                                  ImageClient client, ProviderEmulator emu) {
        emu.faults().on(route).always().respond(Fault.dropConnection());

        assertThatThrownBy(() -> client.generate(request(provider, model)))
                .isInstanceOf(OutcomeUnknownException.class);
        assertThat(emu.requestCount(route)).isEqualTo(1);
    }

    @Test
    void droppedConnectionOnAPollIsRetried(ProviderEmulator emu) {
        emu.faults().on(Routes.WAVESPEED_RESULT).once().respond(Fault.dropConnection());
        try (ImageClient client = EmulatorClients.builder(emu).pollInterval(Duration.ofMillis(10), Duration.ofMillis(50))
                .build()) {
            ImageResult r = client.generate(request("wavespeed", "hidream-i1-fast"));
            assertImage(r.image(), 1024, 1024, "image/png");
        }
        assertThat(emu.requestCount(Routes.WAVESPEED_RESULT)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void droppedDownloadOfAUrlOutputIsRetried(ImageClient client, ProviderEmulator emu) {
        emu.faults().on(Routes.STORAGE).once().respond(Fault.dropMidBody());

        ImageResult r = client.generate(request("lumenfall", "hidream-i1-fast"));

        assertImage(r.image(), 1024, 1024, "image/png");
        assertThat(emu.requestCount(Routes.STORAGE)).isEqualTo(2);
    }

    @Test
    void malformedJsonAnswerToThePaidPostIsOutcomeUnknown(ImageClient client, ProviderEmulator emu) {
        emu.faults().on(Routes.LUMENFALL_GENERATIONS).once().respond(Fault.malformedBody());

        // The answer was cut: the vendor may have made (and billed) the image, so the SDK neither retries nor guesses.
        assertThatThrownBy(() -> client.generate(request("lumenfall", "hidream-i1-fast")))
                .isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("may have generated and billed it");
        assertThat(emu.requestCount(Routes.LUMENFALL_GENERATIONS)).isEqualTo(1);
    }

    @Test
    void malformedJsonAnswerToAPollIsInvalidResponseAfterRetries(ProviderEmulator emu) {
        emu.faults().on(Routes.WAVESPEED_RESULT).always().respond(Fault.malformedBody());
        try (ImageClient client = EmulatorClients.builder(emu).retryPolicy(RetryPolicy.defaults().withMaxRetries(1)
                        .withJitter(false)).pollInterval(Duration.ofMillis(10), Duration.ofMillis(50)).build()) {
            assertThatThrownBy(() -> client.generate(request("wavespeed", "hidream-i1-fast")))
                    .isInstanceOf(InvalidResponseException.class);
        }
        assertThat(emu.requestCount(Routes.WAVESPEED_SUBMIT)).isEqualTo(1);
    }

    @Test
    void malformedImageBytesAreAnUnknownOutcomeNeverASuccess(ImageClient client, ProviderEmulator emu) {
        emu.faults().on(Routes.SEGMIND_GENERATE).once().respond(Fault.malformedBody());

        // Segmind v1 answers raw bytes with a 200; 64 bytes that start like a PNG but hold no readable header are no
        // image, and the paid request may have been billed: an unknown outcome, never a result
        assertThatThrownBy(() -> client.generate(request("segmind", "hidream-i1-fast")))
                .isInstanceOf(OutcomeUnknownException.class).hasMessageContaining("holds no usable image");
        assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(1);
    }
}
