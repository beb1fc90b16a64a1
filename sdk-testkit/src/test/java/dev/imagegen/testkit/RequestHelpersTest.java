package dev.imagegen.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link ProviderEmulator#takeRequest} and {@link ProviderEmulator#verify}: the MockWebServer and WireMock habits. */
class RequestHelpersTest extends EmulatorTestSupport {

    @Test
    void takeRequestReturnsEachRequestOnceInArrivalOrder() {
        try (ProviderEmulator emu = ProviderEmulator.start()) {
            get(emu.uri() + "/storage/a.png");
            postJson(emu.uri() + "/nowhere", "{\"n\":2}");

            RecordedCall first = emu.takeRequest(Duration.ofSeconds(5)).orElseThrow();
            RecordedCall second = emu.takeRequest(Duration.ofSeconds(5)).orElseThrow();

            assertThat(first.path()).isEqualTo("/storage/a.png");
            assertThat(second.route()).isEqualTo(Routes.UNMATCHED);
            assertThat(second.bodyAsString()).isEqualTo("{\"n\":2}");
            assertThat(emu.takeRequest(Duration.ZERO)).as("nothing left to take").isEmpty();
            assertThat(emu.requests()).as("taking does not empty the log").hasSize(2);
        }
    }

    @Test
    void takeRequestWaitsForARequestStillToCome() throws Exception {
        try (ProviderEmulator emu = ProviderEmulator.start()) {
            CountDownLatch waiting = new CountDownLatch(1);
            CompletableFuture<RecordedCall> taken = CompletableFuture.supplyAsync(() -> {
                waiting.countDown();
                return emu.takeRequest(Duration.ofSeconds(30)).orElseThrow();
            });
            assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();

            get(emu.uri() + "/storage/late.png");

            assertThat(taken.get(30, TimeUnit.SECONDS).path()).isEqualTo("/storage/late.png");
        }
    }

    @Test
    void clearRequestsForgetsTheUntakenOnes() {
        try (ProviderEmulator emu = ProviderEmulator.start()) {
            get(emu.uri() + "/storage/old.png");
            emu.clearRequests();
            get(emu.uri() + "/storage/new.png");

            assertThat(emu.takeRequest(Duration.ofSeconds(5))).hasValueSatisfying(
                    c -> assertThat(c.path()).isEqualTo("/storage/new.png"));
        }
    }

    @Test
    void verifyReturnsTheRoutesRequests() {
        try (ProviderEmulator emu = ProviderEmulator.start()) {
            get(emu.uri() + "/storage/a.png");
            get(emu.uri() + "/nowhere");
            get(emu.uri() + "/storage/b.png");

            List<RecordedCall> storage = emu.verify(Routes.STORAGE, 2);

            assertThat(storage).extracting(RecordedCall::path).containsExactly("/storage/a.png", "/storage/b.png");
            assertThat(emu.verify(Routes.LUMOZ_RUN, 0)).isEmpty();
            assertThat(emu.requests(Routes.UNMATCHED)).extracting(RecordedCall::path).containsExactly("/nowhere");
        }
    }

    @Test
    void aFailedVerifySaysWhatWasExpectedAndListsWhatCame() {
        try (ProviderEmulator emu = ProviderEmulator.start()) {
            get(emu.uri() + "/storage/a.png");
            postJson(emu.baseUrl("segmind") + "/v1/hidream-l1-fast", "{}", "x-api-key", emu.apiKey());

            assertThatThrownBy(() -> emu.verify(Routes.STORAGE, 2))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("expected 2 requests on route storage but it was hit 1 request. The log holds 2"
                            + " requests:\n"
                            + "  * GET /storage/a.png  -> storage\n"
                            + "    POST /v1/hidream-l1-fast  -> segmind.generate");
            emu.clearRequests();
            assertThatThrownBy(() -> emu.verify(Routes.SEGMIND_GENERATE, 1))
                    .hasMessage("expected 1 request on route segmind.generate but it was hit 0 requests."
                            + " The request log is empty.");
        }
    }

    @Test
    void aLongLogIsCutToTheLastRequests() {
        try (ProviderEmulator emu = ProviderEmulator.start()) {
            for (int i = 0; i < RequestReport.MAX_LISTED + 5; i++) {
                get(emu.uri() + "/storage/" + i + ".png");
            }

            assertThatThrownBy(() -> emu.verify(Routes.STORAGE, 1))
                    .hasMessageContaining("The log holds 25 requests (the last 20 shown):")
                    .hasMessageContaining("GET /storage/24.png")
                    .message().doesNotContain("/storage/4.png").contains("/storage/5.png");
        }
    }

    @Test
    void unknownRoutesAndNegativeCountsAreRefused() {
        try (ProviderEmulator emu = ProviderEmulator.start()) {
            assertThatThrownBy(() -> emu.verify("segmind.v1", 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("segmind.generate");
            assertThatThrownBy(() -> emu.requests("segmind.v1")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> emu.verify(Routes.STORAGE, -1)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
