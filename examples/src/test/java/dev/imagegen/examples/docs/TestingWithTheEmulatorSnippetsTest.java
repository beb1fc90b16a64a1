package dev.imagegen.examples.docs;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.RetryPolicy;
import dev.imagegen.testkit.EmulatedProviders;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.FaultPlan;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.RecordedCall;
import dev.imagegen.testkit.Routes;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Compiled twins of docs/testing-with-the-emulator.md's Java snippets, verbatim (checked by {@link DocSnippetsTest}),
 * run against the emulator. The page's first snippet is {@link ThumbnailServiceTest}.
 */
@EmulatedProviders
class TestingWithTheEmulatorSnippetsTest {

    // "The JUnit 5 extension": a test that needs other client settings
@Test
void queueMode(ProviderEmulator emu) {
    try (ImageClient client = EmulatorClients.builder(emu)
            .providerOption("segmind", "queue", "true")        // Segmind's v2 queue instead of v1
            .retryPolicy(RetryPolicy.none())
            .build()) {
        client.generate(ImageRequest.builder()
                .provider("segmind").model("hidream-i1-fast").prompt("a cat").build());
        assertThat(emu.requestCount(Routes.SEGMIND_QUEUE_SUBMIT)).isEqualTo(1);
    }
}

    @Test
    void withoutJUnit() {
try (ProviderEmulator emu = ProviderEmulator.builder()
        .processingTime(Duration.ofMillis(300))    // how long each generation "takes" (default 0)
        .start();
     ImageClient client = EmulatorClients.builder(emu).build()) {
    ImageResult r = client.generate(ImageRequest.builder().model("hidream-i1-fast").prompt("a fox").build());
    // ... your code under test, then assertions on r and emu.requests() ...
}
    }

    @Test
    void faultInjection(ProviderEmulator emu) {
emu.faults().on(Routes.SEGMIND_GENERATE).times(2).respond(Fault.status(429).header("Retry-After", "1"));
emu.faults().on(Routes.WAVESPEED_RESULT).always().respond(Fault.delay(Duration.ofSeconds(2)));
emu.faults().on(Routes.LUMENFALL_GENERATIONS).once().respond(Fault.dropConnection());
emu.faults().on(Routes.STORAGE).respond(Fault.dropMidBody());            // no once/times/always: fires once
emu.faults().on(Routes.STORAGE).probability(0.1, 42L).always().respond(Fault.truncatedBody());
emu.faults().onAnyRoute().always().respond(Fault.status(503));
FaultPlan.Rule rule = emu.faults().on(Routes.LUMOZ_RUN).always().respond(Fault.status(500));
rule.fired(); rule.exhausted(); rule.cancel();
emu.faults().clear();
        assertThat(emu.faults().rules()).isEmpty();
    }

    // "Faults": a 5xx on a paid POST is not retried
@Test
void serverErrorIsNotRetried(ImageClient client, ProviderEmulator emu) {
    emu.faults().on(Routes.WAVESPEED_SUBMIT).always().respond(Fault.status(500));

    assertThatThrownBy(() -> client.generate(ImageRequest.builder()
            .provider("wavespeed").model("hidream-i1-fast").prompt("x").build()))
            .isInstanceOf(OutcomeUnknownException.class);
    assertThat(emu.requestCount(Routes.WAVESPEED_SUBMIT)).isEqualTo(1);
}

    @Test
    void recordedCalls(ImageClient client, ProviderEmulator emu) {
        client.generate(ImageRequest.builder()
                .provider("wavespeed").model("hidream-i1-fast").prompt("a cat").size(1024, 1024).build());

RecordedCall submit = emu.requests().stream()
        .filter(c -> c.route().equals(Routes.WAVESPEED_SUBMIT)).findFirst().orElseThrow();
assertThat(submit.header("Authorization")).hasValue("Bearer " + emu.apiKey());
assertThat(submit.bodyAsString()).contains("\"size\":\"1024*1024\"");
    }
}
