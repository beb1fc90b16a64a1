package dev.imagegen.examples.docs;

// Compiled twin of the snippet in docs/observability.md, "Micrometer": everything below is the snippet verbatim.
// DocSnippetsTest fails when the two differ; change both together.

import dev.imagegen.ImageClient;
import dev.imagegen.micrometer.ImagegenMetrics;
import io.micrometer.core.instrument.MeterRegistry;

class MeteredClients {
    // registry: Spring Boot's, a PrometheusMeterRegistry, new SimpleMeterRegistry(), ...
    static ImageClient create(MeterRegistry registry) {
        return ImageClient.builder()
                .listener(new ImagegenMetrics(registry))
                .build();
    }
}
