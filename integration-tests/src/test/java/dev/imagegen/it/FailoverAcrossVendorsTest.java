package dev.imagegen.it;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.RetryPolicy;
import dev.imagegen.RoutingPolicy;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.TestImages;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Routing one canonical model ({@code hidream-i1-fast}) across two emulated vendors, Segmind then WaveSpeed: the
 * request survives Segmind's 429s on WaveSpeed, and an unknown outcome on Segmind is never re-sent to WaveSpeed.
 */
class FailoverAcrossVendorsTest {

    static ProviderEmulator emu;
    final FakeTime time = new FakeTime();
    final List<ImageEventListener.Failover> failovers = new CopyOnWriteArrayList<>();

    /** Segmind first, then WaveSpeed; the other vendors serving the model are left out. */
    static final RoutingPolicy SEGMIND_THEN_WAVESPEED = new RoutingPolicy() {
        @Override
        public List<Candidate> order(ImageRequest request, List<Candidate> candidates) {
            return List.of(pick(candidates, "segmind"), pick(candidates, "wavespeed"));
        }

        @Override
        public String name() {
            return "segmind-then-wavespeed";
        }
    };

    static RoutingPolicy.Candidate pick(List<RoutingPolicy.Candidate> candidates, String id) {
        return candidates.stream().filter(c -> c.providerId().equals(id)).findFirst().orElseThrow();
    }

    @BeforeAll
    static void start() {
        emu = ProviderEmulator.builder().apiKey(Emulators.API_KEY).segmindCredits(1e9)
                .fixedImage(TestImages.png(32, 32), "image/png").start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void reset() {
        emu.faults().clear();
        emu.clearRequests();
    }

    ImageClient client() {
        return EmulatorClients.builder(emu).routing(SEGMIND_THEN_WAVESPEED)
                .retryPolicy(RetryPolicy.defaults().withJitter(false).withMaxRetries(2))
                .sleeper(time).clock(time)
                .listener(new ImageEventListener() {
                    @Override
                    public void failover(Failover event) {
                        failovers.add(event);
                    }
                })
                .build();
    }

    static ImageResult run(ImageClient c, ImageRequest r, boolean async) throws Exception {
        if (!async) {
            return c.generate(r);
        }
        try {
            return c.generateAsync(r).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    static ImageRequest request() {
        return ImageRequest.builder().model("hidream-i1-fast").prompt("a lighthouse at dusk").timeout(Duration.ofMinutes(2)).build();
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void segmindsRateLimitsFailOverToWaveSpeed(boolean async) throws Exception {
        emu.faults().on(Routes.SEGMIND_GENERATE).always().respond(Fault.status(429).header("Retry-After", "1"));
        try (ImageClient c = client()) {
            ImageResult r = run(c, request(), async);
            assertThat(r.provider()).isEqualTo("wavespeed");
            assertThat(r.images()).singleElement().satisfies(i -> assertThat(i.bytes()).isNotEmpty());
            assertThat(r.metadata()).containsEntry("routing.policy", "segmind-then-wavespeed")
                    .containsEntry("routing.chosen", "wavespeed")
                    .containsEntry("routing.attempts", "segmind:RateLimitedException,wavespeed:ok");
        }
        assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).as("the first try and two retries").isEqualTo(3);
        assertThat(emu.requestCount(Routes.WAVESPEED_SUBMIT)).isEqualTo(1);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofMillis(EmulatorClients.POLL_INITIAL_MILLIS))
                .as("Retry-After on Segmind, then WaveSpeed's first poll");
        assertThat(failovers).singleElement().satisfies(f -> {
            assertThat(f.fromProvider()).isEqualTo("segmind");
            assertThat(f.toProvider()).isEqualTo("wavespeed");
        });
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void anUnknownOutcomeOnSegmindIsNeverResentToWaveSpeed(boolean async) {
        emu.faults().on(Routes.SEGMIND_GENERATE).once().respond(Fault.status(500));
        try (ImageClient c = client()) {
            assertThatThrownBy(() -> run(c, request(), async)).isInstanceOf(OutcomeUnknownException.class);
        }
        assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(1);
        assertThat(emu.requestCount(Routes.WAVESPEED_SUBMIT)).as("Segmind may have billed").isZero();
        assertThat(failovers).isEmpty();
    }
}
