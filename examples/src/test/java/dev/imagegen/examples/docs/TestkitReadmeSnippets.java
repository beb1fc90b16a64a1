package dev.imagegen.examples.docs;

import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.FaultPlan;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiled twins of sdk-testkit/README.md's Java snippets, verbatim (checked by {@link DocSnippetsTest}). The first
 * leaves "run the client under test" to the reader, so it is only compiled; {@link DocSnippetsTest} runs the second.
 */
final class TestkitReadmeSnippets {

    private TestkitReadmeSnippets() {
    }

    /** The opening example. */
    static void overview() {
try (ProviderEmulator emu = ProviderEmulator.builder()
        .processingTime(Duration.ofMillis(300))   // how long each generation "takes" (default 0)
        .start()) {
    String segmind = emu.baseUrl("segmind");     // http://127.0.0.1:PORT
    String lumenfall = emu.baseUrl("lumenfall"); // http://127.0.0.1:PORT/openai/v1
    String key = emu.apiKey();                   // "emulator-key" unless builder().apiKey(..)
    emu.faults().on(Routes.SEGMIND_GENERATE).times(2)
            .respond(Fault.status(429).header("Retry-After", "1"));
    // ... run the client under test ...
    assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(3);
    assertThat(emu.requests().get(0).header("x-api-key")).hasValue(key);
}
    }

    /** "Fault injection". */
    static void faultInjection(ProviderEmulator emu) {
emu.faults().on(Routes.SEGMIND_GENERATE).times(2).respond(Fault.status(429).header("Retry-After", "1").body("{\"error\":\"rate limited\"}"));
emu.faults().on(Routes.WAVESPEED_RESULT).always().respond(Fault.delay(Duration.ofSeconds(2)));   // then normal handling
emu.faults().on(Routes.LUMENFALL_GENERATIONS).once().respond(Fault.dropConnection());
emu.faults().on(Routes.STORAGE).respond(Fault.dropMidBody());          // a rule without once/times/always fires once
emu.faults().on(Routes.STORAGE).probability(0.1, 42L).always().respond(Fault.truncatedBody());
emu.faults().onAnyRoute().always().respond(Fault.status(503));
FaultPlan.Rule rule = emu.faults().on(Routes.LUMOZ_RUN).always().respond(Fault.status(500));
rule.fired(); rule.exhausted(); rule.cancel();
emu.faults().rules(); emu.faults().clear();
    }
}
