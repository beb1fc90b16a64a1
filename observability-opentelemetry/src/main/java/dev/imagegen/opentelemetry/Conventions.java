package dev.imagegen.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;

import java.util.List;

/**
 * The names this module emits: the OpenTelemetry GenAI client-inference conventions (span, metric, attributes) for
 * each provider call, and the {@code imagegen.*} names of the SDK's own spans, events and metrics. One place, so the
 * docs table (docs/observability.md) and the code cannot drift apart silently: the tests assert these literals.
 */
final class Conventions {

    private Conventions() {
    }

    // ---- GenAI semantic conventions (open-telemetry/semantic-conventions-genai, client-inference.md) ----

    /**
     * The conventions have no image-generation operation; {@code generate_content} ("multimodal content generation")
     * is the well-known value that applies, as Microsoft.Extensions.AI's image generator also reports it.
     */
    static final String OPERATION_GENERATE_CONTENT = "generate_content";
    static final String OUTPUT_TYPE_IMAGE = "image";
    /** {@code error.type} of a provider call the caller cancelled: it ended without an answer or an exception. */
    static final String ERROR_CANCELLED = "cancelled";

    static final AttributeKey<String> GEN_AI_OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> GEN_AI_PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> GEN_AI_REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> GEN_AI_OUTPUT_TYPE = AttributeKey.stringKey("gen_ai.output.type");
    static final AttributeKey<Long> GEN_AI_REQUEST_CHOICE_COUNT = AttributeKey.longKey("gen_ai.request.choice.count");
    static final AttributeKey<String> GEN_AI_RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

    /** Histogram, seconds: one provider call, from when it starts to its answer (or error); the span's duration. */
    static final String METRIC_INFERENCE_DURATION = "gen_ai.client.inference.duration";
    /** The conventions' bucket advice for {@link #METRIC_INFERENCE_DURATION}, in seconds. */
    static final List<Double> INFERENCE_DURATION_BUCKETS = List.of(
            0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

    // ---- HTTP conventions, on imagegen.attempt ----

    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<Long> HTTP_RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");
    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

    // ---- imagegen.* spans, events and attributes ----

    static final String SPAN_GENERATE = "imagegen.generate";
    static final String SPAN_ATTEMPT = "imagegen.attempt";
    static final String SPAN_POLL = "imagegen.poll";
    static final String SPAN_DOWNLOAD = "imagegen.download";
    static final String EVENT_RETRY = "imagegen.retry";
    static final String EVENT_JOB_STATE = "imagegen.job.state_changed";
    static final String EVENT_FAILOVER = "imagegen.failover";
    static final String EVENT_CIRCUIT = "imagegen.circuit.state_changed";

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
    static final AttributeKey<String> FAILOVER_FROM = AttributeKey.stringKey("imagegen.failover.from");
    static final AttributeKey<String> FAILOVER_TO = AttributeKey.stringKey("imagegen.failover.to");
    static final AttributeKey<String> CIRCUIT_FROM = AttributeKey.stringKey("imagegen.circuit.from");
    static final AttributeKey<String> CIRCUIT_TO = AttributeKey.stringKey("imagegen.circuit.to");
    static final AttributeKey<String> CIRCUIT_STATE = AttributeKey.stringKey("imagegen.circuit.state");
    static final AttributeKey<String> CIRCUIT_REASON = AttributeKey.stringKey("imagegen.circuit.reason");

    /** Counter of failovers from one provider to the next; attributes from, to, {@code error.type}. */
    static final String METRIC_FAILOVERS = "imagegen.failovers";
    /** Counter of circuit-breaker state changes; attributes provider, from, to. */
    static final String METRIC_CIRCUIT_TRANSITIONS = "imagegen.circuit.transitions";
    /** Gauge: 1 for each provider's current circuit state, 0 for its other states. */
    static final String METRIC_CIRCUIT_STATE = "imagegen.circuit.state";
}
