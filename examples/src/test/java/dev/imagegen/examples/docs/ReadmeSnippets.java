package dev.imagegen.examples.docs;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.OutputFormat;
import dev.imagegen.micrometer.ImagegenMetrics;
import dev.imagegen.opentelemetry.ImagegenTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

import java.io.IOException;
import java.nio.file.Path;

/** Compiled twins of README.md's Java snippets, verbatim (checked by {@link DocSnippetsTest}). */
final class ReadmeSnippets {

    private ReadmeSnippets() {
    }

    /** "Use it". */
    static void useIt() throws IOException {
try (ImageClient client = ImageClient.fromEnv()) {            // every provider whose <ID>_API_KEY is set
    ImageResult result = client.generate(ImageRequest.builder()
            .model("hidream-i1-fast")                           // canonical id, or the vendor's own id
            .prompt("a cute panda holding a sign that says \"Keep Calm\"")
            .size(1024, 1024)
            .seed(42L)
            .outputFormat(OutputFormat.PNG)
            .build());
    result.image().writeTo(Path.of("panda.png"));
    System.out.println(result.provider() + ", seed " + result.seed().orElse(null) + ", " + result.cost().orElse(null)
            + ", " + result.timings().total().toMillis() + " ms");     // segmind, seed 42, 0.0123 USD (reported), 2140 ms
}
    }

    /** "Metrics and tracing". */
    static ImageClient metricsAndTracing(MeterRegistry meterRegistry, OpenTelemetry openTelemetry) {
ImageClient client = ImageClient.builder()
        .listener(ImageEventListener.composite(
                new ImagegenMetrics(meterRegistry),                 // imagegen-micrometer
                new ImagegenTracing(openTelemetry)))                // imagegen-opentelemetry
        .build();
        return client;
    }
}
