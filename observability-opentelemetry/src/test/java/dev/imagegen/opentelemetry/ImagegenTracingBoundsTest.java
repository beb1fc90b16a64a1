package dev.imagegen.opentelemetry;

import dev.imagegen.CircuitState;
import dev.imagegen.ImageEventListener.CircuitStateChanged;
import dev.imagegen.ImageEventListener.Failover;
import dev.imagegen.ImageEventListener.JobStateChanged;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageEventListener.Poll;
import dev.imagegen.ImageEventListener.RequestEnded;
import dev.imagegen.ImageEventListener.RequestStarted;
import dev.imagegen.ImageEventListener.Retry;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;
import dev.imagegen.RateLimitedException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static dev.imagegen.opentelemetry.ImagegenTracingTest.attr;
import static dev.imagegen.opentelemetry.ImagegenTracingTest.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ImagegenTracing} fed events directly: what it does with generations that never end, with events for unknown
 * operations, and with a repeated operation id. These are the cases the core can produce today (see
 * docs/observability.md) but the emulator tests cannot reach deterministically.
 */
class ImagegenTracingBoundsTest {

    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    private final ImagegenTracing tracing = new ImagegenTracing(otel.getOpenTelemetry().getTracer("test"), 2);

    private static RequestStarted started(long op) {
        return new RequestStarted(op, "wavespeed", "hidream-i1-dev", 1);
    }

    @Test
    void theOldestOpenGenerationIsAbandonedWhenTheMapIsFull() {
        tracing.requestStarted(started(11));
        tracing.requestStarted(started(12));
        assertThat(tracing.openGenerations()).isEqualTo(2);
        assertThat(otel.getSpans()).isEmpty();

        tracing.requestStarted(started(13));

        assertThat(tracing.openGenerations()).isEqualTo(2);
        SpanData abandoned = named(otel.getSpans(), "imagegen.generate");
        assertThat(attr(abandoned, "imagegen.outcome")).isEqualTo("abandoned");
        assertThat(attr(abandoned, "imagegen.job.state")).isNull();

        // 12 and 13 end normally; 11 no longer exists and its late end is ignored
        tracing.requestEnded(new RequestEnded(11, "wavespeed", "hidream-i1-dev", Duration.ofMillis(5), null, null));
        tracing.requestEnded(new RequestEnded(12, "wavespeed", "hidream-i1-dev", Duration.ofMillis(5), null, null));
        tracing.requestEnded(new RequestEnded(13, "wavespeed", "hidream-i1-dev", Duration.ofMillis(5), null, null));
        assertThat(tracing.openGenerations()).isZero();
        assertThat(otel.getSpans()).extracting(SpanData::getName).containsExactlyInAnyOrder(
                "imagegen.generate", "imagegen.generate", "imagegen.generate",
                "generate_content hidream-i1-dev", "generate_content hidream-i1-dev", "generate_content hidream-i1-dev");
        assertThat(otel.getSpans()).filteredOn(s -> s.getName().equals("imagegen.generate"))
                .extracting(s -> attr(s, "imagegen.outcome"))
                .containsExactlyInAnyOrder("abandoned", "unknown", "unknown");
        // the cancelled ones (neither result nor error) end their provider call as "cancelled"; the abandoned one
        // has no known outcome
        assertThat(otel.getSpans()).filteredOn(s -> s.getName().startsWith("generate_content"))
                .extracting(s -> String.valueOf(attr(s, "error.type")))
                .containsExactlyInAnyOrder("null", "cancelled", "cancelled");
    }

    @Test
    void anAbandonedJobEndsWhenItsJobReachedAFinalState() {
        // submit() of a job: started, polled to the end, never reported as ended
        tracing.requestStarted(started(21));
        tracing.poll(new Poll(21, "wavespeed", "job-1", JobStatus.of(JobState.SUCCEEDED), 1));
        tracing.jobStateChanged(new JobStateChanged(21, "wavespeed", "job-1", JobStatus.of(JobState.SUCCEEDED)));
        SpanData poll = named(otel.getSpans(), "imagegen.poll");

        tracing.requestStarted(started(22));
        tracing.requestStarted(started(23));

        SpanData gen = otel.getSpans().stream().filter(s -> s.getName().equals("imagegen.generate")).findFirst()
                .orElseThrow();
        SpanData call = otel.getSpans().stream().filter(s -> s.getParentSpanId().equals(gen.getSpanId()))
                .findFirst().orElseThrow();
        assertThat(attr(gen, "imagegen.outcome")).isEqualTo("abandoned");
        assertThat(attr(gen, "imagegen.job.state")).isEqualTo("SUCCEEDED");
        assertThat(gen.getEndEpochNanos()).isGreaterThanOrEqualTo(poll.getEndEpochNanos());
        assertThat(call.getName()).isEqualTo("generate_content hidream-i1-dev");
        assertThat(call.getEndEpochNanos()).isEqualTo(gen.getEndEpochNanos());
        assertThat(poll.getParentSpanId()).isEqualTo(call.getSpanId());
        assertThat(gen.getEvents()).extracting(e -> e.getAttributes().get(AttributeKey.stringKey("imagegen.job.state")))
                .containsExactly("SUCCEEDED");
    }

    @Test
    void eventsOfUnknownOperationsAreSafe() {
        tracing.retry(new Retry(99, "segmind", "generate", 2, Duration.ofMillis(10), "HTTP 429"));
        tracing.jobStateChanged(new JobStateChanged(99, "segmind", "j", JobStatus.of(JobState.RUNNING)));
        tracing.requestEnded(new RequestEnded(99, "segmind", "m", Duration.ZERO, null, null));
        assertThat(otel.getSpans()).isEmpty();

        // resume()d jobs report polls under id 0: a root span, not an error
        tracing.poll(new Poll(0, "wavespeed", "job-2", new JobStatus(JobState.QUEUED, "created", 3), 1));
        SpanData poll = named(otel.getSpans(), "imagegen.poll");
        assertThat(poll.getParentSpanContext().isValid()).isFalse();
        assertThat(attr(poll, "imagegen.job.vendor_status")).isEqualTo("created");
        assertThat(poll.getAttributes().get(AttributeKey.longKey("imagegen.job.queue_position"))).isEqualTo(3L);
        assertThat(tracing.openGenerations()).isZero();
    }

    @Test
    void aRepeatedOperationIdEndsTheEarlierSpan() {
        tracing.requestStarted(started(31));
        tracing.requestStarted(started(31));

        assertThat(tracing.openGenerations()).isEqualTo(1);
        assertThat(attr(named(otel.getSpans(), "imagegen.generate"), "imagegen.outcome")).isEqualTo("abandoned");
    }

    @Test
    void aSplitRequestsCallsToOneProviderShareOneClientSpanAndEndWithTheRequest() {
        ImagegenTracing t = new ImagegenTracing(otel.getOpenTelemetry());
        t.requestStarted(new RequestStarted(41, "segmind", "hidream-i1-fast", 6));
        // the calls of a split request report under the first call's id; both fail over to the same provider
        t.failover(new Failover(41, "segmind", "wavespeed", rateLimited()));
        t.failover(new Failover(41, "segmind", "wavespeed", rateLimited()));
        t.requestEnded(new RequestEnded(41, "wavespeed", "hidream-i1-fast", Duration.ofMillis(5), null, null));

        List<SpanData> calls = otel.getSpans().stream().filter(s -> s.getName().equals("generate_content hidream-i1-fast"))
                .toList();
        assertThat(calls).extracting(s -> attr(s, "gen_ai.provider.name")).containsExactlyInAnyOrder("segmind", "wavespeed");
        assertThat(calls).allSatisfy(s -> assertThat(s.getAttributes().get(AttributeKey.longKey("gen_ai.request.choice.count")))
                .isEqualTo(6L));
        assertThat(calls).filteredOn(s -> "wavespeed".equals(attr(s, "gen_ai.provider.name"))).singleElement()
                .satisfies(s -> assertThat(attr(s, "error.type")).isEqualTo("cancelled"));
        SpanData gen = named(otel.getSpans(), "imagegen.generate");
        assertThat(gen.getEvents()).extracting(e -> e.getName()).containsExactly("imagegen.failover", "imagegen.failover");
        assertThat(t.openGenerations()).isZero();
    }

    @Test
    void failoversAndCircuitChangesOutsideAnyOpenCallAreOnlyCounted() {
        ImagegenTracing t = new ImagegenTracing(otel.getOpenTelemetry());
        t.failover(new Failover(77, "segmind", "wavespeed", rateLimited()));
        t.circuitStateChanged(new CircuitStateChanged("fal", CircuitState.CLOSED, CircuitState.OPEN, "3 of 3 failed"));
        t.circuitStateChanged(new CircuitStateChanged("fal", CircuitState.OPEN, CircuitState.HALF_OPEN, "cool-down over"));

        assertThat(otel.getSpans()).isEmpty();
        assertThat(otel.getMetrics()).extracting(m -> m.getName()).containsExactlyInAnyOrder(
                "imagegen.failovers", "imagegen.circuit.transitions", "imagegen.circuit.state");
        assertThat(otel.getMetrics()).filteredOn(m -> m.getName().equals("imagegen.circuit.state")).singleElement()
                .satisfies(m -> assertThat(m.getLongGaugeData().getPoints()).extracting(
                        p -> p.getAttributes().get(AttributeKey.stringKey("imagegen.circuit.state")) + "=" + p.getValue())
                        .containsExactlyInAnyOrder("closed=0", "open=0", "half_open=1"));
    }

    private static RateLimitedException rateLimited() {
        return new RateLimitedException(new ImageGenerationException.Details("rate limited", "segmind", 429, null, null,
                null), null, null);
    }

    @Test
    void rejectsABadBound() {
        assertThatThrownBy(() -> new ImagegenTracing(otel.getOpenTelemetry().getTracer("t"), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
