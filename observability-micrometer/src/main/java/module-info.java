/**
 * Micrometer metrics for imagegen-java: {@link dev.imagegen.micrometer.ImagegenMetrics}, an
 * {@link dev.imagegen.ImageEventListener} that records into a {@code MeterRegistry}.
 */
@SuppressWarnings("requires-transitive-automatic") // micrometer-core is an automatic module
module dev.imagegen.micrometer {
    requires transitive dev.imagegen.core;
    requires transitive micrometer.core;

    exports dev.imagegen.micrometer;
}
