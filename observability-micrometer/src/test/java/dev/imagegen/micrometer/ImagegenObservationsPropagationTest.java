package dev.imagegen.micrometer;

import dev.imagegen.HttpOptions;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.RequestHeaders;
import dev.imagegen.testkit.EmulatedProviders;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.RecordedCall;
import dev.imagegen.testkit.Routes;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ImagegenObservations#propagation()} with the tracing Spring Boot wires for OpenTelemetry (Micrometer
 * Tracing's OTel bridge, its propagating sender handler, W3C propagation), against the emulator, which records every
 * request's headers: each vendor request carries the {@code traceparent} of its provider call's client span.
 */
@EmulatedProviders
class ImagegenObservationsPropagationTest {

    private final List<ProviderCallObservationContext> calls = new CopyOnWriteArrayList<>();
    private OpenTelemetrySdk sdk;
    private ObservationRegistry registry;

    @BeforeEach
    void setUp() {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        io.opentelemetry.api.trace.Tracer otelTracer = sdk.getTracer("test");
        OtelTracer tracer = new OtelTracer(otelTracer, new OtelCurrentTraceContext(), event -> {
        });
        registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, new OtelPropagator(sdk.getPropagators(), otelTracer)),
                new DefaultTracingObservationHandler(tracer)));
        registry.observationConfig().observationHandler(new ObservationHandler<ProviderCallObservationContext>() {
            @Override
            public void onStart(ProviderCallObservationContext context) {
                calls.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof ProviderCallObservationContext;
            }
        });
    }

    @AfterEach
    void tearDown() {
        sdk.close();
    }

    private static ImageClient client(ProviderEmulator emu, ImagegenObservations observations, RequestHeaders headers) {
        ImageClient.Builder b = EmulatorClients.builder(emu).listener(observations);
        if (headers != null) {
            b.http(HttpOptions.builder().requestHeaders(headers).build());
        }
        return b.build();
    }

    @Test
    void eachVendorRequestCarriesTheTraceparentOfItsProviderCallsClientSpan(ProviderEmulator emu) {
        ImagegenObservations observations = new ImagegenObservations(registry);
        try (ImageClient client = client(emu, observations, observations.propagation())) {
            client.generate(ImageRequest.builder().provider("wavespeed").model("hidream-i1-dev").prompt("a paper boat")
                    .size(512, 512).build());
        }

        assertThat(calls).hasSize(1);
        ProviderCallObservationContext call = calls.get(0);
        TracingObservationHandler.TracingContext tracing = call.getRequired(TracingObservationHandler.TracingContext.class);
        Span span = tracing.getSpan();
        String expected = "00-" + span.context().traceId() + "-" + span.context().spanId() + "-";
        assertThat(call.getCarrier()).containsOnlyKeys("traceparent");
        assertThat(call.getCarrier().get("traceparent")).startsWith(expected);
        List<RecordedCall> api = emu.requests().stream().filter(r -> !r.route().equals(Routes.STORAGE)).toList();
        assertThat(api).extracting(RecordedCall::route).contains(Routes.WAVESPEED_SUBMIT, Routes.WAVESPEED_RESULT);
        assertThat(api).allSatisfy(r -> assertThat(r.header("traceparent")).as(r.route())
                .contains(call.getCarrier().get("traceparent")));
        assertThat(emu.requests()).filteredOn(r -> r.route().equals(Routes.STORAGE)).singleElement()
                .satisfies(r -> assertThat(r.header("traceparent")).as("a download goes to a storage host").isEmpty());
        // the URL gave the port the events do not carry
        assertThat(call.getServerPort()).isEqualTo(emu.port());
        assertThat(call.getHighCardinalityKeyValue("server.port").getValue()).isEqualTo(Integer.toString(emu.port()));
        assertThat(observations.openGenerations()).isZero();
    }

    @Test
    void nothingIsSentUnlessTheApplicationOptsIn(ProviderEmulator emu) {
        ImagegenObservations observations = new ImagegenObservations(registry);
        try (ImageClient client = client(emu, observations, null)) {
            client.generate(ImageRequest.builder().provider("segmind").model("hidream-i1-fast").prompt("a fox").build());
        }

        assertThat(calls).singleElement().satisfies(c -> assertThat(c.getCarrier()).containsKey("traceparent"));
        assertThat(emu.requests()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.headers().keySet()).noneMatch(h -> h.equalsIgnoreCase("traceparent")));
    }
}
