package dev.imagegen.opentelemetry;

import dev.imagegen.Cost;
import dev.imagegen.GeneratedImage;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageResult;
import dev.imagegen.ImageSize;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Traces what an {@link dev.imagegen.ImageClient} does with OpenTelemetry: one {@code imagegen.generate} span per
 * generation, from its start to its result or error, with a child span per HTTP attempt ({@code imagegen.attempt}),
 * per job poll ({@code imagegen.poll}) and per output download ({@code imagegen.download}); retries and job state
 * changes are events on the generation span.
 *
 * <pre>{@code
 * OpenTelemetry otel = ...;   // GlobalOpenTelemetry.get(), or your SDK instance
 * ImageClient client = ImageClient.builder()
 *         .listener(new ImagegenTracing(otel))
 *         .build();
 * }</pre>
 *
 * <p>The generation span's parent is the {@linkplain Context#current() current context} of the thread that called
 * {@code generate}, {@code generateAsync} or {@code submit}. Attempts, polls and downloads are reported by the core
 * after they happen, with how long they took, so their spans are created afterwards with explicit start and end
 * timestamps; all timestamps come from one monotonic clock so children nest inside their generation.
 *
 * <p>Open generations are kept in a map keyed by the core's operation id and removed when the generation ends. The
 * map is bounded (see {@link #ImagegenTracing(Tracer, int)}): a generation that never reports its end (today:
 * {@code submit()} of a job that is then awaited) is ended with outcome {@code abandoned} when the map is full,
 * oldest first, at the time its job reached a final state if one was seen. Events the core reports under an id that
 * was never started (downloads, which run after the generation under their own id; the extra calls of a request
 * split into several; jobs from {@code resume}) get spans parented to the current context of the thread reporting
 * them; retries of such operations are not recorded.
 *
 * <p>Span attributes never hold prompts or credentials. Listener methods run on the thread doing the work, are cheap
 * and do not throw.
 */
public final class ImagegenTracing implements ImageEventListener {

    /** The instrumentation scope name used when created from an {@link OpenTelemetry}. */
    public static final String INSTRUMENTATION_SCOPE = "dev.imagegen.opentelemetry";

    /** How many generations may be open at once by default before the oldest is ended as abandoned. */
    public static final int DEFAULT_MAX_OPEN_GENERATIONS = 10_000;

    static final String SPAN_GENERATE = "imagegen.generate";
    static final String SPAN_ATTEMPT = "imagegen.attempt";
    static final String SPAN_POLL = "imagegen.poll";
    static final String SPAN_DOWNLOAD = "imagegen.download";
    static final String EVENT_RETRY = "imagegen.retry";
    static final String EVENT_JOB_STATE = "imagegen.job.state_changed";

    static final String OUTCOME_SUCCESS = "success";
    static final String OUTCOME_UNKNOWN = "unknown";
    static final String OUTCOME_ABANDONED = "abandoned";

    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("imagegen.provider");
    static final AttributeKey<String> MODEL = AttributeKey.stringKey("imagegen.model");
    static final AttributeKey<Long> COUNT = AttributeKey.longKey("imagegen.count");
    static final AttributeKey<Long> IMAGES = AttributeKey.longKey("imagegen.images");
    static final AttributeKey<String> SIZE = AttributeKey.stringKey("imagegen.size");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("imagegen.outcome");
    static final AttributeKey<Double> COST_USD = AttributeKey.doubleKey("imagegen.cost.usd");
    static final AttributeKey<String> COST_KIND = AttributeKey.stringKey("imagegen.cost.kind");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("imagegen.request_id");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("imagegen.operation");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("imagegen.attempt");
    static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("imagegen.job.id");
    static final AttributeKey<String> JOB_STATE = AttributeKey.stringKey("imagegen.job.state");
    static final AttributeKey<String> JOB_VENDOR_STATUS = AttributeKey.stringKey("imagegen.job.vendor_status");
    static final AttributeKey<Long> JOB_QUEUE_POSITION = AttributeKey.longKey("imagegen.job.queue_position");
    static final AttributeKey<Long> POLL_NUMBER = AttributeKey.longKey("imagegen.poll.number");
    static final AttributeKey<Long> DOWNLOAD_BYTES = AttributeKey.longKey("imagegen.download.bytes");
    static final AttributeKey<Long> NEXT_ATTEMPT = AttributeKey.longKey("imagegen.retry.next_attempt");
    static final AttributeKey<Long> RETRY_DELAY_MS = AttributeKey.longKey("imagegen.retry.delay_ms");
    static final AttributeKey<String> RETRY_REASON = AttributeKey.stringKey("imagegen.retry.reason");
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<Long> HTTP_RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final Tracer tracer;
    private final int maxOpen;
    // ordered by operation id (the core hands them out in increasing order), so the oldest is first
    private final ConcurrentNavigableMap<Long, Generation> open = new ConcurrentSkipListMap<>();
    // the skip list's size() walks the whole map; this keeps it in O(1)
    private final AtomicInteger openCount = new AtomicInteger();
    // one monotonic clock for every explicit timestamp, anchored to the wall clock once
    private final long epochNanosAtStart;
    private final long nanoTimeAtStart;

    /**
     * A listener creating spans with {@code openTelemetry}'s tracer for {@value #INSTRUMENTATION_SCOPE}.
     *
     * @param openTelemetry the OpenTelemetry instance, e.g. {@code GlobalOpenTelemetry.get()}
     */
    public ImagegenTracing(OpenTelemetry openTelemetry) {
        this(Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(INSTRUMENTATION_SCOPE));
    }

    /**
     * A listener creating spans with {@code tracer}, keeping at most {@value #DEFAULT_MAX_OPEN_GENERATIONS} open
     * generations.
     *
     * @param tracer the tracer
     */
    public ImagegenTracing(Tracer tracer) {
        this(tracer, DEFAULT_MAX_OPEN_GENERATIONS);
    }

    /**
     * A listener creating spans with {@code tracer}, keeping at most {@code maxOpenGenerations} open generations: when
     * one more starts, the oldest is ended with outcome {@code abandoned}. Set it well above the number of
     * generations the application runs at once.
     *
     * @param tracer             the tracer
     * @param maxOpenGenerations at least 1
     */
    public ImagegenTracing(Tracer tracer, int maxOpenGenerations) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        if (maxOpenGenerations < 1) {
            throw new IllegalArgumentException("maxOpenGenerations must be at least 1, got " + maxOpenGenerations);
        }
        this.maxOpen = maxOpenGenerations;
        Instant now = Instant.now();
        this.nanoTimeAtStart = System.nanoTime();
        this.epochNanosAtStart = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }

    /**
     * How many generation spans are open now: started and not yet ended. Useful to check that nothing is left open.
     *
     * @return the number of open generations
     */
    public int openGenerations() {
        return openCount.get();
    }

    // ---- generation ----

    /**
     * Starts the {@code imagegen.generate} span, as a child of the current context.
     *
     * @param event the started generation
     */
    @Override
    public void requestStarted(RequestStarted event) {
        long now = now();
        Span span = tracer.spanBuilder(SPAN_GENERATE)
                .setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(now, TimeUnit.NANOSECONDS)
                .setAttribute(PROVIDER, nonNull(event.provider()))
                .setAttribute(MODEL, nonNull(event.model()))
                .setAttribute(COUNT, (long) event.count())
                .startSpan();
        Generation previous = open.put(event.operationId(), new Generation(span, Context.current().with(span)));
        if (previous != null) {
            abandon(previous, now);
        } else {
            openCount.incrementAndGet();
        }
        while (openCount.get() > maxOpen) {
            Map.Entry<Long, Generation> oldest = open.pollFirstEntry();
            if (oldest == null) {
                break;
            }
            openCount.decrementAndGet();
            abandon(oldest.getValue(), now);
        }
    }

    /**
     * Ends the {@code imagegen.generate} span with the result's attributes, or with error status and the recorded
     * exception.
     *
     * @param event the ended generation
     */
    @Override
    public void requestEnded(RequestEnded event) {
        Generation g = open.get(event.operationId());
        if (g == null) {
            return;
        }
        Span span = g.span;
        // the provider that answered last (it may differ from the one started with, e.g. after a failover)
        if (event.provider() != null) {
            span.setAttribute(PROVIDER, event.provider());
        }
        if (event.model() != null) {
            span.setAttribute(MODEL, event.model());
        }
        ImageResult result = event.result();
        ImageGenerationException error = event.error();
        if (error != null) {
            span.setAttribute(OUTCOME, className(error));
            span.setAttribute(ERROR_TYPE, error.getClass().getName());
            span.recordException(error);
            span.setStatus(StatusCode.ERROR, className(error));
        } else if (result != null) {
            span.setAttribute(OUTCOME, OUTCOME_SUCCESS);
            span.setAttribute(IMAGES, (long) result.images().size());
            String size = loadedSize(result);
            if (size != null) {
                span.setAttribute(SIZE, size);
            }
            result.cost().ifPresent(c -> setCost(span, c));
            result.requestId().ifPresent(id -> span.setAttribute(REQUEST_ID, id));
        } else {
            span.setAttribute(OUTCOME, OUTCOME_UNKNOWN);
        }
        span.end(now(), TimeUnit.NANOSECONDS);
        // removed only once ended, so openGenerations() == 0 means every generation span has been ended
        if (open.remove(event.operationId(), g)) {
            openCount.decrementAndGet();
        }
    }

    // ---- children ----

    /**
     * Records an {@code imagegen.attempt} span (kind CLIENT) for one HTTP exchange, from {@code now - elapsed} to now.
     *
     * @param event the attempt
     */
    @Override
    public void attempt(Attempt event) {
        long end = now();
        long start = end - nanos(event.elapsed());
        Generation g = open.get(event.operationId());
        if (g != null && event.attempt() <= 1) {
            g.exchangeStart = start;
        }
        SpanBuilder b = child(SPAN_ATTEMPT, g, start)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(PROVIDER, nonNull(event.provider()))
                .setAttribute(OPERATION, nonNull(event.operation()))
                .setAttribute(ATTEMPT, (long) event.attempt())
                .setAttribute(HTTP_METHOD, nonNull(event.method()))
                .setAttribute(SERVER_ADDRESS, nonNull(event.host()))
                .setAttribute(URL_PATH, nonNull(event.path()));
        if (event.attempt() > 1) {
            b.setAttribute(HTTP_RESEND_COUNT, (long) event.attempt() - 1);
        }
        if (event.status() >= 0) {
            b.setAttribute(HTTP_STATUS, (long) event.status());
        }
        Span span = b.startSpan();
        if (event.error() != null) {
            span.setAttribute(ERROR_TYPE, event.error().getClass().getName());
            span.recordException(event.error());
            span.setStatus(StatusCode.ERROR, className(event.error()));
        } else if (event.status() >= 400) {
            span.setAttribute(ERROR_TYPE, Integer.toString(event.status()));
            span.setStatus(StatusCode.ERROR, "HTTP " + event.status());
        }
        span.end(end, TimeUnit.NANOSECONDS);
    }

    /**
     * Adds an {@code imagegen.retry} event to the generation span.
     *
     * @param event the retry
     */
    @Override
    public void retry(Retry event) {
        Generation g = open.get(event.operationId());
        if (g == null) {
            return;
        }
        g.span.addEvent(EVENT_RETRY, Attributes.of(
                OPERATION, nonNull(event.operation()),
                NEXT_ATTEMPT, (long) event.nextAttempt(),
                RETRY_DELAY_MS, event.delay() == null ? 0L : event.delay().toMillis(),
                RETRY_REASON, nonNull(event.reason())), now(), TimeUnit.NANOSECONDS);
    }

    /**
     * Records an {@code imagegen.poll} span covering the poll's HTTP exchange (its first attempt to now).
     *
     * @param event the poll
     */
    @Override
    public void poll(Poll event) {
        long end = now();
        Generation g = open.get(event.operationId());
        long start = g != null && g.exchangeStart != 0 ? Math.min(g.exchangeStart, end) : end;
        SpanBuilder b = child(SPAN_POLL, g, start)
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(PROVIDER, nonNull(event.provider()))
                .setAttribute(JOB_ID, nonNull(event.jobId()))
                .setAttribute(POLL_NUMBER, (long) event.pollNumber());
        JobStatus status = event.status();
        if (status != null) {
            b.setAttribute(JOB_STATE, status.state().name());
            if (status.vendorStatus() != null) {
                b.setAttribute(JOB_VENDOR_STATUS, status.vendorStatus());
            }
            if (status.queuePosition() != null) {
                b.setAttribute(JOB_QUEUE_POSITION, (long) status.queuePosition());
            }
        }
        Span span = b.startSpan();
        if (status != null && status.state() == JobState.FAILED) {
            span.setStatus(StatusCode.ERROR, "job failed");
        }
        span.end(end, TimeUnit.NANOSECONDS);
    }

    /**
     * Records an {@code imagegen.download} span, from {@code now - elapsed} to now.
     *
     * @param event the download
     */
    @Override
    public void download(Download event) {
        long end = now();
        long start = end - nanos(event.elapsed());
        child(SPAN_DOWNLOAD, open.get(event.operationId()), start)
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(PROVIDER, nonNull(event.provider()))
                .setAttribute(SERVER_ADDRESS, nonNull(event.host()))
                .setAttribute(DOWNLOAD_BYTES, event.bytes())
                .startSpan()
                .end(end, TimeUnit.NANOSECONDS);
    }

    /**
     * Adds an {@code imagegen.job.state_changed} event to the generation span.
     *
     * @param event the state change
     */
    @Override
    public void jobStateChanged(JobStateChanged event) {
        Generation g = open.get(event.operationId());
        if (g == null || event.status() == null) {
            return;
        }
        long now = now();
        JobState state = event.status().state();
        g.span.addEvent(EVENT_JOB_STATE, Attributes.of(JOB_ID, nonNull(event.jobId()), JOB_STATE, state.name()),
                now, TimeUnit.NANOSECONDS);
        if (state.isTerminal()) {
            g.finalJobState = state;
            g.finalAt = now;
        }
    }

    // ---- helpers ----

    private SpanBuilder child(String name, Generation g, long startNanos) {
        return tracer.spanBuilder(name)
                .setParent(g != null ? g.context : Context.current())
                .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS);
    }

    private void abandon(Generation g, long now) {
        g.span.setAttribute(OUTCOME, OUTCOME_ABANDONED);
        JobState state = g.finalJobState;
        if (state != null) {
            g.span.setAttribute(JOB_STATE, state.name());
            g.span.end(g.finalAt, TimeUnit.NANOSECONDS);
        } else {
            g.span.end(now, TimeUnit.NANOSECONDS);
        }
    }

    /** The first image's size, only when its bytes are already in memory (never forces a download). */
    private static String loadedSize(ImageResult result) {
        if (result.images().isEmpty()) {
            return null;
        }
        GeneratedImage first = result.images().get(0);
        if (!first.isLoaded()) {
            return null;
        }
        try {
            ImageSize s = first.size();
            return s.width() + "x" + s.height();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static void setCost(Span span, Cost cost) {
        span.setAttribute(COST_KIND, cost.kind().name());
        if ("USD".equals(cost.currency())) {
            span.setAttribute(COST_USD, cost.amount().doubleValue());
        }
    }

    private long now() {
        return epochNanosAtStart + (System.nanoTime() - nanoTimeAtStart);
    }

    private static long nanos(Duration d) {
        return d == null || d.isNegative() ? 0 : d.toNanos();
    }

    private static String className(Throwable t) {
        String name = t.getClass().getSimpleName();
        return name.isEmpty() ? t.getClass().getName() : name;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        return "ImagegenTracing{open=" + openCount.get() + "}";
    }

    /** An open generation: its span, the context its children are parented to, and what its children need. */
    private static final class Generation {
        final Span span;
        final Context context;
        /** Start (monotonic epoch nanos) of the first attempt of the latest HTTP exchange; 0 before any. */
        volatile long exchangeStart;
        volatile JobState finalJobState;
        volatile long finalAt;

        Generation(Span span, Context context) {
            this.span = span;
            this.context = context;
        }
    }
}
