package dev.imagegen.opentelemetry;

import dev.imagegen.HttpOptions;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.RequestHeaders;
import dev.imagegen.testkit.EmulatedProviders;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.RecordedCall;
import dev.imagegen.testkit.Routes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.imagegen.opentelemetry.ImagegenTracingTest.attr;
import static dev.imagegen.opentelemetry.ImagegenTracingTest.attributes;
import static dev.imagegen.opentelemetry.ImagegenTracingTest.named;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ImagegenTracing#propagation()} against the emulator, which records every request's headers: each vendor
 * request carries the W3C {@code traceparent} of its provider call's span, downloads carry none, and nothing is sent
 * unless the application opts in.
 */
@EmulatedProviders
class ImagegenTracingPropagationTest {

    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    private static String traceparent(SpanData span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex();
    }

    private static ImageClient client(ProviderEmulator emu, ImagegenTracing tracing, RequestHeaders headers) {
        ImageClient.Builder b = EmulatorClients.builder(emu).listener(tracing);
        if (headers != null) {
            b.http(HttpOptions.builder().requestHeaders(headers).build());
        }
        return b.build();
    }

    @Test
    void eachVendorRequestCarriesItsProviderCallsTraceparentAndTheCallLearnsItsPort(ProviderEmulator emu) {
        ImagegenTracing tracing = new ImagegenTracing(otel.getOpenTelemetry());
        try (ImageClient client = client(emu, tracing, tracing.propagation())) {
            client.generate(ImageRequest.builder().provider("wavespeed").model("hidream-i1-dev").prompt("a paper boat")
                    .size(512, 512).build());
        }

        SpanData call = named(otel.getSpans(), "generate_content hidream-i1-dev");
        List<RecordedCall> requests = emu.requests();
        List<RecordedCall> api = requests.stream().filter(r -> !r.route().equals(Routes.STORAGE)).toList();
        assertThat(api).extracting(RecordedCall::route).contains(Routes.WAVESPEED_SUBMIT, Routes.WAVESPEED_RESULT);
        assertThat(api).allSatisfy(r -> assertThat(r.header("traceparent")).as(r.route()).contains(traceparent(call)));
        assertThat(requests).filteredOn(r -> r.route().equals(Routes.STORAGE)).singleElement()
                .satisfies(r -> assertThat(r.header("traceparent")).as("a download goes to a storage host").isEmpty());

        // the URL gave the port the events do not carry: the span and the metric have server.port now
        assertThat(call.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo((long) emu.port());
        assertThat(attr(call, "server.address")).isEqualTo("127.0.0.1");
        HistogramPointData point = ImagegenTracingTest.durationMetricOf(otel).getHistogramData().getPoints()
                .iterator().next();
        assertThat(attributes(point.getAttributes())).isEqualTo(Map.of(
                "gen_ai.operation.name", "generate_content",
                "gen_ai.provider.name", "wavespeed",
                "gen_ai.request.model", "hidream-i1-dev",
                "server.address", "127.0.0.1",
                "server.port", (long) emu.port()));
        assertThat(tracing.openGenerations()).isZero();
    }

    @Test
    void nothingIsSentUnlessTheApplicationOptsIn(ProviderEmulator emu) {
        ImagegenTracing tracing = new ImagegenTracing(otel.getOpenTelemetry());
        try (ImageClient client = client(emu, tracing, null)) {
            client.generate(ImageRequest.builder().provider("segmind").model("hidream-i1-fast").prompt("a fox").build());
        }

        assertThat(emu.requests()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.headers().keySet()).noneMatch(h -> h.equalsIgnoreCase("traceparent")));
        assertThat(named(otel.getSpans(), "generate_content hidream-i1-fast").getAttributes()
                .get(AttributeKey.longKey("server.port"))).as("not in the events").isNull();
    }

    @Test
    void aRequestOfNoOpenGenerationCarriesTheSendingThreadsContextAndTheHookNeverThrows() {
        ImagegenTracing tracing = new ImagegenTracing(otel.getOpenTelemetry().getTracer("test"));
        RequestHeaders hook = tracing.propagation(W3CTraceContextPropagator.getInstance());
        List<String> headers = new ArrayList<>();
        Span current = otel.getOpenTelemetry().getTracer("test").spanBuilder("estimate caller").startSpan();
        try (Scope ignored = current.makeCurrent()) {
            hook.addTo(new RequestHeaders.OutgoingRequest(404, "segmind", "estimate", "POST",
                    "https://api.segmind.com/v1/estimate"), (k, v) -> headers.add(k + ": " + v));
        } finally {
            current.end();
        }
        assertThat(headers).containsExactly("traceparent: 00-" + current.getSpanContext().getTraceId() + "-"
                + current.getSpanContext().getSpanId() + "-" + current.getSpanContext().getTraceFlags().asHex());

        headers.clear();
        hook.addTo(new RequestHeaders.OutgoingRequest(1, "segmind", "generate", "POST", "not a url at all"),
                (k, v) -> headers.add(k));
        hook.addTo(null, (k, v) -> headers.add(k));
        hook.addTo(new RequestHeaders.OutgoingRequest(1, "segmind", "generate", "POST", "https://x"), null);
        assertThat(headers).as("no open generation, no current span: an invalid context is not injected").isEmpty();
    }
}
