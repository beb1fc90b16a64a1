package dev.imagegen.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * An {@link ObservationConvention} for provider calls: implement it (or extend
 * {@link DefaultProviderCallObservationConvention}) and pass it to
 * {@link ImagegenObservations#ImagegenObservations(io.micrometer.observation.ObservationRegistry,
 * ProviderCallObservationConvention)} to rename the observation or change its key values.
 */
public interface ProviderCallObservationConvention extends ObservationConvention<ProviderCallObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ProviderCallObservationContext;
    }
}
