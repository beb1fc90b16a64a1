package dev.imagegen.micrometer;

import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.ProviderLimits;
import dev.imagegen.RetryPolicy;
import dev.imagegen.RoutingPolicy;
import dev.imagegen.testkit.EmulatedProviders;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@link ImagegenMetrics} against the emulator: real client, real providers, real HTTP, a SimpleMeterRegistry. */
@EmulatedProviders
class ImagegenMetricsTest {

    private SimpleMeterRegistry registry;
    private ImageClient client;

    @BeforeEach
    void setUp(ProviderEmulator emu) {
        registry = new SimpleMeterRegistry();
        client = EmulatorClients.builder(emu)
                .listener(new ImagegenMetrics(registry))
                .retryPolicy(RetryPolicy.defaults().withJitter(false))
                .build();
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private static ImageRequest.Builder segmind(String prompt) {
        return ImageRequest.builder().provider("segmind").model("hidream-i1-fast").prompt(prompt).size(1024, 1024);
    }

    @Test
    void successRecordsTheRequestImagesReportedCostAndOneAttempt(ProviderEmulator emu) {
        ImageResult r = client.generate(segmind("a lighthouse at dusk").build());

        assertThat(r.images()).hasSize(1);
        Timer requests = registry.get(ImagegenMetrics.REQUESTS)
                .tags("provider", "segmind", "model", "hidream-i1-fast", "outcome", "success").timer();
        assertThat(requests.count()).isEqualTo(1);
        assertThat(requests.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.get(ImagegenMetrics.IMAGES).tags("provider", "segmind", "model", "hidream-i1-fast")
                .counter().count()).isEqualTo(1.0);
        // the emulator's Segmind answers x-cost: 0.0123 per image, so the cost is REPORTED, not the catalog's 0.015
        Counter cost = registry.get(ImagegenMetrics.COST)
                .tags("provider", "segmind", "model", "hidream-i1-fast", "kind", "REPORTED").counter();
        assertThat(cost.count()).isCloseTo(0.0123, within(1e-9));
        assertThat(cost.getId().getBaseUnit()).isEqualTo("usd");
        assertThat(registry.find(ImagegenMetrics.COST).tag("kind", "ESTIMATED").counter()).isNull();
        assertThat(attempts()).containsExactly(Map.entry("segmind/generate/200", 1.0));
        assertThat(registry.find(ImagegenMetrics.RETRIES).counters()).isEmpty();
        assertThat(registry.find(ImagegenMetrics.POLLS).counters()).isEmpty();
        assertThat(registry.find(ImagegenMetrics.DOWNLOADS).timers()).isEmpty();

        client.generate(segmind("a second lighthouse").count(2).build());

        assertThat(requests.count()).isEqualTo(2);
        assertThat(registry.get(ImagegenMetrics.IMAGES).tags("provider", "segmind").counter().count()).isEqualTo(3.0);
        assertThat(cost.count()).isCloseTo(3 * 0.0123, within(1e-9));
    }

    @Test
    void aRetried429CountsBothAttemptsAndTheRetry(ProviderEmulator emu) {
        emu.faults().on(Routes.SEGMIND_GENERATE).once().respond(Fault.status(429).header("Retry-After-Ms", "20"));

        client.generate(segmind("a rate-limited fox").build());

        assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(2);
        assertThat(attempts()).containsExactly(Map.entry("segmind/generate/200", 1.0), Map.entry("segmind/generate/429", 1.0));
        Counter retries = registry.get(ImagegenMetrics.RETRIES).counter();
        assertThat(retries.count()).isEqualTo(1.0);
        assertThat(tags(retries)).containsExactly(
                Map.entry("operation", "generate"), Map.entry("provider", "segmind"), Map.entry("reason", "HTTP 429"));
        // one generation, and it succeeded
        assertThat(registry.get(ImagegenMetrics.REQUESTS).timers()).hasSize(1);
        assertThat(registry.get(ImagegenMetrics.REQUESTS).tag("outcome", "success").timer().count()).isEqualTo(1);
    }

    @Test
    void aFailureIsTimedUnderTheExceptionNameAndCountsNoImagesNorCost(ProviderEmulator emu) {
        emu.faults().on(Routes.SEGMIND_GENERATE).always().respond(Fault.status(500));

        assertThatThrownBy(() -> client.generate(segmind("an unlucky owl").build()))
                .isInstanceOf(OutcomeUnknownException.class);

        assertThat(registry.get(ImagegenMetrics.REQUESTS)
                .tags("provider", "segmind", "model", "hidream-i1-fast", "outcome", "OutcomeUnknownException")
                .timer().count()).isEqualTo(1);
        assertThat(registry.find(ImagegenMetrics.REQUESTS).tag("outcome", "success").timer()).isNull();
        assertThat(registry.find(ImagegenMetrics.IMAGES).counters()).isEmpty();
        assertThat(registry.find(ImagegenMetrics.COST).counters()).isEmpty();
        // a paid 500 is never retried
        assertThat(attempts()).containsExactly(Map.entry("segmind/generate/500", 1.0));
        assertThat(registry.find(ImagegenMetrics.RETRIES).counters()).isEmpty();
    }

    @Test
    void aRequestRefusedBeforeSendingRecordsNothing() {
        // validation fails in planning, before the generation starts: no event, so no meter
        assertThatThrownBy(() -> client.generate(segmind("x").size(7, 7).build()))
                .isInstanceOf(InvalidRequestException.class);

        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void aJobsUrlOutputIsDownloadedWithTheRequestAndTimedUnderIt(ProviderEmulator emu) {
        ImageResult r = client.generate(ImageRequest.builder().provider("wavespeed").model("hidream-i1-dev")
                .prompt("a paper boat").size(512, 512).build());

        assertThat(r.image().isLoaded()).isTrue();
        Timer downloads = registry.get(ImagegenMetrics.DOWNLOADS).tags("provider", "wavespeed").timer();
        assertThat(downloads.count()).isEqualTo(1);
        assertThat(registry.get(ImagegenMetrics.DOWNLOAD_BYTES).tags("provider", "wavespeed").summary().totalAmount())
                .isEqualTo(r.image().bytes().length);
        assertThat(registry.get(ImagegenMetrics.ATTEMPTS).tags("provider", "wavespeed", "operation", "download",
                "status", "200").counter().count()).isEqualTo(1.0);
        r.image().bytes();
        assertThat(downloads.count()).as("nothing fetched again").isEqualTo(1);
    }

    @Test
    void aJobIsPolledAndItsDeferredUrlOutputDownloadedOnFirstUseWithAnEstimatedCost(ProviderEmulator emu) {
        ImageResult r = client.generate(ImageRequest.builder().provider("wavespeed").model("hidream-i1-dev")
                .prompt("a paper boat").size(512, 512).downloadOutputs(false).build());

        assertThat(r.image().url()).isPresent();
        assertThat(r.image().isLoaded()).isFalse();
        assertThat(registry.find(ImagegenMetrics.DOWNLOADS).timers()).isEmpty();
        int polls = emu.requestCount(Routes.WAVESPEED_RESULT);
        assertThat(polls).isPositive();
        assertThat(registry.get(ImagegenMetrics.POLLS).tags("provider", "wavespeed", "state", "SUCCEEDED")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get(ImagegenMetrics.POLLS).counters().stream().mapToDouble(Counter::count).sum())
                .isEqualTo(polls);
        assertThat(registry.get(ImagegenMetrics.ATTEMPTS).tags("provider", "wavespeed", "operation", "submit")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get(ImagegenMetrics.ATTEMPTS).tags("provider", "wavespeed", "operation", "poll")
                .counter().count()).isEqualTo(polls);
        assertThat(registry.get(ImagegenMetrics.COST)
                .tags("provider", "wavespeed", "model", "hidream-i1-dev", "kind", "ESTIMATED")
                .counter().count()).isCloseTo(0.012, within(1e-9));

        byte[] bytes = r.image().bytes();

        Timer downloads = registry.get(ImagegenMetrics.DOWNLOADS).tags("provider", "wavespeed").timer();
        assertThat(downloads.count()).isEqualTo(1);
        DistributionSummary size = registry.get(ImagegenMetrics.DOWNLOAD_BYTES).tags("provider", "wavespeed").summary();
        assertThat(size.count()).isEqualTo(1);
        assertThat(size.totalAmount()).isEqualTo(bytes.length);
        assertThat(size.getId().getBaseUnit()).isEqualTo("bytes");
        assertThat(registry.get(ImagegenMetrics.ATTEMPTS).tags("provider", "wavespeed", "operation", "download",
                "status", "200").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aFailedJobIsTimedAsGenerationFailed(ProviderEmulator emu) {
        emu.faults().on(Routes.WAVESPEED_SUBMIT).once().respond(Fault.jobFails("NSFW content detected"));

        assertThatThrownBy(() -> client.generate(ImageRequest.builder().provider("wavespeed").model("hidream-i1-dev")
                .prompt("a failing job").build())).isInstanceOf(GenerationFailedException.class);

        assertThat(registry.get(ImagegenMetrics.REQUESTS)
                .tags("provider", "wavespeed", "model", "hidream-i1-dev", "outcome", "GenerationFailedException")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get(ImagegenMetrics.POLLS).tags("provider", "wavespeed", "state", "FAILED")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void tagsStayBoundedWhateverThePromptsAndSeeds() {
        for (int i = 0; i < 5; i++) {
            client.generate(segmind("prompt number " + i).seed(1000L + i).build());
        }

        Set<String> allowedKeys = Set.of("provider", "model", "outcome", "kind", "operation", "status", "reason", "state");
        for (Meter m : registry.getMeters()) {
            for (Tag t : m.getId().getTags()) {
                assertThat(allowedKeys).as(m.getId().toString()).contains(t.getKey());
                assertThat(t.getValue()).doesNotContain("prompt").doesNotContain("100");
            }
        }
        // five generations, one series per meter
        assertThat(registry.get(ImagegenMetrics.REQUESTS).timers()).hasSize(1);
        assertThat(registry.get(ImagegenMetrics.REQUESTS).timer().count()).isEqualTo(5);
        assertThat(registry.get(ImagegenMetrics.ATTEMPTS).counters()).hasSize(1);
        Set<String> names = registry.getMeters().stream().map(m -> m.getId().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(names).containsExactly(ImagegenMetrics.ATTEMPTS, ImagegenMetrics.COST, ImagegenMetrics.IMAGES,
                ImagegenMetrics.REQUESTS);
    }

    @Test
    void aFailoverIsCountedByTheProviderLeftTheNextOneAndTheErrorType(ProviderEmulator emu) {
        emu.faults().on(Routes.SEGMIND_GENERATE).always().respond(Fault.status(429));
        try (ImageClient routed = routedClient(emu, ProviderLimits.defaults().withoutCircuitBreaker())) {
            assertThat(routed.generate(routedRequest()).provider()).isEqualTo("wavespeed");
        }

        Counter failovers = registry.get(ImagegenMetrics.FAILOVERS).counter();
        assertThat(failovers.count()).isEqualTo(1.0);
        assertThat(tags(failovers)).containsExactly(Map.entry("error.type", "dev.imagegen.RateLimitedException"),
                Map.entry("from", "segmind"), Map.entry("to", "wavespeed"));
        assertThat(registry.get(ImagegenMetrics.REQUESTS).tags("provider", "wavespeed", "outcome", "success")
                .timer().count()).isEqualTo(1);
        assertThat(registry.find(ImagegenMetrics.CIRCUIT_TRANSITIONS).counters()).isEmpty();
        assertThat(registry.find(ImagegenMetrics.CIRCUIT_STATE).gauges()).isEmpty();
    }

    @Test
    void circuitChangesAreCountedAndTheStateGaugeShowsTheCurrentOne(ProviderEmulator emu) {
        emu.faults().on(Routes.SEGMIND_GENERATE).always().respond(Fault.status(503));
        try (ImageClient routed = routedClient(emu, ProviderLimits.defaults().withCircuitBreaker(1, Duration.ofMinutes(5)))) {
            routed.generate(routedRequest());      // Segmind's 503 opens its circuit; WaveSpeed serves
            routed.generate(routedRequest());      // Segmind is skipped
        }

        assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(1);
        Counter transitions = registry.get(ImagegenMetrics.CIRCUIT_TRANSITIONS).counter();
        assertThat(transitions.count()).isEqualTo(1.0);
        assertThat(tags(transitions)).containsExactly(Map.entry("from", "closed"), Map.entry("provider", "segmind"),
                Map.entry("to", "open"));
        Map<String, Double> states = new TreeMap<>();
        registry.get(ImagegenMetrics.CIRCUIT_STATE).tag("provider", "segmind").gauges()
                .forEach(g -> states.put(g.getId().getTag("state"), g.value()));
        assertThat(states).containsExactly(Map.entry("closed", 0.0), Map.entry("half_open", 0.0), Map.entry("open", 1.0));
        Map<String, Double> failovers = new TreeMap<>();
        registry.get(ImagegenMetrics.FAILOVERS).tags("from", "segmind", "to", "wavespeed").counters()
                .forEach(c -> failovers.put(c.getId().getTag("error.type"), c.count()));
        assertThat(failovers).containsExactly(Map.entry("dev.imagegen.CircuitOpenException", 1.0),
                Map.entry("dev.imagegen.ProviderServerException", 1.0));
    }

    /** Segmind first, then WaveSpeed, no retries: a rate limit or server error fails over at once. */
    private ImageClient routedClient(ProviderEmulator emu, ProviderLimits segmindLimits) {
        return EmulatorClients.builder(emu)
                .listener(new ImagegenMetrics(registry))
                .routing(RoutingPolicy.preferenceOrder("segmind", "wavespeed"))
                .providerLimits("segmind", segmindLimits)
                .retryPolicy(RetryPolicy.defaults().withJitter(false).withMaxRetries(0))
                .build();
    }

    private static ImageRequest routedRequest() {
        return ImageRequest.builder().model("hidream-i1-fast").prompt("a lighthouse at dusk").build();
    }

    @Test
    void outcomeNames() {
        assertThat(ImagegenMetrics.outcome(null, new OutcomeUnknownException(
                new dev.imagegen.ImageGenerationException.Details("x", "p", 500, null, null, null), null)))
                .isEqualTo("OutcomeUnknownException");
        assertThat(ImagegenMetrics.outcome(null, null)).isEqualTo("unknown");
    }

    /** provider/operation/status -> count, sorted. */
    private Map<String, Double> attempts() {
        Map<String, Double> out = new TreeMap<>();
        for (Counter c : registry.find(ImagegenMetrics.ATTEMPTS).counters()) {
            out.put(c.getId().getTag("provider") + "/" + c.getId().getTag("operation") + "/" + c.getId().getTag("status"),
                    c.count());
        }
        return out;
    }

    private static Map<String, String> tags(Meter m) {
        Map<String, String> out = new TreeMap<>();
        m.getId().getTags().forEach(t -> out.put(t.getKey(), t.getValue()));
        return out;
    }
}
