package dev.imagegen.it;

import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code hidream-i1-full} is served by Lumenfall and by fal.ai (Lumenfall's own upstream for it): a request that names
 * no provider fails over from one to the other when the first answers 503 or 429 on every attempt, and a job fal
 * accepted is never re-sent to Lumenfall.
 */
class FailoverLumenfallAndFalTest {

    static ProviderEmulator emu;
    final FakeTime time = new FakeTime();
    final List<ImageEventListener.Failover> failovers = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        emu = ProviderEmulator.builder().apiKey(Emulators.API_KEY).fixedImage(TestImages.png(32, 32), "image/png").start();
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

    /** {@code first}, then {@code second}; the other vendors serving the model are left out. */
    static RoutingPolicy order(String first, String second) {
        return new RoutingPolicy() {
            @Override
            public List<Candidate> order(ImageRequest request, List<Candidate> candidates) {
                return List.of(FailoverAcrossVendorsTest.pick(candidates, first), FailoverAcrossVendorsTest.pick(candidates, second));
            }

            @Override
            public String name() {
                return first + "-then-" + second;
            }
        };
    }

    ImageClient client(RoutingPolicy policy) {
        return EmulatorClients.builder(emu).routing(policy)
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

    static ImageRequest request() {
        return ImageRequest.builder().model("hidream-i1-full").prompt("a lighthouse at dusk").timeout(Duration.ofMinutes(2)).build();
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void lumenfallUnavailableFailsOverToFal(boolean async) throws Exception {
        emu.faults().on(Routes.LUMENFALL_GENERATIONS).always().respond(Fault.status(503));
        try (ImageClient c = client(order("lumenfall", "fal"))) {
            ImageResult r = FailoverAcrossVendorsTest.run(c, request(), async);
            assertThat(r.provider()).isEqualTo("fal");
            assertThat(r.model()).isEqualTo("fal-ai/hidream-i1-full");
            assertThat(r.image().bytes()).isNotEmpty();
            assertThat(r.metadata()).containsEntry("routing.chosen", "fal")
                    .containsEntry("routing.attempts", "lumenfall:ProviderServerException,fal:ok");
        }
        assertThat(emu.requestCount(Routes.LUMENFALL_GENERATIONS)).as("the first try and two retries").isEqualTo(3);
        assertThat(emu.requestCount(Routes.FAL_SUBMIT)).isEqualTo(1);
        assertThat(emu.requestCount(Routes.FAL_STATUS)).as("queue 1, 0, in progress, completed").isEqualTo(4);
        assertThat(time.sleeps()).as("Lumenfall's back-off, then fal's polls").containsExactly(Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(75), Duration.ofMillis(112), Duration.ofMillis(168));
        assertThat(failovers).singleElement().satisfies(f -> {
            assertThat(f.fromProvider()).isEqualTo("lumenfall");
            assertThat(f.toProvider()).isEqualTo("fal");
        });
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void falRateLimitedFailsOverToLumenfall(boolean async) throws Exception {
        emu.faults().on(Routes.FAL_SUBMIT).always().respond(Fault.status(429).header("Retry-After", "1"));
        try (ImageClient c = client(order("fal", "lumenfall"))) {
            ImageResult r = FailoverAcrossVendorsTest.run(c, request(), async);
            assertThat(r.provider()).isEqualTo("lumenfall");
            assertThat(r.image().bytes()).isNotEmpty();
            assertThat(r.metadata()).containsEntry("routing.chosen", "lumenfall")
                    .containsEntry("routing.attempts", "fal:RateLimitedException,lumenfall:ok");
        }
        assertThat(emu.requestCount(Routes.FAL_SUBMIT)).isEqualTo(3);
        assertThat(emu.requestCount(Routes.LUMENFALL_GENERATIONS)).isEqualTo(1);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(failovers).singleElement().satisfies(f -> {
            assertThat(f.fromProvider()).isEqualTo("fal");
            assertThat(f.toProvider()).isEqualTo("lumenfall");
        });
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aJobFalAcceptedIsNeverResentToLumenfall(boolean async) {
        emu.faults().on(Routes.FAL_SUBMIT).once().respond(Fault.jobFails("Runner disconnected"));
        try (ImageClient c = client(order("fal", "lumenfall"))) {
            assertThatThrownBy(() -> FailoverAcrossVendorsTest.run(c, request(), async))
                    .isInstanceOf(GenerationFailedException.class).hasMessageContaining("Runner disconnected");
        }
        assertThat(emu.requestCount(Routes.LUMENFALL_GENERATIONS)).as("fal may have billed").isZero();
        assertThat(failovers).isEmpty();
    }
}
