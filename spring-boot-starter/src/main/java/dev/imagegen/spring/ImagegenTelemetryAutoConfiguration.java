package dev.imagegen.spring;

import dev.imagegen.micrometer.ImagegenMetrics;
import dev.imagegen.micrometer.ImagegenObservations;
import dev.imagegen.opentelemetry.ImagegenTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics and tracing for the auto-configured {@link dev.imagegen.ImageClient}: each listener here is an
 * {@link dev.imagegen.ImageEventListener} bean, and the client gets every such bean. An application replaces one by
 * declaring a bean of the same type, or turns it off with {@code imagegen.metrics.enabled=false} /
 * {@code imagegen.tracing.enabled=false}.
 *
 * <ul>
 *   <li>{@link ImagegenMetrics}: {@code imagegen-micrometer} on the class path and one {@link MeterRegistry} bean
 *       (or a primary one, as Spring Boot's composite registry is).</li>
 *   <li>{@link ImagegenObservations}: {@code imagegen-micrometer} on the class path and one
 *       {@link ObservationRegistry} bean (Spring Boot makes one with Actuator): each generation and provider call as
 *       an observation in the GenAI names, so the registry's handlers turn them into timers and, with Micrometer
 *       Tracing, into spans.</li>
 *   <li>{@link ImagegenTracing}: {@code imagegen-opentelemetry} on the class path and one {@link OpenTelemetry}
 *       bean, unless Micrometer Tracing is on the class path: then the observations above already make the spans,
 *       and a second tracer would trace every call twice.</li>
 * </ul>
 *
 * <p>Ordered after Spring Boot's own auto-configurations of those beans, by name, for Spring Boot 4 and 3.5 alike
 * (their packages differ).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration"})
public class ImagegenTelemetryAutoConfiguration {

    /** Micrometer meters, when imagegen-micrometer is there and a MeterRegistry bean exists. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ImagegenMetrics.class, MeterRegistry.class})
    @ConditionalOnSingleCandidate(MeterRegistry.class)
    @ConditionalOnBooleanProperty(name = "imagegen.metrics.enabled", matchIfMissing = true)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ImagegenMetrics imagegenMetrics(MeterRegistry registry) {
            return new ImagegenMetrics(registry);
        }
    }

    /** Observations, when imagegen-micrometer is there and an ObservationRegistry bean exists. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ImagegenObservations.class, ObservationRegistry.class})
    @ConditionalOnSingleCandidate(ObservationRegistry.class)
    @ConditionalOnBooleanProperty(name = "imagegen.observations.enabled", matchIfMissing = true)
    static class ObservationsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ImagegenObservations imagegenObservations(ObservationRegistry registry) {
            return new ImagegenObservations(registry);
        }
    }

    /**
     * OpenTelemetry spans, when imagegen-opentelemetry is there and an OpenTelemetry bean exists, and Micrometer
     * Tracing is not (with it, the observations make the spans).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ImagegenTracing.class, OpenTelemetry.class})
    @ConditionalOnMissingClass("io.micrometer.tracing.Tracer")
    @ConditionalOnSingleCandidate(OpenTelemetry.class)
    @ConditionalOnBooleanProperty(name = "imagegen.tracing.enabled", matchIfMissing = true)
    static class TracingConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ImagegenTracing imagegenTracing(OpenTelemetry openTelemetry) {
            return new ImagegenTracing(openTelemetry);
        }
    }
}
