package dev.imagegen.testkit.integration;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.testkit.EmulatedProviders;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@link EmulatedProviders} extension: what it injects, and that each test starts from a clean emulator. */
@EmulatedProviders
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmulatedProvidersExtensionTest {

    private static ProviderEmulator fromBeforeAll;

    @BeforeAll
    static void startedBeforeAll(ProviderEmulator emu) {
        fromBeforeAll = emu;
    }

    @Test
    @Order(1)
    void injectsTheSameEmulatorEverywhereAndAClientForEveryProvider(ProviderEmulator emu, ImageClient client) {
        assertThat(emu).isSameAs(fromBeforeAll);
        assertThat(client.providers()).containsExactlyInAnyOrder("lumoz", "segmind", "wavespeed", "lumenfall", "fal");
        assertThat(EmulatorClients.providerIds(emu)).containsExactlyInAnyOrder("lumoz", "segmind", "wavespeed",
                "lumenfall", "fal");

        ImageResult r = client.generate(ImageRequest.builder().provider("segmind").model("hidream-i1-fast")
                .prompt("extension smoke").size(1024, 1024).build());

        assertThat(r.image().size().width()).isEqualTo(1024);
        assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(1);
        assertThat(emu.requests().get(0).header("x-api-key")).hasValue(emu.apiKey());
        emu.faults().on(Routes.SEGMIND_GENERATE).always().respond(Fault.status(503));
    }

    @Test
    @Order(2)
    void clearsFaultsAndTheRequestLogBetweenTests(ProviderEmulator emu) {
        assertThat(emu.faults().rules()).isEmpty();
        assertThat(emu.requests()).isEmpty();
        assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isZero();
    }

    @Test
    @Order(3)
    void builderIgnoresTheEnvironmentAndSystemProperties(ProviderEmulator emu) {
        String before = System.getProperty("imagegen.segmind.baseUrl");
        System.setProperty("imagegen.segmind.baseUrl", "https://api.segmind.com");
        try (ImageClient client = EmulatorClients.builder(emu).environment(Map.of("SEGMIND_API_KEY", "real")).build()) {
            client.generate(ImageRequest.builder().provider("segmind").model("hidream-i1-fast").prompt("isolated")
                    .build());
            assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(1);
        } finally {
            if (before == null) {
                System.clearProperty("imagegen.segmind.baseUrl");
            } else {
                System.setProperty("imagegen.segmind.baseUrl", before);
            }
        }
    }

    @Nested
    class NestedTests {
        @Test
        void shareTheEnclosingEmulator(ProviderEmulator emu) {
            assertThat(emu).isSameAs(fromBeforeAll);
        }
    }
}
