package dev.imagegen.spring;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.micrometer.ImagegenMetrics;
import dev.imagegen.micrometer.ImagegenObservations;
import dev.imagegen.opentelemetry.ImagegenTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.imagegen.spring.ImagegenAutoConfigurationTest.panda;
import static org.assertj.core.api.Assertions.assertThat;

/** Metrics and tracing are wired in when their registry or SDK bean is there, and only then. */
class ImagegenTelemetryAutoConfigurationTest {

    /** The class path of an application without Micrometer Tracing (the test class path has it). */
    private static final FilteredClassLoader WITHOUT_MICROMETER_TRACING = new FilteredClassLoader("io.micrometer.tracing");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ImagegenAutoConfiguration.class, ImagegenTelemetryAutoConfiguration.class))
            .withPropertyValues("imagegen.emulator.enabled=true");

    private static final class Recorded implements ImageEventListener {
        final List<RequestEnded> ended = new CopyOnWriteArrayList<>();

        @Override
        public void requestEnded(RequestEnded event) {
            ended.add(event);
        }
    }

    @Test
    void aMeterRegistryGetsTheClientsMetrics() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(ImagegenMetrics.class);

            context.getBean(ImageClient.class).generate(panda());

            assertThat(context.getBean(MeterRegistry.class).get(ImagegenMetrics.REQUESTS)
                    .tags("provider", "segmind", "outcome", ImagegenMetrics.OUTCOME_SUCCESS).timer().count()).isEqualTo(1);
        });
    }

    @Test
    void noMetricsWithoutARegistryWhenDisabledOrWithoutTheModule() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ImagegenMetrics.class));
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("imagegen.metrics.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ImagegenMetrics.class));
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withClassLoader(new FilteredClassLoader(ImagegenMetrics.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ImagegenMetrics.class));
    }

    @Test
    void anApplicationsOwnMetricsBeanReplacesTheStartersOne() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ImagegenMetrics mine = new ImagegenMetrics(registry);
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(ImagegenMetrics.class, () -> mine)
                .run(context -> {
                    assertThat(context.getBean(ImagegenMetrics.class)).isSameAs(mine);
                    context.getBean(ImageClient.class).generate(panda());
                    assertThat(registry.get(ImagegenMetrics.REQUESTS).timer().count()).isEqualTo(1);
                    assertThat(context.getBean(MeterRegistry.class).find(ImagegenMetrics.REQUESTS).timer()).isNull();
                });
    }

    @Test
    void anOpenTelemetryBeanGetsTheClientsSpans() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        runner.withClassLoader(WITHOUT_MICROMETER_TRACING).withBean(OpenTelemetry.class, () -> OpenTelemetrySdk.builder()
                        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                        .build())
                .run(context -> {
                    assertThat(context).hasSingleBean(ImagegenTracing.class);

                    context.getBean(ImageClient.class).generate(panda());

                    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
                            .contains("imagegen.generate", "imagegen.attempt");
                });
    }

    @Test
    void anObservationRegistryGetsTheClientsObservations() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        runner.withBean(ObservationRegistry.class, () -> registry).run(context -> {
            assertThat(context).hasSingleBean(ImagegenObservations.class);

            context.getBean(ImageClient.class).generate(panda());

            TestObservationRegistryAssert.assertThat(registry)
                    .hasObservationWithNameEqualTo("imagegen.generation").that().hasBeenStarted().hasBeenStopped();
            TestObservationRegistryAssert.assertThat(registry)
                    .hasObservationWithNameEqualTo("gen_ai.client.inference.duration").that()
                    .hasLowCardinalityKeyValue("gen_ai.provider.name", "segmind").hasBeenStopped();
        });
    }

    @Test
    void noObservationsWithoutARegistryWhenDisabledOrWithoutTheModule() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ImagegenObservations.class));
        runner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
                .withPropertyValues("imagegen.observations.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ImagegenObservations.class));
        runner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
                .withClassLoader(new FilteredClassLoader(ImagegenObservations.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ImagegenObservations.class));
    }

    @Test
    void withMicrometerTracingTheObservationsTraceAndImagegenTracingStaysOut() {
        // the test class path has io.micrometer.tracing, as an application with Micrometer Tracing has
        runner.withBean(OpenTelemetry.class, OpenTelemetry::noop)
                .withBean(ObservationRegistry.class, TestObservationRegistry::create)
                .run(context -> assertThat(context).hasSingleBean(ImagegenObservations.class)
                        .doesNotHaveBean(ImagegenTracing.class));
    }

    @Test
    void noTracingWithoutAnSdkWhenDisabledOrWithoutTheModule() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ImagegenTracing.class));
        runner.withBean(OpenTelemetry.class, OpenTelemetry::noop)
                .withPropertyValues("imagegen.tracing.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ImagegenTracing.class));
        runner.withBean(OpenTelemetry.class, OpenTelemetry::noop)
                .withClassLoader(new FilteredClassLoader(ImagegenTracing.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ImagegenTracing.class));
    }

    @Test
    void everyListenerBeanHearsTheClientMetricsAndTracingIncluded() {
        Recorded mine = new Recorded();
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        runner.withClassLoader(WITHOUT_MICROMETER_TRACING).withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(OpenTelemetry.class, () -> OpenTelemetrySdk.builder()
                        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                        .build())
                .withBean(Recorded.class, () -> mine)
                .run(context -> {
                    context.getBean(ImageClient.class).generate(panda());

                    assertThat(mine.ended).hasSize(1);
                    assertThat(context.getBean(MeterRegistry.class).get(ImagegenMetrics.REQUESTS).timer().count()).isEqualTo(1);
                    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).contains("imagegen.generate");
                });
    }
}
