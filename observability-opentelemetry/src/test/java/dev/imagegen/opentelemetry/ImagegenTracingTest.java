package dev.imagegen.opentelemetry;

import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.RetryPolicy;
import dev.imagegen.testkit.EmulatedProviders;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link ImagegenTracing} against the emulator: real client, real providers, real HTTP, spans collected by the
 * OpenTelemetry SDK's in-memory exporter.
 */
@EmulatedProviders
class ImagegenTracingTest {

    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    private static final long CROSS_CLOCK_SLACK_NANOS = 2_000_000;

    private ImagegenTracing tracing;
    private ImageClient client;

    @BeforeEach
    void setUp(ProviderEmulator emu) {
        tracing = new ImagegenTracing(otel.getOpenTelemetry());
        client = EmulatorClients.builder(emu)
                .listener(tracing)
                .retryPolicy(RetryPolicy.defaults().withJitter(false))
                .build();
    }

    @AfterEach
    void tearDown() {
        client.close();
        awaitNoOpenGenerations();
        assertThat(tracing.openGenerations()).as("generation spans left open").isZero();
    }

    /**
     * generateAsync's future completes before the core reports the generation's end (the core fires RequestEnded from
     * a callback on the same future), so a test that joins it waits, boundedly, for that last event.
     */
    private void awaitNoOpenGenerations() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (tracing.openGenerations() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private static ImageRequest.Builder segmind(String prompt) {
        return ImageRequest.builder().provider("segmind").model("hidream-i1-fast").prompt(prompt).size(1024, 1024);
    }

    /** Runs {@code work} inside a span named "caller", as an application would. */
    @SuppressWarnings("try")
    private static <T> T inCallerSpan(Supplier<T> work) {
        Span caller = otel.getOpenTelemetry().getTracer("test").spanBuilder("caller").startSpan();
        try (Scope ignored = caller.makeCurrent()) {
            return work.get();
        } finally {
            caller.end();
        }
    }

    @Test
    void successIsAGenerationSpanWithOneGenAiClientSpanAndItsAttemptAndTheResultsAttributes() {
        ImageResult r = inCallerSpan(() -> client.generate(segmind("a lighthouse at dusk").build()));

        List<SpanData> spans = otel.getSpans();
        assertThat(spans).extracting(SpanData::getName)
                .containsExactlyInAnyOrder("caller", "imagegen.generate", "generate_content hidream-i1-fast",
                        "imagegen.attempt");
        SpanData caller = named(spans, "caller");
        SpanData gen = named(spans, "imagegen.generate");
        SpanData call = named(spans, "generate_content hidream-i1-fast");
        SpanData attempt = named(spans, "imagegen.attempt");

        assertThat(gen.getParentSpanId()).isEqualTo(caller.getSpanId());
        assertThat(gen.getTraceId()).isEqualTo(caller.getTraceId());
        assertThat(gen.getKind()).isEqualTo(SpanKind.INTERNAL);
        assertThat(gen.getInstrumentationScopeInfo().getName()).isEqualTo("dev.imagegen.opentelemetry");
        assertThat(attr(gen, "imagegen.provider")).isEqualTo("segmind");
        assertThat(attr(gen, "imagegen.model")).isEqualTo("hidream-i1-fast");
        assertThat(gen.getAttributes().get(AttributeKey.longKey("imagegen.count"))).isEqualTo(1L);
        assertThat(gen.getAttributes().get(AttributeKey.longKey("imagegen.images"))).isEqualTo(1L);
        assertThat(attr(gen, "imagegen.size")).isEqualTo("1024x1024");   // Segmind answers raw bytes: loaded
        assertThat(attr(gen, "imagegen.outcome")).isEqualTo("success");
        assertThat(gen.getAttributes().get(AttributeKey.doubleKey("imagegen.cost.usd"))).isCloseTo(0.0123, within(1e-9));
        assertThat(attr(gen, "imagegen.cost.kind")).isEqualTo("REPORTED");
        assertThat(gen.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        for (SpanData s : List.of(gen, call)) {
            assertThat(s.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey)
                    .noneMatch(k -> k.contains("prompt"));
            assertThat(s.getAttributes().asMap().values()).noneMatch(v -> String.valueOf(v).contains("lighthouse"));
        }

        // the GenAI client span: the conventions' name, kind and attributes, nothing else
        assertThat(call.getParentSpanId()).isEqualTo(gen.getSpanId());
        assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
        Map<String, Object> expected = new TreeMap<>(Map.of(
                "gen_ai.operation.name", "generate_content",
                "gen_ai.provider.name", "segmind",
                "gen_ai.request.model", "hidream-i1-fast",
                "gen_ai.output.type", "image",
                "server.address", "127.0.0.1"));
        r.requestId().ifPresent(id -> expected.put("gen_ai.response.id", id));
        assertThat(attributes(call)).isEqualTo(expected);
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertNestedIn(call, gen);

        assertThat(attempt.getParentSpanId()).isEqualTo(call.getSpanId());
        assertThat(attempt.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(attempt.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(attr(attempt, "http.request.method")).isEqualTo("POST");
        assertThat(attr(attempt, "server.address")).isEqualTo("127.0.0.1");
        assertThat(attr(attempt, "imagegen.operation")).isEqualTo("generate");
        assertThat(attr(attempt, "url.path")).startsWith("/v1/");
        assertThat(attempt.getAttributes().get(AttributeKey.longKey("imagegen.attempt"))).isEqualTo(1L);
        assertThat(attempt.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertNestedIn(attempt, call);
        assertNestedIn(gen, caller, CROSS_CLOCK_SLACK_NANOS);

        // gen_ai.client.inference.duration: one point, in seconds, the span's duration, the conventions' buckets
        HistogramPointData point = onlyPoint(durationMetric());
        assertThat(attributes(point.getAttributes())).isEqualTo(Map.of(
                "gen_ai.operation.name", "generate_content",
                "gen_ai.provider.name", "segmind",
                "gen_ai.request.model", "hidream-i1-fast",
                "server.address", "127.0.0.1"));
        assertThat(point.getCount()).isEqualTo(1);
        assertThat(point.getSum()).isEqualTo((call.getEndEpochNanos() - call.getStartEpochNanos()) / 1e9);
        assertThat(point.getSum()).isPositive().isLessThan(30.0);
        assertThat(point.getBoundaries()).containsExactly(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
                5.12, 10.24, 20.48, 40.96, 81.92);
    }

    @Test
    void aRetried429IsTwoAttemptSpansAndARetryEvent(ProviderEmulator emu) {
        emu.faults().on(Routes.SEGMIND_GENERATE).once().respond(Fault.status(429).header("Retry-After-Ms", "20"));

        client.generate(segmind("a rate-limited fox").build());

        SpanData gen = named(otel.getSpans(), "imagegen.generate");
        List<SpanData> attempts = otel.getSpans().stream().filter(s -> s.getName().equals("imagegen.attempt"))
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos())).toList();
        SpanData call = named(otel.getSpans(), "generate_content hidream-i1-fast");
        assertThat(call.getParentSpanId()).isEqualTo(gen.getSpanId());
        assertThat(attr(call, "error.type")).as("a retry within the call is not its error").isNull();
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(attempts).hasSize(2).allSatisfy(a -> assertThat(a.getParentSpanId()).isEqualTo(call.getSpanId()));
        assertNestedIn(attempts.get(0), call);
        assertNestedIn(attempts.get(1), call);
        SpanData first = attempts.get(0);
        SpanData second = attempts.get(1);
        assertThat(first.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(429L);
        assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attr(first, "error.type")).isEqualTo("429");
        assertThat(second.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(second.getAttributes().get(AttributeKey.longKey("imagegen.attempt"))).isEqualTo(2L);
        assertThat(second.getAttributes().get(AttributeKey.longKey("http.request.resend_count"))).isEqualTo(1L);
        assertThat(second.getStartEpochNanos()).isGreaterThanOrEqualTo(first.getEndEpochNanos());

        assertThat(gen.getEvents()).hasSize(1);
        EventData retry = gen.getEvents().get(0);
        assertThat(retry.getName()).isEqualTo("imagegen.retry");
        assertThat(retry.getAttributes().get(AttributeKey.stringKey("imagegen.retry.reason"))).isEqualTo("HTTP 429");
        assertThat(retry.getAttributes().get(AttributeKey.longKey("imagegen.retry.next_attempt"))).isEqualTo(2L);
        assertThat(retry.getAttributes().get(AttributeKey.longKey("imagegen.retry.delay_ms"))).isEqualTo(20L);
        assertThat(retry.getAttributes().get(AttributeKey.stringKey("imagegen.operation"))).isEqualTo("generate");
        assertThat(retry.getEpochNanos()).isBetween(first.getEndEpochNanos(), second.getStartEpochNanos());
        assertThat(attr(gen, "imagegen.outcome")).isEqualTo("success");
    }

    @Test
    void aFailureSetsErrorStatusAndRecordsTheException(ProviderEmulator emu) {
        emu.faults().on(Routes.SEGMIND_GENERATE).always().respond(Fault.status(500));

        assertThatThrownBy(() -> client.generate(segmind("an unlucky owl").build()))
                .isInstanceOf(OutcomeUnknownException.class);

        SpanData gen = named(otel.getSpans(), "imagegen.generate");
        assertThat(gen.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(gen.getStatus().getDescription()).isEqualTo("OutcomeUnknownException");
        assertThat(attr(gen, "imagegen.outcome")).isEqualTo("OutcomeUnknownException");
        assertThat(attr(gen, "error.type")).isEqualTo("dev.imagegen.OutcomeUnknownException");
        assertThat(gen.getAttributes().get(AttributeKey.doubleKey("imagegen.cost.usd"))).isNull();
        assertThat(gen.getAttributes().get(AttributeKey.stringKey("imagegen.size"))).isNull();
        EventData exception = gen.getEvents().stream().filter(e -> e.getName().equals("exception")).findFirst()
                .orElseThrow();
        assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.type")))
                .isEqualTo("dev.imagegen.OutcomeUnknownException");

        SpanData call = named(otel.getSpans(), "generate_content hidream-i1-fast");
        assertThat(call.getParentSpanId()).isEqualTo(gen.getSpanId());
        assertThat(attr(call, "error.type")).isEqualTo("dev.imagegen.OutcomeUnknownException");
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(call.getStatus().getDescription()).isEqualTo("OutcomeUnknownException");
        assertThat(call.getEvents()).extracting(EventData::getName).containsExactly("exception");

        SpanData attempt = named(otel.getSpans(), "imagegen.attempt");
        assertThat(attempt.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(500L);
        assertThat(attempt.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attempt.getParentSpanId()).isEqualTo(call.getSpanId());

        HistogramPointData point = onlyPoint(durationMetric());
        assertThat(attributes(point.getAttributes())).isEqualTo(Map.of(
                "gen_ai.operation.name", "generate_content",
                "gen_ai.provider.name", "segmind",
                "gen_ai.request.model", "hidream-i1-fast",
                "server.address", "127.0.0.1",
                "error.type", "dev.imagegen.OutcomeUnknownException"));
        assertThat(point.getSum()).isEqualTo((call.getEndEpochNanos() - call.getStartEpochNanos()) / 1e9);
    }

    @Test
    void aJobsUrlOutputIsDownloadedWithinTheGenerateSpan(ProviderEmulator emu) {
        ImageResult r = inCallerSpan(() -> client.generate(ImageRequest.builder().provider("wavespeed")
                .model("hidream-i1-dev").prompt("a paper boat").size(512, 512).build()));

        SpanData gen = named(otel.getSpans(), "imagegen.generate");
        SpanData call = named(otel.getSpans(), "generate_content hidream-i1-dev");
        SpanData download = named(otel.getSpans(), "imagegen.download");
        assertThat(call.getParentSpanId()).isEqualTo(gen.getSpanId());
        assertThat(download.getParentSpanId()).isEqualTo(call.getSpanId());
        assertThat(download.getAttributes().get(AttributeKey.longKey("imagegen.download.bytes"))).isEqualTo(r.image().bytes().length);
        assertNestedIn(download, call);
        assertThat(otel.getSpans().stream().filter(s -> s.getParentSpanId().equals(call.getSpanId()))
                .map(s -> attr(s, "imagegen.operation"))).contains("download");
        // the API host, not the storage host the image was downloaded from (both are loopback here: by attempt)
        assertThat(attr(call, "server.address")).isEqualTo("127.0.0.1");
        assertThat(attr(call, "gen_ai.provider.name")).isEqualTo("wavespeed");
        assertThat(gen.getAttributes().get(AttributeKey.stringKey("imagegen.size"))).isEqualTo("512x512");
        assertThat(emu.requestCount(Routes.STORAGE)).isEqualTo(1);
    }

    @Test
    void aJobHasAttemptAndPollChildrenAndItsDeferredDownloadHappensLaterUnderTheCallersSpan(ProviderEmulator emu) {
        ImageResult r = inCallerSpan(() -> client.generate(ImageRequest.builder().provider("wavespeed")
                .model("hidream-i1-dev").prompt("a paper boat").size(512, 512).downloadOutputs(false).build()));

        int polls = emu.requestCount(Routes.WAVESPEED_RESULT);
        assertThat(polls).isPositive();
        SpanData gen = named(otel.getSpans(), "imagegen.generate");
        assertThat(attr(gen, "imagegen.outcome")).isEqualTo("success");
        assertThat(attr(gen, "imagegen.cost.kind")).isEqualTo("ESTIMATED");
        assertThat(gen.getAttributes().get(AttributeKey.doubleKey("imagegen.cost.usd"))).isCloseTo(0.012, within(1e-9));
        // a URL output is not loaded yet, and the tracer must not download it to learn its size
        assertThat(gen.getAttributes().get(AttributeKey.stringKey("imagegen.size"))).isNull();
        assertThat(r.image().isLoaded()).isFalse();
        assertThat(emu.requestCount(Routes.STORAGE)).isZero();

        SpanData call = named(otel.getSpans(), "generate_content hidream-i1-dev");
        assertThat(call.getParentSpanId()).isEqualTo(gen.getSpanId());
        assertThat(otel.getSpans()).filteredOn(s -> s.getParentSpanId().equals(gen.getSpanId())).containsExactly(call);
        List<SpanData> children = otel.getSpans().stream().filter(s -> s.getParentSpanId().equals(call.getSpanId()))
                .toList();
        assertThat(children).allSatisfy(c -> assertNestedIn(c, call));
        assertThat(children.stream().filter(s -> s.getName().equals("imagegen.attempt")).map(s -> attr(s, "imagegen.operation")))
                .containsExactlyInAnyOrderElementsOf(concat(List.of("submit"), repeat("poll", polls)));
        List<SpanData> pollSpans = children.stream().filter(s -> s.getName().equals("imagegen.poll"))
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos())).toList();
        assertThat(pollSpans).hasSize(polls);
        SpanData lastPoll = pollSpans.get(polls - 1);
        assertThat(attr(lastPoll, "imagegen.job.state")).isEqualTo("SUCCEEDED");
        assertThat(attr(lastPoll, "imagegen.job.id")).isNotEmpty();
        assertThat(lastPoll.getAttributes().get(AttributeKey.longKey("imagegen.poll.number"))).isEqualTo((long) polls);
        assertThat(gen.getEvents()).extracting(EventData::getName).contains("imagegen.job.state_changed");
        assertThat(gen.getEvents().get(gen.getEvents().size() - 1).getAttributes()
                .get(AttributeKey.stringKey("imagegen.job.state"))).isEqualTo("SUCCEEDED");
        // each poll span covers its HTTP exchange: the matching poll attempt starts inside it
        SpanData lastPollAttempt = children.stream().filter(s -> "poll".equals(attr(s, "imagegen.operation")))
                .max((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos())).orElseThrow();
        assertThat(lastPoll.getStartEpochNanos()).isEqualTo(lastPollAttempt.getStartEpochNanos());
        assertThat(lastPoll.getEndEpochNanos()).isGreaterThanOrEqualTo(lastPollAttempt.getEndEpochNanos());

        otel.clearSpans();
        byte[] bytes = inCallerSpan(() -> r.image().bytes());

        SpanData caller = named(otel.getSpans(), "caller");
        SpanData download = named(otel.getSpans(), "imagegen.download");
        SpanData downloadAttempt = named(otel.getSpans(), "imagegen.attempt");
        assertThat(download.getParentSpanId()).isEqualTo(caller.getSpanId());
        assertThat(download.getAttributes().get(AttributeKey.longKey("imagegen.download.bytes"))).isEqualTo(bytes.length);
        assertThat(attr(download, "imagegen.provider")).isEqualTo("wavespeed");
        assertThat(attr(downloadAttempt, "imagegen.operation")).isEqualTo("download");
        assertThat(downloadAttempt.getParentSpanId()).isEqualTo(caller.getSpanId());
        assertNestedIn(download, caller, CROSS_CLOCK_SLACK_NANOS);
    }

    @Test
    void aFailedJobEndsWithAnErrorPollAndAnErrorGeneration(ProviderEmulator emu) {
        emu.faults().on(Routes.WAVESPEED_SUBMIT).once().respond(Fault.jobFails("NSFW content detected"));

        assertThatThrownBy(() -> client.generate(ImageRequest.builder().provider("wavespeed").model("hidream-i1-dev")
                .prompt("a failing job").build())).isInstanceOf(GenerationFailedException.class);

        SpanData gen = named(otel.getSpans(), "imagegen.generate");
        assertThat(attr(gen, "imagegen.outcome")).isEqualTo("GenerationFailedException");
        assertThat(gen.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        SpanData failedPoll = otel.getSpans().stream().filter(s -> s.getName().equals("imagegen.poll"))
                .filter(s -> "FAILED".equals(attr(s, "imagegen.job.state"))).findFirst().orElseThrow();
        assertThat(failedPoll.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        SpanData call = named(otel.getSpans(), "generate_content hidream-i1-dev");
        assertThat(failedPoll.getParentSpanId()).isEqualTo(call.getSpanId());
        assertThat(attr(call, "error.type")).isEqualTo("dev.imagegen.GenerationFailedException");
    }

    @Test
    void generateAsyncIsParentedToTheCallingThreadsContext() {
        ImageResult r = inCallerSpan(() -> client.generateAsync(segmind("async").build())).join();
        awaitNoOpenGenerations();

        assertThat(r.images()).hasSize(1);
        SpanData caller = named(otel.getSpans(), "caller");
        SpanData gen = named(otel.getSpans(), "imagegen.generate");
        assertThat(gen.getParentSpanId()).isEqualTo(caller.getSpanId());
        SpanData call = named(otel.getSpans(), "generate_content hidream-i1-fast");
        assertThat(call.getParentSpanId()).isEqualTo(gen.getSpanId());
        assertThat(named(otel.getSpans(), "imagegen.attempt").getParentSpanId()).isEqualTo(call.getSpanId());
        assertThat(attr(gen, "imagegen.outcome")).isEqualTo("success");
    }

    @Test
    void concurrentGenerationsGetTheirOwnTrees() {
        List<ImageResult> results = List.of(
                client.generateAsync(segmind("one").build()),
                client.generateAsync(segmind("two").build()),
                client.generateAsync(segmind("three").build())).stream().map(f -> f.join()).toList();
        awaitNoOpenGenerations();

        assertThat(results).hasSize(3);
        List<SpanData> gens = otel.getSpans().stream().filter(s -> s.getName().equals("imagegen.generate")).toList();
        assertThat(gens).hasSize(3);
        assertThat(gens).extracting(SpanData::getTraceId).doesNotHaveDuplicates();
        for (SpanData gen : gens) {
            assertThat(otel.getSpans()).filteredOn(s -> s.getParentSpanId().equals(gen.getSpanId()))
                    .singleElement().satisfies(call -> {
                        assertThat(call.getName()).isEqualTo("generate_content hidream-i1-fast");
                        assertThat(otel.getSpans()).filteredOn(s -> s.getParentSpanId().equals(call.getSpanId()))
                                .extracting(SpanData::getName).containsExactly("imagegen.attempt");
                    });
        }
        assertThat(onlyPoint(durationMetric()).getCount()).isEqualTo(3);
    }

    // ---- helpers ----

    static SpanData named(List<SpanData> spans, String name) {
        List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(found).as("spans named " + name + " in " + spans).hasSize(1);
        return found.get(0);
    }

    /** The only {@code gen_ai.client.inference.duration} metric recorded, after checking its unit and type. */
    static MetricData durationMetric() {
        return durationMetricOf(otel);
    }

    static MetricData durationMetricOf(OpenTelemetryExtension otel) {
        List<MetricData> found = otel.getMetrics().stream()
                .filter(m -> m.getName().equals("gen_ai.client.inference.duration")).toList();
        assertThat(found).hasSize(1);
        MetricData m = found.get(0);
        assertThat(m.getUnit()).isEqualTo("s");
        assertThat(m.getType()).isEqualTo(MetricDataType.HISTOGRAM);
        return m;
    }

    static HistogramPointData onlyPoint(MetricData histogram) {
        assertThat(histogram.getHistogramData().getPoints()).hasSize(1);
        return histogram.getHistogramData().getPoints().iterator().next();
    }

    /** A span's attributes as key -> value, sorted. */
    static Map<String, Object> attributes(SpanData span) {
        return attributes(span.getAttributes());
    }

    static Map<String, Object> attributes(Attributes attributes) {
        Map<String, Object> out = new TreeMap<>();
        attributes.forEach((k, v) -> out.put(k.getKey(), v));
        return out;
    }

    static String attr(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    static void assertNestedIn(SpanData child, SpanData parent) {
        assertNestedIn(child, parent, 0);
    }

    /** {@code slack} allows for spans timed by different clocks (the SDK's for "caller", the listener's for its own). */
    static void assertNestedIn(SpanData child, SpanData parent, long slack) {
        assertThat(child.getStartEpochNanos()).as(child.getName() + " starts inside " + parent.getName())
                .isGreaterThanOrEqualTo(parent.getStartEpochNanos() - slack);
        assertThat(child.getEndEpochNanos()).as(child.getName() + " ends inside " + parent.getName())
                .isLessThanOrEqualTo(parent.getEndEpochNanos() + slack);
    }

    private static List<String> repeat(String s, int n) {
        return java.util.Collections.nCopies(n, s);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
