package dev.imagegen.examples.docs;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.micrometer.ImagegenMetrics;
import dev.imagegen.opentelemetry.ImagegenTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

/**
 * Compiled twin of docs/observability.md's "Both at once" snippet, verbatim (checked by {@link DocSnippetsTest}). The
 * page's other two snippets are whole classes: {@link MeteredClients} and {@link Thumbnails}.
 */
final class ObservabilitySnippets {

    private ObservabilitySnippets() {
    }

    static ImageClient bothAtOnce(MeterRegistry registry, OpenTelemetry openTelemetry) {
ImageEventListener both = ImageEventListener.composite(
        new ImagegenMetrics(registry),
        new ImagegenTracing(openTelemetry));
ImageClient client = ImageClient.builder().listener(both).build();
        return client;
    }
}
