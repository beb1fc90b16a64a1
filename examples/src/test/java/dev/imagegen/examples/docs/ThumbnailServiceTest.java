package dev.imagegen.examples.docs;

// Compiled twin of the snippet in docs/testing-with-the-emulator.md (run by Surefire against the emulator): everything below is the snippet verbatim.
// DocSnippetsTest fails when the two differ; change both together.

import dev.imagegen.*;
import dev.imagegen.testkit.*;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

@EmulatedProviders
class ThumbnailServiceTest {

    @Test
    void makesAThumbnail(ImageClient client, ProviderEmulator emu) {
        ThumbnailService service = new ThumbnailService(client);   // your code, given the client

        service.render("a red bicycle");

        assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(1);
        assertThat(emu.requests().get(0).bodyAsString()).contains("a red bicycle");
    }

    @Test
    void survivesARateLimit(ImageClient client, ProviderEmulator emu) {
        emu.faults().on(Routes.SEGMIND_GENERATE).once()
                .respond(Fault.status(429).header("Retry-After-Ms", "20"));

        ImageResult r = client.generate(ImageRequest.builder()
                .provider("segmind").model("hidream-i1-fast").prompt("a cat").size(1024, 1024).build());

        assertThat(r.image().size()).isEqualTo(ImageSize.of(1024, 1024));
        assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(2);   // retried once
    }
}
