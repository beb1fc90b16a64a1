package dev.imagegen.opentelemetry;

import dev.imagegen.CircuitState;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static dev.imagegen.opentelemetry.Conventions.CIRCUIT_FROM;
import static dev.imagegen.opentelemetry.Conventions.CIRCUIT_STATE;
import static dev.imagegen.opentelemetry.Conventions.CIRCUIT_TO;
import static dev.imagegen.opentelemetry.Conventions.ERROR_TYPE;
import static dev.imagegen.opentelemetry.Conventions.FAILOVER_FROM;
import static dev.imagegen.opentelemetry.Conventions.FAILOVER_TO;
import static dev.imagegen.opentelemetry.Conventions.GEN_AI_OPERATION_NAME;
import static dev.imagegen.opentelemetry.Conventions.GEN_AI_PROVIDER_NAME;
import static dev.imagegen.opentelemetry.Conventions.GEN_AI_REQUEST_MODEL;
import static dev.imagegen.opentelemetry.Conventions.OPERATION_GENERATE_CONTENT;
import static dev.imagegen.opentelemetry.Conventions.SERVER_ADDRESS;
import static dev.imagegen.opentelemetry.Conventions.SERVER_PORT;

/**
 * The metrics of {@link ImagegenTracing}: the GenAI {@code gen_ai.client.inference.duration} histogram per provider
 * call, and the SDK's failover and circuit-breaker signals. Every attribute value comes from a bounded set.
 */
final class ClientMetrics {

    private static final CircuitState[] STATES = CircuitState.values();

    private final DoubleHistogram inferenceDuration;
    private final LongCounter failovers;
    private final LongCounter circuitTransitions;
    /** The last state each provider's circuit was told to be in; read by the gauge's callback. */
    private final Map<String, CircuitState> circuits = new ConcurrentHashMap<>();

    ClientMetrics(Meter meter) {
        inferenceDuration = meter.histogramBuilder(Conventions.METRIC_INFERENCE_DURATION)
                .setUnit("s")
                .setDescription("GenAI client inference operation duration.")
                .setExplicitBucketBoundariesAdvice(Conventions.INFERENCE_DURATION_BUCKETS)
                .build();
        failovers = meter.counterBuilder(Conventions.METRIC_FAILOVERS)
                .setUnit("{failover}")
                .setDescription("Requests that gave up on one provider and tried the next.")
                .build();
        circuitTransitions = meter.counterBuilder(Conventions.METRIC_CIRCUIT_TRANSITIONS)
                .setUnit("{transition}")
                .setDescription("Changes of a provider's circuit-breaker state.")
                .build();
        meter.gaugeBuilder(Conventions.METRIC_CIRCUIT_STATE)
                .ofLongs()
                .setUnit("1")
                .setDescription("1 for the state each provider's circuit breaker is in, 0 for its other states.")
                .buildWithCallback(m -> circuits.forEach((provider, current) -> {
                    for (CircuitState s : STATES) {
                        m.record(s == current ? 1 : 0, Attributes.of(GEN_AI_PROVIDER_NAME, provider,
                                CIRCUIT_STATE, state(s)));
                    }
                }));
    }

    /** One provider call's duration, with the conventions' metric attributes (null values are left out). */
    void inference(String provider, String model, String host, long port, String errorType, long nanos) {
        AttributesBuilder a = Attributes.builder()
                .put(GEN_AI_OPERATION_NAME, OPERATION_GENERATE_CONTENT)
                .put(GEN_AI_PROVIDER_NAME, provider);
        if (model != null && !model.isEmpty()) {
            a.put(GEN_AI_REQUEST_MODEL, model);
        }
        if (host != null) {
            a.put(SERVER_ADDRESS, host);
            if (port > 0) {
                a.put(SERVER_PORT, port);
            }
        }
        if (errorType != null) {
            a.put(ERROR_TYPE, errorType);
        }
        inferenceDuration.record(nanos / 1e9, a.build());
    }

    void failover(String from, String to, String errorType) {
        failovers.add(1, Attributes.of(FAILOVER_FROM, from, FAILOVER_TO, to, ERROR_TYPE, errorType));
    }

    void circuit(String provider, CircuitState from, CircuitState to) {
        circuits.put(provider, to);
        circuitTransitions.add(1, Attributes.of(GEN_AI_PROVIDER_NAME, provider, CIRCUIT_FROM, state(from),
                CIRCUIT_TO, state(to)));
    }

    /** {@code closed}, {@code open}, {@code half_open}: the words resilience4j's state gauge uses. */
    static String state(CircuitState s) {
        return s == null ? "unknown" : s.name().toLowerCase(Locale.ROOT);
    }
}
