package dev.imagegen.examples.docs;

// Compiled twin of the snippet in docs/observability.md, "Observations": everything below is the snippet verbatim.
// DocSnippetsTest fails when the two differ; change both together.

import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.micrometer.ImagegenMetrics;
import dev.imagegen.micrometer.ImagegenObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

class ObservedClients {
    static ImageClient create(ObservationRegistry observations, MeterRegistry meters) {
        return ImageClient.builder()
                .listener(ImageEventListener.composite(
                        new ImagegenObservations(observations),   // generations and provider calls: timers + spans
                        new ImagegenMetrics(meters)))             // attempts, retries, polls, downloads, cost, circuits
                .build();
    }
}
