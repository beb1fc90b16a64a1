package dev.imagegen.opentelemetry;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ProviderLimits;
import dev.imagegen.RetryPolicy;
import dev.imagegen.RoutingPolicy;
import dev.imagegen.testkit.EmulatedProviders;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.imagegen.opentelemetry.ImagegenTracingTest.assertNestedIn;
import static dev.imagegen.opentelemetry.ImagegenTracingTest.attr;
import static dev.imagegen.opentelemetry.ImagegenTracingTest.attributes;
import static dev.imagegen.opentelemetry.ImagegenTracingTest.named;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ImagegenTracing} on a routed request that fails over from Segmind to WaveSpeed, against the emulator: one
 * GenAI client span and one {@code gen_ai.client.inference.duration} point per provider called, the failover as an
 * event and a counter, and circuit-breaker changes as span events and metrics.
 */
@EmulatedProviders
class ImagegenTracingRoutingTest {

    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    private ImagegenTracing tracing;
    private ImageClient client;

    private ImageClient client(ProviderEmulator emu, ProviderLimits segmindLimits) {
        tracing = new ImagegenTracing(otel.getOpenTelemetry());
        client = EmulatorClients.builder(emu)
                .listener(tracing)
                .routing(RoutingPolicy.preferenceOrder("segmind", "wavespeed"))
                .providerLimits("segmind", segmindLimits)
                .retryPolicy(RetryPolicy.defaults().withJitter(false).withMaxRetries(0))
                .build();
        return client;
    }

    @AfterEach
    void tearDown() {
        client.close();
        assertThat(tracing.openGenerations()).as("generation spans left open").isZero();
    }

    private static ImageRequest routed() {
        return ImageRequest.builder().model("hidream-i1-fast").prompt("a lighthouse at dusk").build();
    }

    @Test
    void aFailoverEndsTheFirstProvidersCallWithItsErrorAndStartsTheNextOnesUnderTheSameGeneration(ProviderEmulator emu) {
        emu.faults().on(Routes.SEGMIND_GENERATE).always().respond(Fault.status(429));
        ImageResult r = client(emu, ProviderLimits.defaults().withoutCircuitBreaker()).generate(routed());

        assertThat(r.provider()).isEqualTo("wavespeed");
        SpanData gen = named(otel.getSpans(), "imagegen.generate");
        List<SpanData> calls = callsOf(gen);
        assertThat(calls).extracting(c -> attr(c, "gen_ai.provider.name")).containsExactly("segmind", "wavespeed");
        SpanData segmind = calls.get(0);
        SpanData wavespeed = calls.get(1);
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.getName()).isEqualTo("generate_content hidream-i1-fast");
            assertThat(c.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(attr(c, "gen_ai.operation.name")).isEqualTo("generate_content");
            assertThat(attr(c, "gen_ai.request.model")).isEqualTo("hidream-i1-fast");
            assertThat(attr(c, "gen_ai.output.type")).isEqualTo("image");
            assertThat(attr(c, "server.address")).isEqualTo("127.0.0.1");
            assertNestedIn(c, gen);
        });
        assertThat(attr(segmind, "error.type")).isEqualTo("dev.imagegen.RateLimitedException");
        assertThat(segmind.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(segmind.getStatus().getDescription()).isEqualTo("RateLimitedException");
        assertThat(attr(wavespeed, "error.type")).isNull();
        assertThat(wavespeed.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(wavespeed.getStartEpochNanos()).isEqualTo(segmind.getEndEpochNanos());
        // each provider's exchanges are under its own call: Segmind's 429, WaveSpeed's submit and polls
        assertThat(childrenOf(segmind)).extracting(s -> attr(s, "imagegen.operation")).containsExactly("generate");
        assertThat(childrenOf(wavespeed)).filteredOn(s -> s.getName().equals("imagegen.attempt"))
                .extracting(s -> attr(s, "imagegen.operation")).contains("submit", "poll").doesNotContain("generate");

        // the failover, on the generation span, at the moment one call ended and the next began
        assertThat(gen.getEvents()).filteredOn(e -> e.getName().equals("imagegen.failover")).singleElement()
                .satisfies(e -> {
                    assertThat(eventAttributes(e)).isEqualTo(Map.of(
                            "imagegen.failover.from", "segmind",
                            "imagegen.failover.to", "wavespeed",
                            "error.type", "dev.imagegen.RateLimitedException"));
                    assertThat(e.getEpochNanos()).isEqualTo(segmind.getEndEpochNanos());
                });
        assertThat(attr(gen, "imagegen.provider")).isEqualTo("wavespeed");
        assertThat(attr(gen, "imagegen.outcome")).isEqualTo("success");

        // one duration point per provider call, the failed one with its error.type
        Map<String, HistogramPointData> durations = durationsByProvider();
        assertThat(durations).containsOnlyKeys("segmind", "wavespeed");
        assertThat(attributes(durations.get("segmind").getAttributes())).isEqualTo(Map.of(
                "gen_ai.operation.name", "generate_content",
                "gen_ai.provider.name", "segmind",
                "gen_ai.request.model", "hidream-i1-fast",
                "server.address", "127.0.0.1",
                "error.type", "dev.imagegen.RateLimitedException"));
        assertThat(attributes(durations.get("wavespeed").getAttributes())).doesNotContainKey("error.type");
        assertThat(durations.get("segmind").getSum())
                .isEqualTo((segmind.getEndEpochNanos() - segmind.getStartEpochNanos()) / 1e9);
        assertThat(durations.get("wavespeed").getSum())
                .isEqualTo((wavespeed.getEndEpochNanos() - wavespeed.getStartEpochNanos()) / 1e9);

        assertThat(longPoints("imagegen.failovers", "{failover}")).containsExactly(Map.entry(Map.of(
                "imagegen.failover.from", "segmind",
                "imagegen.failover.to", "wavespeed",
                "error.type", "dev.imagegen.RateLimitedException"), 1L));
    }

    @Test
    void aCircuitOpeningIsAnEventOnTheCallThatOpenedItAndTheStateAndTransitionMetrics(ProviderEmulator emu) {
        emu.faults().on(Routes.SEGMIND_GENERATE).always().respond(Fault.status(503));
        ImageClient c = client(emu, ProviderLimits.defaults().withCircuitBreaker(1, Duration.ofMinutes(5)));

        c.generate(routed());            // Segmind's 503 opens its circuit, WaveSpeed serves
        SpanData first = named(otel.getSpans(), "imagegen.generate");
        otel.clearSpans();
        c.generate(routed());            // Segmind is skipped: its circuit is open
        SpanData second = named(otel.getSpans(), "imagegen.generate");

        assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).as("once: the second request sent Segmind nothing")
                .isEqualTo(1);
        List<EventData> firstFailovers = first.getEvents().stream()
                .filter(e -> e.getName().equals("imagegen.failover")).toList();
        assertThat(firstFailovers).singleElement().satisfies(e -> assertThat(eventAttributes(e))
                .containsEntry("error.type", "dev.imagegen.ProviderServerException"));

        SpanData skipped = callsOf(second).get(0);
        assertThat(attr(skipped, "gen_ai.provider.name")).isEqualTo("segmind");
        assertThat(attr(skipped, "error.type")).isEqualTo("dev.imagegen.CircuitOpenException");
        assertThat(attr(skipped, "server.address")).as("nothing was sent").isNull();
        assertThat(childrenOf(skipped)).isEmpty();

        assertThat(longPoints("imagegen.circuit.transitions", "{transition}")).containsExactly(Map.entry(Map.of(
                "gen_ai.provider.name", "segmind",
                "imagegen.circuit.from", "closed",
                "imagegen.circuit.to", "open"), 1L));
        assertThat(gauge("imagegen.circuit.state")).isEqualTo(Map.of(
                Map.of("gen_ai.provider.name", "segmind", "imagegen.circuit.state", "closed"), 0L,
                Map.of("gen_ai.provider.name", "segmind", "imagegen.circuit.state", "open"), 1L,
                Map.of("gen_ai.provider.name", "segmind", "imagegen.circuit.state", "half_open"), 0L));
        assertThat(longPoints("imagegen.failovers", "{failover}")).containsOnly(
                Map.entry(Map.of("imagegen.failover.from", "segmind", "imagegen.failover.to", "wavespeed",
                        "error.type", "dev.imagegen.ProviderServerException"), 1L),
                Map.entry(Map.of("imagegen.failover.from", "segmind", "imagegen.failover.to", "wavespeed",
                        "error.type", "dev.imagegen.CircuitOpenException"), 1L));
    }

    @Test
    void theCallWhoseFailureOpensTheCircuitCarriesTheChange(ProviderEmulator emu) {
        emu.faults().on(Routes.SEGMIND_GENERATE).always().respond(Fault.status(503));
        client(emu, ProviderLimits.defaults().withCircuitBreaker(1, Duration.ofMinutes(5))).generate(routed());

        SpanData gen = named(otel.getSpans(), "imagegen.generate");
        SpanData segmind = callsOf(gen).get(0);
        assertThat(attr(segmind, "gen_ai.provider.name")).isEqualTo("segmind");
        assertThat(attr(segmind, "error.type")).isEqualTo("dev.imagegen.ProviderServerException");
        assertThat(segmind.getEvents()).extracting(EventData::getName)
                .containsExactly("imagegen.circuit.state_changed", "exception");
        EventData change = segmind.getEvents().get(0);
        assertThat(change.getAttributes().get(AttributeKey.stringKey("imagegen.circuit.from"))).isEqualTo("closed");
        assertThat(change.getAttributes().get(AttributeKey.stringKey("imagegen.circuit.to"))).isEqualTo("open");
        assertThat(change.getAttributes().get(AttributeKey.stringKey("imagegen.circuit.reason")))
                .startsWith("1 of the last 1 calls failed");
        SpanData wavespeed = callsOf(gen).get(1);
        assertThat(wavespeed.getEvents()).isEmpty();
    }

    // ---- helpers ----

    /** The GenAI client spans under {@code gen}, in start order. */
    private static List<SpanData> callsOf(SpanData gen) {
        return otel.getSpans().stream()
                .filter(s -> s.getParentSpanId().equals(gen.getSpanId()))
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
                .toList();
    }

    private static List<SpanData> childrenOf(SpanData parent) {
        return otel.getSpans().stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId())).toList();
    }

    private static Map<String, Object> eventAttributes(EventData e) {
        return attributes(e.getAttributes());
    }

    private static Map<String, HistogramPointData> durationsByProvider() {
        return ImagegenTracingTest.durationMetricOf(otel).getHistogramData().getPoints().stream().collect(
                Collectors.toMap(p -> p.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name")),
                        Function.identity()));
    }

    private static MetricData metric(String name, MetricDataType type) {
        List<MetricData> found = otel.getMetrics().stream().filter(m -> m.getName().equals(name)).toList();
        assertThat(found).as(name).hasSize(1);
        assertThat(found.get(0).getType()).isEqualTo(type);
        return found.get(0);
    }

    /** A counter's points: attributes -> value. */
    private static Map<Map<String, Object>, Long> longPoints(String name, String unit) {
        MetricData m = metric(name, MetricDataType.LONG_SUM);
        assertThat(m.getUnit()).isEqualTo(unit);
        assertThat(m.getLongSumData().isMonotonic()).isTrue();
        return points(m.getLongSumData().getPoints());
    }

    private static Map<Map<String, Object>, Long> gauge(String name) {
        MetricData m = metric(name, MetricDataType.LONG_GAUGE);
        assertThat(m.getUnit()).isEqualTo("1");
        return points(m.getLongGaugeData().getPoints());
    }

    private static Map<Map<String, Object>, Long> points(java.util.Collection<LongPointData> points) {
        Map<Map<String, Object>, Long> out = new java.util.HashMap<>();
        for (LongPointData p : points) {
            out.put(new TreeMap<>(attributes(p.getAttributes())), p.getValue());
        }
        return out;
    }
}
