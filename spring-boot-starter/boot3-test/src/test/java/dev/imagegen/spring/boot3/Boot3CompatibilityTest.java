package dev.imagegen.spring.boot3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.OutputFormat;
import dev.imagegen.micrometer.ImagegenMetrics;
import dev.imagegen.testkit.ProviderEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter, built against Spring Boot 4, in a Spring Boot 3.5 web application: the client on the emulator, its
 * metrics in Boot's registry, its spans through the application's OpenTelemetry, and the {@code imagegen} component
 * in {@code /actuator/health} (Boot 3.5's health API).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "imagegen.emulator.enabled=true",
        "management.endpoint.health.show-details=always"})
class Boot3CompatibilityTest {

    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

    @SpringBootApplication
    static class Service {

        @Bean
        OpenTelemetry openTelemetry() {
            return OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
                    .build();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ImageClient client;

    @Autowired
    ProviderEmulator emulator;

    @Autowired
    MeterRegistry registry;

    @Test
    void runsOnSpringBoot35() {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
    }

    @Test
    void theClientGeneratesOnTheEmulatorWithMetricsInBootsRegistryAndSpans() {
        ImageResult result = client.generate(ImageRequest.builder()
                .model("hidream-i1-fast")
                .prompt("a lighthouse at dusk")
                .size(1024, 1024)
                .outputFormat(OutputFormat.PNG)
                .build());

        assertThat(result.provider()).isEqualTo("segmind");
        assertThat(result.image().bytes()).startsWith(0x89, 'P', 'N', 'G');
        assertThat(registry.get(ImagegenMetrics.REQUESTS).tag("outcome", ImagegenMetrics.OUTCOME_SUCCESS).timer().count())
                .isEqualTo(1);
        assertThat(SPANS.getFinishedSpanItems()).extracting(SpanData::getName).contains("imagegen.generate");
    }

    @Test
    void healthShowsTheImagegenComponent() throws Exception {
        long before = emulator.requests().size();

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode imagegen = new ObjectMapper().readTree(response.body()).path("components").path("imagegen");
        assertThat(imagegen.path("status").asText()).isEqualTo("UP");
        assertThat(imagegen.path("details").path("providers").path("segmind").path("circuit").asText()).isEqualTo("CLOSED");
        assertThat(emulator.requests()).hasSize((int) before);
    }
}
