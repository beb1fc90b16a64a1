package dev.imagegen.micrometer;

import dev.imagegen.CircuitState;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Records what an {@link dev.imagegen.ImageClient} does into a Micrometer {@link MeterRegistry}: request timers by
 * provider, model and outcome; image, cost, attempt, retry and poll counters; download timings and sizes; failover
 * and circuit-breaker counters and a circuit-state gauge. For metrics and traces from one {@code ObservationRegistry}
 * in the OpenTelemetry GenAI conventions' names, see {@link ImagegenObservations}; the two can be used together.
 *
 * <pre>{@code
 * MeterRegistry registry = ...;   // e.g. Spring's, or new SimpleMeterRegistry()
 * ImageClient client = ImageClient.builder()
 *         .listener(new ImagegenMetrics(registry))
 *         .build();
 * }</pre>
 *
 * <p>Every tag value comes from a bounded set: provider ids, catalog model ids, the operation labels of the provider
 * modules, HTTP status codes, exception class names, job and circuit states and the core's retry reasons. Request ids,
 * job ids, prompts, hosts and URLs are never tags.
 *
 * <p>Meters are registered on first use. The listener is called synchronously on the thread doing the work, so each
 * method only looks up a meter and records one value. One instance may serve several clients; they then share the
 * meters, and a provider's circuit-state gauge shows the last change any of them told. See
 * {@code docs/observability.md} for the table of names and tags.
 */
public final class ImagegenMetrics implements ImageEventListener {

    /** Timer of whole generations (from start to result or error); tags {@code provider, model, outcome}. */
    public static final String REQUESTS = "imagegen.requests";
    /** Counter of images returned by successful generations; tags {@code provider, model}. */
    public static final String IMAGES = "imagegen.images";
    /** Counter of US dollars spent, incremented by each result's cost; tags {@code provider, model, kind}. */
    public static final String COST = "imagegen.cost";
    /** Counter of HTTP exchanges, retries included; tags {@code provider, operation, status}. */
    public static final String ATTEMPTS = "imagegen.attempts";
    /** Counter of scheduled retries; tags {@code provider, operation, reason}. */
    public static final String RETRIES = "imagegen.retries";
    /** Counter of job status polls; tags {@code provider, state}. */
    public static final String POLLS = "imagegen.polls";
    /** Timer of output URL downloads; tag {@code provider}. */
    public static final String DOWNLOADS = "imagegen.downloads";
    /** Distribution summary of downloaded bytes per output; tag {@code provider}. */
    public static final String DOWNLOAD_BYTES = "imagegen.download.bytes";
    /** Counter of failovers from one provider to the next; tags {@code from, to, error.type}. */
    public static final String FAILOVERS = "imagegen.failovers";
    /** Counter of circuit-breaker state changes; tags {@code provider, from, to}. */
    public static final String CIRCUIT_TRANSITIONS = "imagegen.circuit.transitions";
    /** Gauge, 1 for the state each provider's circuit breaker is in and 0 for its others; tags {@code provider, state}. */
    public static final String CIRCUIT_STATE = "imagegen.circuit.state";

    /** The {@code outcome} tag of a generation that returned a result. */
    public static final String OUTCOME_SUCCESS = "success";
    /** The {@code outcome} tag of a generation that ended with neither result nor SDK exception (e.g. cancelled). */
    public static final String OUTCOME_UNKNOWN = "unknown";

    private static final String UNKNOWN = "unknown";

    private final Meter.MeterProvider<Timer> requests;
    private final Meter.MeterProvider<Counter> images;
    private final Meter.MeterProvider<Counter> cost;
    private final Meter.MeterProvider<Counter> attempts;
    private final Meter.MeterProvider<Counter> retries;
    private final Meter.MeterProvider<Counter> polls;
    private final Meter.MeterProvider<Timer> downloads;
    private final Meter.MeterProvider<DistributionSummary> downloadBytes;
    private final Meter.MeterProvider<Counter> failovers;
    private final Meter.MeterProvider<Counter> circuitTransitions;
    private final MeterRegistry registry;
    /** Each provider's last told circuit state, read by its {@code imagegen.circuit.state} gauges. */
    private final Map<String, AtomicReference<CircuitState>> circuits = new ConcurrentHashMap<>();

    /**
     * A listener recording into {@code registry}. Percentile histograms, SLOs and common tags are configured the
     * Micrometer way, with a {@link io.micrometer.core.instrument.config.MeterFilter} on the registry.
     *
     * @param registry where the meters are registered
     */
    public ImagegenMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        requests = Timer.builder(REQUESTS)
                .description("Image generations, from start to result or error, including retries and polling")
                .withRegistry(registry);
        images = Counter.builder(IMAGES)
                .description("Images returned by successful generations")
                .withRegistry(registry);
        cost = Counter.builder(COST)
                .description("Money spent on generations as reported by the vendor or estimated from the catalog")
                .baseUnit("usd")
                .withRegistry(registry);
        attempts = Counter.builder(ATTEMPTS)
                .description("HTTP exchanges with a vendor (status 'none' when no response came)")
                .withRegistry(registry);
        retries = Counter.builder(RETRIES)
                .description("Retries scheduled by the client")
                .withRegistry(registry);
        polls = Counter.builder(POLLS)
                .description("Job status polls, by the state the job was found in")
                .withRegistry(registry);
        downloads = Timer.builder(DOWNLOADS)
                .description("Downloads of output image URLs")
                .withRegistry(registry);
        downloadBytes = DistributionSummary.builder(DOWNLOAD_BYTES)
                .description("Size of downloaded output images")
                .baseUnit("bytes")
                .withRegistry(registry);
        failovers = Counter.builder(FAILOVERS)
                .description("Requests that gave up on one provider and tried the next")
                .withRegistry(registry);
        circuitTransitions = Counter.builder(CIRCUIT_TRANSITIONS)
                .description("Changes of a provider's circuit-breaker state")
                .withRegistry(registry);
    }

    /**
     * Records the generation's duration by outcome, and for a result its images and cost.
     *
     * @param event the ended generation
     */
    @Override
    public void requestEnded(RequestEnded event) {
        String provider = tag(event.provider());
        String model = tag(event.model());
        requests.withTags("provider", provider, "model", model, "outcome", outcome(event.result(), event.error()))
                .record(event.elapsed());
        ImageResult result = event.result();
        if (result == null) {
            return;
        }
        images.withTags("provider", provider, "model", model).increment(result.images().size());
        result.cost().filter(c -> "USD".equals(c.currency())).ifPresent(c -> cost
                .withTags("provider", provider, "model", model, "kind", c.kind().name())
                .increment(c.amount().doubleValue()));
    }

    /**
     * Counts one HTTP exchange by its status.
     *
     * @param event the attempt
     */
    @Override
    public void attempt(Attempt event) {
        attempts.withTags("provider", tag(event.provider()), "operation", tag(event.operation()),
                "status", event.status() < 0 ? "none" : Integer.toString(event.status())).increment();
    }

    /**
     * Counts one scheduled retry by its reason.
     *
     * @param event the retry
     */
    @Override
    public void retry(Retry event) {
        retries.withTags("provider", tag(event.provider()), "operation", tag(event.operation()),
                "reason", tag(event.reason())).increment();
    }

    /**
     * Counts one job poll by the state it found.
     *
     * @param event the poll
     */
    @Override
    public void poll(Poll event) {
        String state = event.status() == null ? UNKNOWN : event.status().state().name();
        polls.withTags("provider", tag(event.provider()), "state", state).increment();
    }

    /**
     * Records one output download's duration and size.
     *
     * @param event the download
     */
    @Override
    public void download(Download event) {
        String provider = tag(event.provider());
        downloads.withTags("provider", provider).record(event.elapsed());
        downloadBytes.withTags("provider", provider).record(event.bytes());
    }

    /**
     * Counts one failover by the provider left, the one tried next and the error that caused it.
     *
     * @param event the failover
     */
    @Override
    public void failover(Failover event) {
        failovers.withTags("from", tag(event.fromProvider()), "to", tag(event.toProvider()),
                "error.type", event.error() == null ? UNKNOWN : event.error().getClass().getName()).increment();
    }

    /**
     * Counts one circuit-breaker change and moves the provider's {@code imagegen.circuit.state} gauges to its new state
     * (registering them at the provider's first change).
     *
     * @param event the change
     */
    @Override
    public void circuitStateChanged(CircuitStateChanged event) {
        String provider = tag(event.provider());
        circuitTransitions.withTags("provider", provider, "from", state(event.from()), "to", state(event.to()))
                .increment();
        circuits.computeIfAbsent(provider, p -> {
            AtomicReference<CircuitState> current = new AtomicReference<>();
            for (CircuitState s : CircuitState.values()) {
                Gauge.builder(CIRCUIT_STATE, current, c -> c.get() == s ? 1 : 0)
                        .description("1 for the state the provider's circuit breaker is in, 0 for its other states")
                        .tags("provider", p, "state", state(s))
                        .register(registry);
            }
            return current;
        }).set(event.to());
    }

    /** {@code closed}, {@code open}, {@code half_open}: the words resilience4j's state gauge uses. */
    static String state(CircuitState s) {
        return s == null ? UNKNOWN : s.name().toLowerCase(Locale.ROOT);
    }

    /** {@code success}, the exception's simple class name, or {@code unknown}; shared with the tracing module's values. */
    static String outcome(ImageResult result, ImageGenerationException error) {
        if (error != null) {
            String name = error.getClass().getSimpleName();
            return name.isEmpty() ? error.getClass().getName() : name;
        }
        return result != null ? OUTCOME_SUCCESS : OUTCOME_UNKNOWN;
    }

    private static String tag(String value) {
        return value == null || value.isEmpty() ? UNKNOWN : value;
    }

    @Override
    public String toString() {
        return "ImagegenMetrics";
    }
}
