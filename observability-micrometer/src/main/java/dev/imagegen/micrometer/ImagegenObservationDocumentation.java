package dev.imagegen.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations {@link ImagegenObservations} makes, their names, key names and events, in the form Micrometer's
 * documentation tooling reads. The provider call follows the OpenTelemetry GenAI client-inference conventions; the
 * other two carry the SDK's own {@code imagegen.*} names. See {@code docs/observability.md}.
 */
public enum ImagegenObservationDocumentation implements ObservationDocumentation {

    /**
     * One generation ({@code generate}, {@code generateAsync}, {@code submit}, {@code resume}) from its start to its
     * result or error; the parent of its provider calls. Span name {@code imagegen.generate}.
     */
    GENERATION {
        @Override
        public String getName() {
            return "imagegen.generation";
        }

        @Override
        public String getContextualName() {
            return "imagegen.generate";
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return GenerationLowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return GenerationHighCardinalityKeys.values();
        }

        @Override
        public Observation.Event[] getEvents() {
            return GenerationEvents.values();
        }
    },

    /**
     * One provider's attempt at serving a generation: the GenAI client inference operation. Its name is the metric
     * the conventions define, {@code gen_ai.client.inference.duration}; its span is {@code generate_content {model}},
     * kind CLIENT.
     */
    PROVIDER_CALL {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultProviderCallObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return ProviderCallLowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return ProviderCallHighCardinalityKeys.values();
        }
    },

    /**
     * A change of a provider's circuit-breaker state: an instant observation (its timer counts the changes), a child
     * of the open call of that provider during which it changed, if any.
     */
    CIRCUIT_TRANSITION {
        @Override
        public String getName() {
            return "imagegen.circuit.transition";
        }

        @Override
        public String getContextualName() {
            return "imagegen.circuit.transition";
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return CircuitLowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return CircuitHighCardinalityKeys.values();
        }
    };

    /** Low-cardinality keys of {@link #PROVIDER_CALL}: metric tags and span attributes. */
    public enum ProviderCallLowCardinalityKeys implements KeyName {
        /** Always {@code generate_content}. */
        GEN_AI_OPERATION_NAME("gen_ai.operation.name"),
        /** The provider id. */
        GEN_AI_PROVIDER_NAME("gen_ai.provider.name"),
        /** The canonical catalog model id. */
        GEN_AI_REQUEST_MODEL("gen_ai.request.model"),
        /** The exception's class name, {@code cancelled} or {@code abandoned}; {@code none} on success. */
        ERROR_TYPE("error.type"),
        /** The API host; {@code none} when no exchange was made (a provider skipped by routing). */
        SERVER_ADDRESS("server.address");

        private final String key;

        ProviderCallLowCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** High-cardinality keys of {@link #PROVIDER_CALL}: span attributes only. */
    public enum ProviderCallHighCardinalityKeys implements KeyName {
        /** Always {@code image}. */
        GEN_AI_OUTPUT_TYPE("gen_ai.output.type"),
        /** The number of images requested, when not 1. */
        GEN_AI_REQUEST_CHOICE_COUNT("gen_ai.request.choice.count"),
        /** The vendor's request id, on the call that served the request. */
        GEN_AI_RESPONSE_ID("gen_ai.response.id"),
        /** The API port, when known. */
        SERVER_PORT("server.port");

        private final String key;

        ProviderCallHighCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** Low-cardinality keys of {@link #GENERATION}. */
    public enum GenerationLowCardinalityKeys implements KeyName {
        /** The provider id: the first candidate while running, the one that answered last at the end. */
        PROVIDER("imagegen.provider"),
        /** The canonical catalog model id. */
        MODEL("imagegen.model"),
        /** {@code success}, the exception's simple class name, {@code unknown} or {@code abandoned}; set at the end. */
        OUTCOME("imagegen.outcome");

        private final String key;

        GenerationLowCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** High-cardinality keys of {@link #GENERATION}. */
    public enum GenerationHighCardinalityKeys implements KeyName {
        /** Images requested. */
        COUNT("imagegen.count"),
        /** Images returned. */
        IMAGES("imagegen.images"),
        /** The result's cost in US dollars, when known. */
        COST_USD("imagegen.cost.usd"),
        /** {@code REPORTED} or {@code ESTIMATED}. */
        COST_KIND("imagegen.cost.kind"),
        /** The vendor's request id, when it gave one. */
        REQUEST_ID("imagegen.request_id"),
        /** The exception's class name, on failure. */
        ERROR_TYPE("error.type");

        private final String key;

        GenerationHighCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** Events of {@link #GENERATION}: a span event each, and a counter {@code imagegen.generation.<name>}. */
    public enum GenerationEvents implements Observation.Event {
        /** The request gave up on one provider and tried the next. */
        FAILOVER("failover"),
        /** A retry was scheduled. */
        RETRY("retry");

        private final String name;

        GenerationEvents(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getContextualName() {
            return "imagegen." + name;
        }
    }

    /** Low-cardinality keys of {@link #CIRCUIT_TRANSITION}. */
    public enum CircuitLowCardinalityKeys implements KeyName {
        /** The provider id. */
        GEN_AI_PROVIDER_NAME("gen_ai.provider.name"),
        /** The state left: {@code closed}, {@code open}, {@code half_open}. */
        FROM("imagegen.circuit.from"),
        /** The state entered. */
        TO("imagegen.circuit.to");

        private final String key;

        CircuitLowCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    /** High-cardinality keys of {@link #CIRCUIT_TRANSITION}. */
    public enum CircuitHighCardinalityKeys implements KeyName {
        /** Why, in the breaker's words. */
        REASON("imagegen.circuit.reason");

        private final String key;

        CircuitHighCardinalityKeys(String key) {
            this.key = key;
        }

        @Override
        public String asString() {
            return key;
        }
    }
}
