package dev.imagegen.micrometer;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener.RequestStarted;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.ProviderLimits;
import dev.imagegen.RateLimitedException;
import dev.imagegen.RetryPolicy;
import dev.imagegen.RoutingPolicy;
import dev.imagegen.testkit.EmulatedProviders;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ImagegenObservations} against the emulator, with one {@link TestObservationRegistry} that also feeds a
 * {@link DefaultMeterObservationHandler}: the observations a tracing handler would turn into spans, and the timers
 * and counters a Spring application gets from the same registry.
 */
@EmulatedProviders
class ImagegenObservationsTest {

    private TestObservationRegistry registry;
    private SimpleMeterRegistry meters;
    private final Recorder recorder = new Recorder();
    private ImagegenObservations observations;
    private ImageClient client;

    @BeforeEach
    void setUp(ProviderEmulator emu) {
        registry = TestObservationRegistry.create();
        meters = new SimpleMeterRegistry();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        registry.observationConfig().observationHandler(recorder);
        observations = new ImagegenObservations(registry);
        client = client(emu, RoutingPolicy.preferenceOrder(), ProviderLimits.defaults().withoutCircuitBreaker());
    }

    private ImageClient client(ProviderEmulator emu, RoutingPolicy routing, ProviderLimits segmindLimits) {
        return EmulatorClients.builder(emu)
                .listener(observations)
                .routing(routing)
                .providerLimits("segmind", segmindLimits)
                .retryPolicy(RetryPolicy.defaults().withJitter(false).withMaxRetries(0))
                .build();
    }

    @AfterEach
    void tearDown() {
        client.close();
        assertThat(observations.openGenerations()).as("generations left open").isZero();
        TestObservationRegistryAssert.assertThat(registry).hasHandledContextsThatSatisfy(contexts ->
                assertThat(recorder.stopped).as("every observation started was stopped")
                        .containsExactlyInAnyOrderElementsOf(recorder.started));
    }

    private static ImageRequest.Builder segmind(String prompt) {
        return ImageRequest.builder().provider("segmind").model("hidream-i1-fast").prompt(prompt);
    }

    private static ImageRequest routed() {
        return ImageRequest.builder().model("hidream-i1-fast").prompt("a lighthouse at dusk").build();
    }

    @Test
    void aProviderCallIsAGenAiClientObservationUnderItsGenerationUnderTheCallersObservation() {
        Observation caller = Observation.start("caller", registry);
        ImageResult r;
        try (Observation.Scope ignored = caller.openScope()) {
            r = client.generate(segmind("a lighthouse at dusk").build());
        } finally {
            caller.stop();
        }

        ProviderCallObservationContext call = single(ProviderCallObservationContext.class);
        Observation.Context generation = named("imagegen.generation");
        assertThat(call.getName()).isEqualTo("gen_ai.client.inference.duration");
        assertThat(call.getContextualName()).isEqualTo("generate_content hidream-i1-fast");
        assertThat(call.getKind()).isEqualTo(Kind.CLIENT);
        assertThat(call.getRemoteServiceName()).isEqualTo("segmind");
        assertThat(keyValues(call.getLowCardinalityKeyValues())).isEqualTo(Map.of(
                "gen_ai.operation.name", "generate_content",
                "gen_ai.provider.name", "segmind",
                "gen_ai.request.model", "hidream-i1-fast",
                "error.type", "none",
                "server.address", "127.0.0.1"));
        Map<String, String> high = new TreeMap<>(Map.of("gen_ai.output.type", "image"));
        r.requestId().ifPresent(id -> high.put("gen_ai.response.id", id));
        assertThat(keyValues(call.getHighCardinalityKeyValues())).isEqualTo(high);
        assertThat(call.getError()).isNull();
        assertThat(call.getParentObservation().getContextView()).isSameAs(generation);
        assertThat(generation.getParentObservation()).isSameAs(caller);
        assertThat(generation.getContextualName()).isEqualTo("imagegen.generate");
        assertThat(keyValues(generation.getLowCardinalityKeyValues())).isEqualTo(Map.of(
                "imagegen.provider", "segmind", "imagegen.model", "hidream-i1-fast", "imagegen.outcome", "success"));
        assertThat(keyValues(generation.getHighCardinalityKeyValues())).containsEntry("imagegen.count", "1")
                .containsEntry("imagegen.images", "1").containsEntry("imagegen.cost.usd", "0.0123")
                .containsEntry("imagegen.cost.kind", "REPORTED").doesNotContainKey("error.type");
        assertThat(recorder.stopped.indexOf(call)).as("the call stops before its generation")
                .isLessThan(recorder.stopped.indexOf(generation));

        // the same registry's meter handler: the conventions' metric, in seconds, with the conventions' tags
        Timer duration = meters.get("gen_ai.client.inference.duration").timer();
        assertThat(tags(duration)).isEqualTo(Map.of(
                "gen_ai.operation.name", "generate_content",
                "gen_ai.provider.name", "segmind",
                "gen_ai.request.model", "hidream-i1-fast",
                "error.type", "none",
                "server.address", "127.0.0.1",
                "error", "none"));
        assertThat(duration.count()).isEqualTo(1);
        assertThat(duration.totalTime(TimeUnit.SECONDS)).isPositive().isLessThan(30.0);
        assertThat(duration.getId().getBaseUnit()).isEqualTo("seconds");
        Timer gen = meters.get("imagegen.generation").timer();
        assertThat(tags(gen)).isEqualTo(Map.of("imagegen.provider", "segmind", "imagegen.model", "hidream-i1-fast",
                "imagegen.outcome", "success", "error", "none"));
        assertThat(gen.totalTime(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(duration.totalTime(TimeUnit.NANOSECONDS));
    }

    @Test
    void aFailedCallCarriesItsErrorAndItsErrorType(ProviderEmulator emu) {
        emu.faults().on(Routes.SEGMIND_GENERATE).always().respond(Fault.status(500));

        assertThatThrownBy(() -> client.generate(segmind("an unlucky owl").build()))
                .isInstanceOf(OutcomeUnknownException.class);

        ProviderCallObservationContext call = single(ProviderCallObservationContext.class);
        assertThat(call.getError()).isInstanceOf(OutcomeUnknownException.class);
        assertThat(call.getErrorType()).isEqualTo("dev.imagegen.OutcomeUnknownException");
        assertThat(keyValues(call.getLowCardinalityKeyValues()))
                .containsEntry("error.type", "dev.imagegen.OutcomeUnknownException");
        Observation.Context generation = named("imagegen.generation");
        assertThat(generation.getError()).isInstanceOf(OutcomeUnknownException.class);
        assertThat(keyValues(generation.getLowCardinalityKeyValues()))
                .containsEntry("imagegen.outcome", "OutcomeUnknownException");
        assertThat(keyValues(generation.getHighCardinalityKeyValues()))
                .containsEntry("error.type", "dev.imagegen.OutcomeUnknownException");
        assertThat(tags(meters.get("gen_ai.client.inference.duration").timer()))
                .containsEntry("error.type", "dev.imagegen.OutcomeUnknownException")
                .containsEntry("error", "OutcomeUnknownException");
    }

    @Test
    void aFailoverStopsOneCallWithItsErrorStartsTheNextAndIsAnEventOfTheGeneration(ProviderEmulator emu) {
        client.close();
        client = client(emu, RoutingPolicy.preferenceOrder("segmind", "wavespeed"),
                ProviderLimits.defaults().withoutCircuitBreaker());
        emu.faults().on(Routes.SEGMIND_GENERATE).always().respond(Fault.status(429));

        assertThat(client.generate(routed()).provider()).isEqualTo("wavespeed");

        List<ProviderCallObservationContext> calls = all(ProviderCallObservationContext.class);
        assertThat(calls).extracting(ProviderCallObservationContext::getProvider).containsExactly("segmind", "wavespeed");
        Observation.Context generation = named("imagegen.generation");
        assertThat(calls).allSatisfy(c -> assertThat(c.getParentObservation().getContextView()).isSameAs(generation));
        assertThat(calls.get(0).getError()).isInstanceOf(RateLimitedException.class);
        assertThat(keyValues(calls.get(0).getLowCardinalityKeyValues()))
                .containsEntry("error.type", "dev.imagegen.RateLimitedException");
        assertThat(keyValues(calls.get(1).getLowCardinalityKeyValues())).containsEntry("error.type", "none")
                .containsEntry("server.address", "127.0.0.1");
        assertThat(recorder.events).containsExactly(
                "imagegen.generation failover: imagegen.failover segmind -> wavespeed: dev.imagegen.RateLimitedException");
        assertThat(keyValues(generation.getLowCardinalityKeyValues())).containsEntry("imagegen.provider", "wavespeed");

        Counter failovers = meters.get("imagegen.generation.failover").counter();
        assertThat(failovers.count()).isEqualTo(1.0);
        assertThat(tags(failovers)).isEqualTo(Map.of("imagegen.provider", "segmind", "imagegen.model", "hidream-i1-fast"));
        Map<String, Long> byProvider = new TreeMap<>();
        meters.get("gen_ai.client.inference.duration").timers()
                .forEach(t -> byProvider.put(t.getId().getTag("gen_ai.provider.name") + " " + t.getId().getTag("error.type"),
                        t.count()));
        assertThat(byProvider).containsExactly(Map.entry("segmind dev.imagegen.RateLimitedException", 1L),
                Map.entry("wavespeed none", 1L));
    }

    @Test
    void aCircuitChangeIsAnInstantObservationUnderTheCallDuringWhichItChanged(ProviderEmulator emu) {
        client.close();
        client = client(emu, RoutingPolicy.preferenceOrder("segmind", "wavespeed"),
                ProviderLimits.defaults().withCircuitBreaker(1, Duration.ofMinutes(5)));
        emu.faults().on(Routes.SEGMIND_GENERATE).always().respond(Fault.status(503));

        client.generate(routed());
        client.generate(routed());

        Observation.Context transition = named("imagegen.circuit.transition");
        assertThat(keyValues(transition.getLowCardinalityKeyValues())).isEqualTo(Map.of(
                "gen_ai.provider.name", "segmind", "imagegen.circuit.from", "closed", "imagegen.circuit.to", "open"));
        assertThat(keyValues(transition.getHighCardinalityKeyValues()).get("imagegen.circuit.reason"))
                .startsWith("1 of the last 1 calls failed");
        ProviderCallObservationContext during = (ProviderCallObservationContext) transition.getParentObservation()
                .getContextView();
        assertThat(during.getProvider()).isEqualTo("segmind");
        assertThat(during.getErrorType()).isEqualTo("dev.imagegen.ProviderServerException");
        assertThat(meters.get("imagegen.circuit.transition").timer().count()).isEqualTo(1);

        // the second request skipped Segmind: a call that ends at once, with no exchange
        List<ProviderCallObservationContext> skipped = all(ProviderCallObservationContext.class).stream()
                .filter(c -> "dev.imagegen.CircuitOpenException".equals(c.getErrorType())).toList();
        assertThat(skipped).singleElement().satisfies(c -> {
            assertThat(c.getProvider()).isEqualTo("segmind");
            assertThat(keyValues(c.getLowCardinalityKeyValues())).containsEntry("server.address", "none");
        });
    }

    @Test
    void aCustomConventionRenamesAndAddsKeyValues(ProviderEmulator emu) {
        client.close();
        observations = new ImagegenObservations(registry, new DefaultProviderCallObservationConvention() {
            @Override
            public String getName() {
                return "images.vendor.calls";
            }

            @Override
            public KeyValues getLowCardinalityKeyValues(ProviderCallObservationContext context) {
                return super.getLowCardinalityKeyValues(context).and(KeyValue.of("tenant", "blue"));
            }
        });
        client = client(emu, RoutingPolicy.preferenceOrder(), ProviderLimits.defaults().withoutCircuitBreaker());

        client.generate(segmind("a custom fox").build());

        ProviderCallObservationContext call = single(ProviderCallObservationContext.class);
        assertThat(call.getName()).isEqualTo("images.vendor.calls");
        assertThat(keyValues(call.getLowCardinalityKeyValues())).containsEntry("tenant", "blue")
                .containsEntry("gen_ai.provider.name", "segmind");
        assertThat(meters.find("gen_ai.client.inference.duration").timer()).isNull();
        assertThat(meters.get("images.vendor.calls").tag("tenant", "blue").timer().count()).isEqualTo(1);
    }

    @Test
    void theOldestOpenGenerationIsAbandonedWhenTooManyAreOpen() {
        ImagegenObservations bounded = new ImagegenObservations(registry, null, 1);
        bounded.requestStarted(new RequestStarted(11, "wavespeed", "hidream-i1-dev", 1));
        bounded.requestStarted(new RequestStarted(12, "wavespeed", "hidream-i1-dev", 1));

        assertThat(bounded.openGenerations()).isEqualTo(1);
        ProviderCallObservationContext abandonedCall = all(ProviderCallObservationContext.class).get(0);
        assertThat(abandonedCall.getOperationId()).isEqualTo(11);
        assertThat(abandonedCall.getErrorType()).isEqualTo("abandoned");
        assertThat(recorder.stopped).contains(abandonedCall);
        assertThat(keyValues(recorder.stopped.get(1).getLowCardinalityKeyValues()))
                .containsEntry("imagegen.outcome", "abandoned");

        bounded.requestEnded(new dev.imagegen.ImageEventListener.RequestEnded(12, "wavespeed", "hidream-i1-dev",
                Duration.ofMillis(3), null, null));
        assertThat(bounded.openGenerations()).isZero();
        assertThat(all(ProviderCallObservationContext.class).get(1).getErrorType()).isEqualTo("cancelled");
    }

    // ---- helpers ----

    private <T extends Observation.Context> T single(Class<T> type) {
        List<T> found = all(type);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private <T extends Observation.Context> List<T> all(Class<T> type) {
        return recorder.started.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private Observation.Context named(String name) {
        List<Observation.Context> found = recorder.started.stream().filter(c -> name.equals(c.getName())).toList();
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    private static Map<String, String> keyValues(KeyValues values) {
        Map<String, String> out = new TreeMap<>();
        values.forEach(kv -> out.put(kv.getKey(), kv.getValue()));
        return out;
    }

    private static Map<String, String> tags(Meter m) {
        Map<String, String> out = new TreeMap<>();
        m.getId().getTags().forEach(t -> out.put(t.getKey(), t.getValue()));
        return out;
    }

    /** Records every context started and stopped, in order, and every event as "observation-name event-name: text". */
    static final class Recorder implements ObservationHandler<Observation.Context> {
        final List<Observation.Context> started = new CopyOnWriteArrayList<>();
        final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(Observation.Context context) {
            started.add(context);
        }

        @Override
        public void onStop(Observation.Context context) {
            stopped.add(context);
        }

        @Override
        public void onEvent(Observation.Event event, Observation.Context context) {
            events.add(context.getName() + " " + event.getName() + ": " + event.getContextualName());
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }
}
