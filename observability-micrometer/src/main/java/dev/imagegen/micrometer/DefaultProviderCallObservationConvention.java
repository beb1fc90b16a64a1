package dev.imagegen.micrometer;

import dev.imagegen.micrometer.ImagegenObservationDocumentation.ProviderCallHighCardinalityKeys;
import dev.imagegen.micrometer.ImagegenObservationDocumentation.ProviderCallLowCardinalityKeys;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default convention of a provider call, after the OpenTelemetry GenAI client-inference conventions: the
 * observation (and so the timer) is named {@code gen_ai.client.inference.duration}, the span
 * {@code generate_content {model}}; low-cardinality keys {@code gen_ai.operation.name}, {@code gen_ai.provider.name},
 * {@code gen_ai.request.model}, {@code error.type}, {@code server.address}; high-cardinality {@code gen_ai.output.type},
 * {@code gen_ai.request.choice.count}, {@code gen_ai.response.id}, {@code server.port}. A key without a value is
 * {@code none}, Micrometer's way of keeping every timer of one name on the same tag keys (Prometheus requires it), so
 * a success carries {@code error.type=none} where the OpenTelemetry module leaves {@code error.type} out. Extend it to
 * add or change key values.
 */
public class DefaultProviderCallObservationConvention implements ProviderCallObservationConvention {

    /** The observation's name: the conventions' metric name. */
    public static final String NAME = "gen_ai.client.inference.duration";

    /**
     * The conventions have no image-generation operation; {@code generate_content} is the well-known value that
     * applies (see docs/observability.md).
     */
    public static final String OPERATION_NAME = "generate_content";

    /** The instance {@link ImagegenObservations} uses when given no convention. */
    public static final DefaultProviderCallObservationConvention INSTANCE = new DefaultProviderCallObservationConvention();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(ProviderCallObservationContext context) {
        String model = context.getModel();
        return model == null || model.isEmpty() ? OPERATION_NAME : OPERATION_NAME + " " + model;
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ProviderCallObservationContext context) {
        return KeyValues.of(
                ProviderCallLowCardinalityKeys.GEN_AI_OPERATION_NAME.withValue(OPERATION_NAME),
                ProviderCallLowCardinalityKeys.GEN_AI_PROVIDER_NAME.withValue(orNone(context.getProvider())),
                ProviderCallLowCardinalityKeys.GEN_AI_REQUEST_MODEL.withValue(orNone(context.getModel())),
                ProviderCallLowCardinalityKeys.ERROR_TYPE.withValue(orNone(context.getErrorType())),
                ProviderCallLowCardinalityKeys.SERVER_ADDRESS.withValue(orNone(context.getServerAddress())));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ProviderCallObservationContext context) {
        KeyValues values = KeyValues.of(ProviderCallHighCardinalityKeys.GEN_AI_OUTPUT_TYPE.withValue("image"));
        if (context.getCount() != 1) {
            values = values.and(ProviderCallHighCardinalityKeys.GEN_AI_REQUEST_CHOICE_COUNT
                    .withValue(Integer.toString(context.getCount())));
        }
        if (context.getResponseId() != null) {
            values = values.and(ProviderCallHighCardinalityKeys.GEN_AI_RESPONSE_ID.withValue(context.getResponseId()));
        }
        if (context.getServerPort() > 0) {
            values = values.and(ProviderCallHighCardinalityKeys.SERVER_PORT
                    .withValue(Integer.toString(context.getServerPort())));
        }
        return values;
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? KeyValue.NONE_VALUE : value;
    }
}
