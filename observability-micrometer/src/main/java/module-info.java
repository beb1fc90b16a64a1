/**
 * Micrometer metrics and observations for imagegen-java: {@link dev.imagegen.micrometer.ImagegenMetrics}, an
 * {@link dev.imagegen.ImageEventListener} that records into a {@code MeterRegistry}, and
 * {@link dev.imagegen.micrometer.ImagegenObservations}, one that observes into an {@code ObservationRegistry} in the
 * OpenTelemetry GenAI conventions' names.
 */
@SuppressWarnings("requires-transitive-automatic") // micrometer-core is an automatic module
module dev.imagegen.micrometer {
    requires transitive dev.imagegen.core;
    requires transitive micrometer.core;
    requires transitive micrometer.observation;
    requires transitive micrometer.commons;

    exports dev.imagegen.micrometer;
}
