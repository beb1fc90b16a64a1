package dev.imagegen.opentelemetry;

import dev.imagegen.Cost;
import dev.imagegen.GeneratedImage;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageResult;
import dev.imagegen.ImageSize;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;
import dev.imagegen.RequestHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.imagegen.opentelemetry.Conventions.*;

/**
 * Traces what an {@link dev.imagegen.ImageClient} does with OpenTelemetry, in the GenAI semantic conventions'
 * terms: one {@code imagegen.generate} span per generation, from its start to its result or error; under it one
 * GenAI client span per provider the generation called ({@code generate_content {model}}, kind CLIENT, with
 * {@code gen_ai.*}, {@code server.address} and {@code error.type}); under that a span per HTTP attempt
 * ({@code imagegen.attempt}), job poll ({@code imagegen.poll}) and output download ({@code imagegen.download}).
 * Retries, failovers and job state changes are events on the generation span. Created from an {@link OpenTelemetry},
 * it also records the {@code gen_ai.client.inference.duration} histogram (seconds) per provider call, and the
 * {@code imagegen.failovers}, {@code imagegen.circuit.transitions} and {@code imagegen.circuit.state} metrics.
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
 * timestamps; all timestamps come from one monotonic clock so children nest inside their parents.
 *
 * <p>Open generations are kept in a map keyed by the core's operation id and removed when the generation ends. The
 * map is bounded (see {@link #ImagegenTracing(Tracer, int)}): a generation that never reports its end (a
 * {@code submit()}ted job nobody awaits) is ended with outcome {@code abandoned} when the map is full, oldest first, at
 * the time its job reached a final state if one was seen. Events the core reports under an id that was never started
 * (deferred downloads, estimates) get spans parented to the current context of the thread reporting them.
 *
 * <p>Span attributes never hold prompts or credentials. Listener methods run on the thread doing the work, are cheap
 * and do not throw. See {@code docs/observability.md} for every name, attribute and the conventions followed.
 */
public final class ImagegenTracing implements ImageEventListener {

    /** The instrumentation scope name used when created from an {@link OpenTelemetry}. */
    public static final String INSTRUMENTATION_SCOPE = "dev.imagegen.opentelemetry";

    /** How many generations may be open at once by default before the oldest is ended as abandoned. */
    public static final int DEFAULT_MAX_OPEN_GENERATIONS = 10_000;

    private static final String DOWNLOAD_OPERATION = "download";

    private static final TextMapSetter<java.util.function.BiConsumer<String, String>> HEADER_SETTER =
            (header, key, value) -> {
                if (header != null) {
                    header.accept(key, value);
                }
            };

    private final Tracer tracer;
    private final ClientMetrics metrics;
    private final TextMapPropagator propagator;
    private final int maxOpen;
    // ordered by operation id (the core hands them out in increasing order), so the oldest is first
    private final ConcurrentNavigableMap<Long, Generation> open = new ConcurrentSkipListMap<>();
    // the skip list's size() walks the whole map; this keeps it in O(1)
    private final AtomicInteger openCount = new AtomicInteger();
    // one monotonic clock for every explicit timestamp, anchored to the wall clock once
    private final long epochNanosAtStart;
    private final long nanoTimeAtStart;

    /**
     * A listener creating spans with {@code openTelemetry}'s tracer and recording metrics with its meter, both for
     * {@value #INSTRUMENTATION_SCOPE}.
     *
     * @param openTelemetry the OpenTelemetry instance, e.g. {@code GlobalOpenTelemetry.get()}
     */
    public ImagegenTracing(OpenTelemetry openTelemetry) {
        this(Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(INSTRUMENTATION_SCOPE),
                openTelemetry.getMeter(INSTRUMENTATION_SCOPE), openTelemetry.getPropagators().getTextMapPropagator(),
                DEFAULT_MAX_OPEN_GENERATIONS);
    }

    /**
     * A listener creating spans with {@code tracer} (and recording no metrics), keeping at most
     * {@value #DEFAULT_MAX_OPEN_GENERATIONS} open generations.
     *
     * @param tracer the tracer
     */
    public ImagegenTracing(Tracer tracer) {
        this(tracer, DEFAULT_MAX_OPEN_GENERATIONS);
    }

    /**
     * A listener creating spans with {@code tracer} (and recording no metrics), keeping at most
     * {@code maxOpenGenerations} open generations: when one more starts, the oldest is ended with outcome
     * {@code abandoned}. Set it well above the number of generations the application runs at once.
     *
     * @param tracer             the tracer
     * @param maxOpenGenerations at least 1
     */
    public ImagegenTracing(Tracer tracer, int maxOpenGenerations) {
        this(tracer, OpenTelemetry.noop().getMeter(INSTRUMENTATION_SCOPE), W3CTraceContextPropagator.getInstance(),
                maxOpenGenerations);
    }

    private ImagegenTracing(Tracer tracer, Meter meter, TextMapPropagator propagator, int maxOpenGenerations) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.propagator = propagator;
        if (maxOpenGenerations < 1) {
            throw new IllegalArgumentException("maxOpenGenerations must be at least 1, got " + maxOpenGenerations);
        }
        this.metrics = new ClientMetrics(meter);
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

    /**
     * A hook that puts the trace context of each vendor request's provider call (its GenAI client span) on the request,
     * with the propagator of the {@link OpenTelemetry} this listener was created from (W3C {@code traceparent} /
     * {@code tracestate} when created from a {@link Tracer}). Opt in with
     * {@code HttpOptions.builder().requestHeaders(tracing.propagation())}; output downloads, which go to storage hosts
     * rather than the provider's API, get no headers. A request of no open generation (an estimate, a deferred
     * download's first use) carries the current context of the sending thread. It also tells the call its
     * {@code server.port}, which the core's events do not carry.
     *
     * @return the hook; never throws
     */
    public RequestHeaders propagation() {
        return propagation(propagator);
    }

    /**
     * As {@link #propagation()}, with {@code propagator}, e.g. {@code W3CTraceContextPropagator.getInstance()} when the
     * {@link OpenTelemetry} this listener was created from has no propagators configured.
     *
     * @param propagator the propagator that writes the headers
     * @return the hook; never throws
     */
    public RequestHeaders propagation(TextMapPropagator propagator) {
        Objects.requireNonNull(propagator, "propagator");
        return (request, header) -> {
            if (request == null || header == null || DOWNLOAD_OPERATION.equals(request.operation())) {
                return;
            }
            try {
                Generation g = open.get(request.operationId());
                ProviderCall call = openCall(g, request.provider());
                if (call != null) {
                    learnAddress(call, request.url());
                }
                Context context = call != null ? call.context : g != null ? g.context : Context.current();
                propagator.inject(context, header, HEADER_SETTER);
            } catch (RuntimeException e) {
                // a listener's hook never fails a request; the request goes out without trace headers
            }
        };
    }

    /** The call's API host and port from a request URL, once: the port is in no event of the core. */
    private static void learnAddress(ProviderCall call, String url) {
        if (call.port > 0 || url == null) {
            return;
        }
        URI uri = URI.create(url);
        String host = uri.getHost();
        if (host == null) {
            return;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443
                : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
        if (call.host == null) {
            call.host = host;
            call.span.setAttribute(SERVER_ADDRESS, host);
        }
        if (port > 0 && host.equals(call.host)) {
            call.port = port;
            call.span.setAttribute(SERVER_PORT, (long) port);
        }
    }

    // ---- generation ----

    /**
     * Starts the {@code imagegen.generate} span, as a child of the current context, and the GenAI client span of its
     * first provider call under it.
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
        Generation g = new Generation(span, Context.current().with(span), event.model(), event.count());
        Generation previous = open.put(event.operationId(), g);
        if (previous != null) {
            abandon(previous, now);
        } else {
            openCount.incrementAndGet();
        }
        if (event.provider() != null) {
            startCall(g, event.provider(), now);
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
     * Ends the open provider calls and the {@code imagegen.generate} span with the result's attributes, or with error
     * status and the recorded exception.
     *
     * @param event the ended generation
     */
    @Override
    public void requestEnded(RequestEnded event) {
        Generation g = open.get(event.operationId());
        if (g == null) {
            return;
        }
        long end = now();
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
        String callError = error != null ? error.getClass().getName() : result == null ? ERROR_CANCELLED : null;
        for (ProviderCall call : g.calls.values()) {
            if (result != null && call.provider.equals(result.provider())) {
                result.requestId().ifPresent(id -> call.span.setAttribute(GEN_AI_RESPONSE_ID, id));
            }
            endCall(call, end, callError, error);
        }
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
        span.end(end, TimeUnit.NANOSECONDS);
        // removed only once ended, so openGenerations() == 0 means every generation span has been ended
        if (open.remove(event.operationId(), g)) {
            openCount.decrementAndGet();
        }
    }

    /**
     * Ends the failed provider's call with its {@code error.type}, adds an {@code imagegen.failover} event to the
     * generation span, counts it in {@code imagegen.failovers} and starts the next provider's call.
     *
     * @param event the failover
     */
    @Override
    public void failover(Failover event) {
        String errorType = event.error() == null ? "_OTHER" : event.error().getClass().getName();
        metrics.failover(nonNull(event.fromProvider()), nonNull(event.toProvider()), errorType);
        Generation g = open.get(event.operationId());
        if (g == null) {
            return;
        }
        long now = now();
        g.span.addEvent(EVENT_FAILOVER, Attributes.of(FAILOVER_FROM, nonNull(event.fromProvider()),
                FAILOVER_TO, nonNull(event.toProvider()), ERROR_TYPE, errorType), now, TimeUnit.NANOSECONDS);
        ProviderCall from = event.fromProvider() == null ? null : g.calls.get(event.fromProvider());
        if (from != null) {
            endCall(from, now, errorType, event.error());
        }
        if (event.toProvider() != null) {
            startCall(g, event.toProvider(), now);
        }
    }

    /**
     * Counts the change in {@code imagegen.circuit.transitions}, sets the provider's {@code imagegen.circuit.state}
     * and adds an {@code imagegen.circuit.state_changed} event to each open call of that provider (the calls whose
     * outcome, or whose start, changed it).
     *
     * @param event the circuit change
     */
    @Override
    public void circuitStateChanged(CircuitStateChanged event) {
        if (event.provider() == null) {
            return;
        }
        metrics.circuit(event.provider(), event.from(), event.to());
        long now = now();
        Attributes attributes = Attributes.of(CIRCUIT_FROM, ClientMetrics.state(event.from()),
                CIRCUIT_TO, ClientMetrics.state(event.to()), CIRCUIT_REASON, nonNull(event.reason()));
        for (Generation g : open.values()) {
            ProviderCall call = g.calls.get(event.provider());
            if (call != null && !call.ended.get()) {
                call.span.addEvent(EVENT_CIRCUIT, attributes, now, TimeUnit.NANOSECONDS);
            }
        }
    }

    // ---- children ----

    /**
     * Records an {@code imagegen.attempt} span (kind CLIENT) for one HTTP exchange, from {@code now - elapsed} to now,
     * under its provider's open call; the call learns its {@code server.address} from its first API exchange.
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
        ProviderCall call = openCall(g, event.provider());
        if (call != null && call.host == null && event.host() != null
                && !DOWNLOAD_OPERATION.equals(event.operation())) {
            call.host = event.host();
            call.span.setAttribute(SERVER_ADDRESS, event.host());
        }
        SpanBuilder b = child(SPAN_ATTEMPT, g, call, start)
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
        SpanBuilder b = child(SPAN_POLL, g, openCall(g, event.provider()), start)
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
        Generation g = open.get(event.operationId());
        child(SPAN_DOWNLOAD, g, openCall(g, event.provider()), start)
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

    // ---- provider calls ----

    /** Starts {@code provider}'s GenAI client span under {@code g}, unless one is already open (split requests). */
    private void startCall(Generation g, String provider, long now) {
        g.calls.compute(provider, (p, existing) -> {
            if (existing != null && !existing.ended.get()) {
                return existing;
            }
            SpanBuilder b = tracer.spanBuilder(g.model == null || g.model.isEmpty()
                            ? OPERATION_GENERATE_CONTENT : OPERATION_GENERATE_CONTENT + " " + g.model)
                    .setParent(g.context)
                    .setSpanKind(SpanKind.CLIENT)
                    .setStartTimestamp(now, TimeUnit.NANOSECONDS)
                    .setAttribute(GEN_AI_OPERATION_NAME, OPERATION_GENERATE_CONTENT)
                    .setAttribute(GEN_AI_PROVIDER_NAME, provider)
                    .setAttribute(GEN_AI_OUTPUT_TYPE, OUTPUT_TYPE_IMAGE);
            if (g.model != null && !g.model.isEmpty()) {
                b.setAttribute(GEN_AI_REQUEST_MODEL, g.model);
            }
            if (g.count != 1) {
                b.setAttribute(GEN_AI_REQUEST_CHOICE_COUNT, (long) g.count);
            }
            Span span = b.startSpan();
            return new ProviderCall(provider, g.model, span, g.context.with(span), now);
        });
    }

    /** Ends {@code call} once: its {@code error.type} and status, and its {@code gen_ai.client.inference.duration}. */
    private void endCall(ProviderCall call, long end, String errorType, Throwable error) {
        if (!call.ended.compareAndSet(false, true)) {
            return;
        }
        if (errorType != null) {
            call.span.setAttribute(ERROR_TYPE, errorType);
            if (error != null) {
                call.span.recordException(error);
            }
            call.span.setStatus(StatusCode.ERROR, error != null ? className(error) : errorType);
        }
        call.span.end(end, TimeUnit.NANOSECONDS);
        metrics.inference(call.provider, call.model, call.host, call.port, errorType, end - call.start);
    }

    private static ProviderCall openCall(Generation g, String provider) {
        if (g == null || provider == null) {
            return null;
        }
        ProviderCall call = g.calls.get(provider);
        return call == null || call.ended.get() ? null : call;
    }

    // ---- helpers ----

    /** A child of the provider's open call, else of the generation, else of the current context. */
    private SpanBuilder child(String name, Generation g, ProviderCall call, long startNanos) {
        Context parent = call != null ? call.context : g != null ? g.context : Context.current();
        return tracer.spanBuilder(name)
                .setParent(parent)
                .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS);
    }

    private void abandon(Generation g, long now) {
        g.span.setAttribute(OUTCOME, OUTCOME_ABANDONED);
        JobState state = g.finalJobState;
        long end = state != null ? g.finalAt : now;
        // an abandoned call has no known outcome: its span ends, but no duration is recorded for it
        for (ProviderCall call : g.calls.values()) {
            if (call.ended.compareAndSet(false, true)) {
                call.span.end(Math.max(end, call.start), TimeUnit.NANOSECONDS);
            }
        }
        if (state != null) {
            g.span.setAttribute(JOB_STATE, state.name());
        }
        g.span.end(end, TimeUnit.NANOSECONDS);
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

    /** An open generation: its span, the context its children are parented to, its provider calls. */
    private static final class Generation {
        final Span span;
        final Context context;
        final String model;
        final int count;
        /** By provider id: a split request's calls to one provider share one span. */
        final Map<String, ProviderCall> calls = new ConcurrentHashMap<>(4);
        /** Start (monotonic epoch nanos) of the first attempt of the latest HTTP exchange; 0 before any. */
        volatile long exchangeStart;
        volatile JobState finalJobState;
        volatile long finalAt;

        Generation(Span span, Context context, String model, int count) {
            this.span = span;
            this.context = context;
            this.model = model;
            this.count = count;
        }
    }

    /** One provider's attempt at serving a generation: its GenAI client span and what its metric needs. */
    private static final class ProviderCall {
        final String provider;
        final String model;
        final Span span;
        final Context context;
        final long start;
        final AtomicBoolean ended = new AtomicBoolean();
        /** The API host, from the first exchange that was not a download; null until then. */
        volatile String host;
        /** The API port, when known (from {@link #propagation()}); -1 until then: the Attempt event does not carry it. */
        volatile long port = -1;

        ProviderCall(String provider, String model, Span span, Context context, long start) {
            this.provider = provider;
            this.model = model;
            this.span = span;
            this.context = context;
            this.start = start;
        }
    }
}
