package dev.imagegen.micrometer;

import dev.imagegen.Cost;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageResult;
import dev.imagegen.RequestHeaders;
import dev.imagegen.micrometer.ImagegenObservationDocumentation.CircuitHighCardinalityKeys;
import dev.imagegen.micrometer.ImagegenObservationDocumentation.CircuitLowCardinalityKeys;
import dev.imagegen.micrometer.ImagegenObservationDocumentation.GenerationEvents;
import dev.imagegen.micrometer.ImagegenObservationDocumentation.GenerationHighCardinalityKeys;
import dev.imagegen.micrometer.ImagegenObservationDocumentation.GenerationLowCardinalityKeys;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Observes what an {@link dev.imagegen.ImageClient} does with Micrometer's {@link ObservationRegistry}, so one registry
 * gives both metrics and traces (Spring Boot's, with its meter and tracing handlers). Each generation is an
 * {@code imagegen.generation} observation (span {@code imagegen.generate}); each provider it calls is a child
 * {@code gen_ai.client.inference.duration} observation (span {@code generate_content {model}}, kind CLIENT) in the
 * OpenTelemetry GenAI conventions' names, made by a {@link ProviderCallObservationConvention}, as Spring AI does for
 * its image models; failovers and retries are events of the generation; a circuit-breaker change is an instant
 * {@code imagegen.circuit.transition} observation.
 *
 * <pre>{@code
 * ObservationRegistry registry = ...;   // Spring Boot's, or ObservationRegistry.create() with your handlers
 * ImageClient client = ImageClient.builder()
 *         .listener(new ImagegenObservations(registry))
 *         .build();
 * }</pre>
 *
 * <p>A generation's parent is the registry's current observation on the thread that called {@code generate},
 * {@code generateAsync} or {@code submit}. HTTP attempts, polls and downloads are reported by the core after they
 * happen, so they are not observations (an observation times what it wraps): {@link ImagegenMetrics} counts them. The
 * listener opens no scopes. Open generations are bounded ({@value #DEFAULT_MAX_OPEN_GENERATIONS}): when one more
 * starts, the oldest is stopped with outcome {@code abandoned}. Listener methods are cheap and do not throw; key values
 * never hold prompts or credentials. See {@link ImagegenObservationDocumentation} and {@code docs/observability.md}.
 */
public final class ImagegenObservations implements ImageEventListener {

    /** How many generations may be open at once before the oldest is stopped as abandoned. */
    public static final int DEFAULT_MAX_OPEN_GENERATIONS = 10_000;

    private static final String DOWNLOAD_OPERATION = "download";
    private static final String ERROR_CANCELLED = "cancelled";
    private static final String OUTCOME_ABANDONED = "abandoned";

    private final ObservationRegistry registry;
    private final ProviderCallObservationConvention convention;
    private final int maxOpen;
    // ordered by operation id (the core hands them out in increasing order), so the oldest is first
    private final ConcurrentNavigableMap<Long, Generation> open = new ConcurrentSkipListMap<>();
    private final AtomicInteger openCount = new AtomicInteger();

    /**
     * A listener observing into {@code registry} with {@link DefaultProviderCallObservationConvention}.
     *
     * @param registry the observation registry
     */
    public ImagegenObservations(ObservationRegistry registry) {
        this(registry, null);
    }

    /**
     * A listener observing into {@code registry}, with {@code convention} for provider calls (null: the default one).
     *
     * @param registry   the observation registry
     * @param convention a custom provider-call convention, or null
     */
    public ImagegenObservations(ObservationRegistry registry, ProviderCallObservationConvention convention) {
        this(registry, convention, DEFAULT_MAX_OPEN_GENERATIONS);
    }

    ImagegenObservations(ObservationRegistry registry, ProviderCallObservationConvention convention, int maxOpen) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.convention = convention;
        this.maxOpen = maxOpen;
    }

    /**
     * How many generation observations are open now: started and not yet stopped.
     *
     * @return the number of open generations
     */
    public int openGenerations() {
        return openCount.get();
    }

    /**
     * A hook that puts on each vendor request the headers the registry's tracing handler wrote for that request's
     * provider call (with Micrometer Tracing: W3C {@code traceparent} of the call's client span, or whatever its
     * propagator writes). Opt in with {@code HttpOptions.builder().requestHeaders(observations.propagation())}.
     * Output downloads, which go to storage hosts rather than the provider's API, and requests of no open provider
     * call get no headers. It also tells the call its {@code server.port}, which the core's events do not carry.
     *
     * @return the hook; never throws
     */
    public RequestHeaders propagation() {
        return (request, header) -> {
            if (request == null || header == null || DOWNLOAD_OPERATION.equals(request.operation())) {
                return;
            }
            try {
                Call call = openCall(open.get(request.operationId()), request.provider());
                if (call == null) {
                    return;
                }
                learnAddress(call.context, request.url());
                Map<String, String> carrier = call.context.getCarrier();
                if (carrier != null) {
                    carrier.forEach(header);
                }
            } catch (RuntimeException e) {
                // a listener's hook never fails a request; the request goes out without trace headers
            }
        };
    }

    /** The call's API host and port from a request URL, once: the port is in no event of the core. */
    private static void learnAddress(ProviderCallObservationContext context, String url) {
        if (context.getServerPort() > 0 || url == null) {
            return;
        }
        URI uri = URI.create(url);
        String host = uri.getHost();
        if (host == null) {
            return;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443
                : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
        if (context.getServerAddress() == null) {
            context.serverAddress(host);
        }
        if (port > 0 && host.equals(context.getServerAddress())) {
            context.serverPort(port);
        }
    }

    /**
     * Starts the generation's observation, and the provider call of its first candidate under it.
     *
     * @param event the started generation
     */
    @Override
    public void requestStarted(RequestStarted event) {
        Observation observation = Observation.createNotStarted(ImagegenObservationDocumentation.GENERATION.getName(),
                        Observation.Context::new, registry)
                .contextualName(ImagegenObservationDocumentation.GENERATION.getContextualName())
                .lowCardinalityKeyValue(GenerationLowCardinalityKeys.PROVIDER.withValue(tag(event.provider())))
                .lowCardinalityKeyValue(GenerationLowCardinalityKeys.MODEL.withValue(tag(event.model())))
                .highCardinalityKeyValue(GenerationHighCardinalityKeys.COUNT.withValue(Integer.toString(event.count())))
                .start();
        Generation g = new Generation(event.operationId(), observation, event.model(), event.count());
        Generation previous = open.put(event.operationId(), g);
        if (previous != null) {
            abandon(previous);
        } else {
            openCount.incrementAndGet();
        }
        if (event.provider() != null) {
            startCall(g, event.provider());
        }
        while (openCount.get() > maxOpen) {
            Map.Entry<Long, Generation> oldest = open.pollFirstEntry();
            if (oldest == null) {
                break;
            }
            openCount.decrementAndGet();
            abandon(oldest.getValue());
        }
    }

    /**
     * Stops the open provider calls, then the generation, with the outcome and, on failure, the error.
     *
     * @param event the ended generation
     */
    @Override
    public void requestEnded(RequestEnded event) {
        Generation g = open.get(event.operationId());
        if (g == null) {
            return;
        }
        ImageResult result = event.result();
        ImageGenerationException error = event.error();
        String callError = error != null ? error.getClass().getName() : result == null ? ERROR_CANCELLED : null;
        for (Call call : g.calls.values()) {
            if (result != null && call.context.getProvider().equals(result.provider())) {
                result.requestId().ifPresent(call.context::responseId);
            }
            stopCall(call, callError, error);
        }
        Observation o = g.observation;
        if (event.provider() != null) {
            o.lowCardinalityKeyValue(GenerationLowCardinalityKeys.PROVIDER.withValue(event.provider()));
        }
        o.lowCardinalityKeyValue(GenerationLowCardinalityKeys.OUTCOME.withValue(ImagegenMetrics.outcome(result, error)));
        if (error != null) {
            o.highCardinalityKeyValue(GenerationHighCardinalityKeys.ERROR_TYPE.withValue(error.getClass().getName()));
            o.error(error);
        } else if (result != null) {
            o.highCardinalityKeyValue(GenerationHighCardinalityKeys.IMAGES.withValue(Integer.toString(result.images().size())));
            result.cost().ifPresent(c -> cost(o, c));
            result.requestId().ifPresent(id -> o.highCardinalityKeyValue(GenerationHighCardinalityKeys.REQUEST_ID.withValue(id)));
        }
        if (g.stopped.compareAndSet(false, true)) {
            o.stop();
        }
        if (open.remove(event.operationId(), g)) {
            openCount.decrementAndGet();
        }
    }

    /**
     * Stops the failed provider's call with its error, signals a {@code failover} event on the generation and starts
     * the next provider's call.
     *
     * @param event the failover
     */
    @Override
    public void failover(Failover event) {
        Generation g = open.get(event.operationId());
        if (g == null) {
            return;
        }
        String errorType = event.error() == null ? "_OTHER" : event.error().getClass().getName();
        g.observation.event(Observation.Event.of(GenerationEvents.FAILOVER.getName(),
                GenerationEvents.FAILOVER.getContextualName() + " " + tag(event.fromProvider()) + " -> "
                        + tag(event.toProvider()) + ": " + errorType));
        Call from = event.fromProvider() == null ? null : g.calls.get(event.fromProvider());
        if (from != null) {
            stopCall(from, errorType, event.error());
        }
        if (event.toProvider() != null) {
            startCall(g, event.toProvider());
        }
    }

    /**
     * Signals a {@code retry} event on the generation.
     *
     * @param event the retry
     */
    @Override
    public void retry(Retry event) {
        Generation g = open.get(event.operationId());
        if (g != null) {
            g.observation.event(Observation.Event.of(GenerationEvents.RETRY.getName(),
                    GenerationEvents.RETRY.getContextualName() + " " + tag(event.operation()) + ": " + tag(event.reason())));
        }
    }

    /**
     * Tells the provider's open call its API host, from its first exchange that was not an output download.
     *
     * @param event the attempt
     */
    @Override
    public void attempt(Attempt event) {
        Call call = openCall(open.get(event.operationId()), event.provider());
        if (call != null && call.context.getServerAddress() == null && event.host() != null
                && !DOWNLOAD_OPERATION.equals(event.operation())) {
            call.context.serverAddress(event.host());
        }
    }

    /**
     * Records the change as an instant {@code imagegen.circuit.transition} observation, a child of the most recent
     * open call of that provider, if any.
     *
     * @param event the circuit change
     */
    @Override
    public void circuitStateChanged(CircuitStateChanged event) {
        if (event.provider() == null) {
            return;
        }
        Call during = null;
        for (Generation g : open.descendingMap().values()) {
            during = openCall(g, event.provider());
            if (during != null) {
                break;
            }
        }
        Observation o = Observation.createNotStarted(ImagegenObservationDocumentation.CIRCUIT_TRANSITION.getName(),
                        Observation.Context::new, registry)
                .contextualName(ImagegenObservationDocumentation.CIRCUIT_TRANSITION.getContextualName())
                .lowCardinalityKeyValue(CircuitLowCardinalityKeys.GEN_AI_PROVIDER_NAME.withValue(event.provider()))
                .lowCardinalityKeyValue(CircuitLowCardinalityKeys.FROM.withValue(ImagegenMetrics.state(event.from())))
                .lowCardinalityKeyValue(CircuitLowCardinalityKeys.TO.withValue(ImagegenMetrics.state(event.to())))
                .highCardinalityKeyValue(CircuitHighCardinalityKeys.REASON.withValue(tag(event.reason())));
        if (during != null) {
            o.parentObservation(during.observation);
        }
        o.start().stop();
    }

    // ---- provider calls ----

    private void startCall(Generation g, String provider) {
        g.calls.compute(provider, (p, existing) -> {
            if (existing != null && !existing.stopped.get()) {
                return existing;
            }
            ProviderCallObservationContext context = new ProviderCallObservationContext(g.operationId, provider, g.model,
                    g.count);
            Observation o = ImagegenObservationDocumentation.PROVIDER_CALL.observation(convention,
                            DefaultProviderCallObservationConvention.INSTANCE, () -> context, registry)
                    .parentObservation(g.observation)
                    .start();
            return new Call(context, o);
        });
    }

    private static void stopCall(Call call, String errorType, Throwable error) {
        if (!call.stopped.compareAndSet(false, true)) {
            return;
        }
        call.context.errorType(errorType);
        if (error != null) {
            call.observation.error(error);
        }
        call.observation.stop();
    }

    private static Call openCall(Generation g, String provider) {
        if (g == null || provider == null) {
            return null;
        }
        Call call = g.calls.get(provider);
        return call == null || call.stopped.get() ? null : call;
    }

    private static void abandon(Generation g) {
        for (Call call : g.calls.values()) {
            stopCall(call, OUTCOME_ABANDONED, null);
        }
        if (g.stopped.compareAndSet(false, true)) {
            g.observation.lowCardinalityKeyValue(GenerationLowCardinalityKeys.OUTCOME.withValue(OUTCOME_ABANDONED));
            g.observation.stop();
        }
    }

    private static void cost(Observation o, Cost cost) {
        o.highCardinalityKeyValue(GenerationHighCardinalityKeys.COST_KIND.withValue(cost.kind().name()));
        if ("USD".equals(cost.currency())) {
            o.highCardinalityKeyValue(GenerationHighCardinalityKeys.COST_USD.withValue(cost.amount().toPlainString()));
        }
    }

    private static String tag(String value) {
        return value == null || value.isEmpty() ? "unknown" : value;
    }

    @Override
    public String toString() {
        return "ImagegenObservations{open=" + openCount.get() + "}";
    }

    /** An open generation: its observation and its provider calls, by provider id. */
    private static final class Generation {
        final long operationId;
        final Observation observation;
        final String model;
        final int count;
        final Map<String, Call> calls = new ConcurrentHashMap<>(4);
        final AtomicBoolean stopped = new AtomicBoolean();

        Generation(long operationId, Observation observation, String model, int count) {
            this.operationId = operationId;
            this.observation = observation;
            this.model = model;
            this.count = count;
        }
    }

    /** One provider call: its context (which the convention reads) and its observation. */
    private static final class Call {
        final ProviderCallObservationContext context;
        final Observation observation;
        final AtomicBoolean stopped = new AtomicBoolean();

        Call(ProviderCallObservationContext context, Observation observation) {
            this.context = context;
            this.observation = observation;
        }
    }
}
