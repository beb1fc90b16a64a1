package dev.imagegen.examples.docs;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.testkit.EmulatedProviders;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.RecordedCall;
import dev.imagegen.testkit.Routes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiled twin of docs/testing-with-the-emulator.md's snippet on {@code takeRequest} and {@code verify}, verbatim
 * (checked by {@link DocSnippetsTest}), run against the emulator.
 */
@EmulatedProviders
class EmulatorRequestHelpersSnippetsTest {

    // "The request log": waiting for a request and verifying one
@Test
void takeAndVerify(ImageClient client, ProviderEmulator emu) {
    CompletableFuture<ImageResult> pending = client.generateAsync(ImageRequest.builder()
            .provider("segmind").model("hidream-i1-fast").prompt("a fox").build());

    RecordedCall sent = emu.takeRequest(Duration.ofSeconds(10)).orElseThrow();   // as it arrives
    assertThat(sent.header("x-api-key")).hasValue(emu.apiKey());

    ImageResult result = pending.join();
    RecordedCall generate = emu.verify(Routes.SEGMIND_GENERATE, 1).get(0);       // exactly once
    assertThat(generate.bodyAsString()).contains("a fox");
    assertThat(result.seed()).isPresent();   // drawn by the emulator, a new one on every run
}
}
