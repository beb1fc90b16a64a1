package dev.imagegen.spring;

import dev.imagegen.micrometer.ImagegenMetrics;
import dev.imagegen.opentelemetry.ImagegenTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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
 *   <li>{@link ImagegenTracing}: {@code imagegen-opentelemetry} on the class path and one {@link OpenTelemetry}
 *       bean.</li>
 * </ul>
 *
 * <p>Ordered after Spring Boot's own auto-configurations of those beans, by name, for Spring Boot 4 and 3.5 alike
 * (their packages differ). An instrumentation built on Micrometer's {@code ObservationRegistry} belongs here too, as
 * one more nested configuration conditional on that bean; it is not written yet (issue 14, the telemetry part).
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

    /** OpenTelemetry spans, when imagegen-opentelemetry is there and an OpenTelemetry bean exists. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ImagegenTracing.class, OpenTelemetry.class})
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
