/**
 * OpenTelemetry tracing for imagegen-java: {@link dev.imagegen.opentelemetry.ImagegenTracing}, an
 * {@link dev.imagegen.ImageEventListener} that records spans with the OpenTelemetry API.
 */
@SuppressWarnings("requires-transitive-automatic") // opentelemetry-api is an automatic module
module dev.imagegen.opentelemetry {
    requires transitive dev.imagegen.core;
    requires transitive io.opentelemetry.api;
    requires transitive io.opentelemetry.context;

    exports dev.imagegen.opentelemetry;
}
