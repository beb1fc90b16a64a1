package dev.imagegen.examples.docs;

// Compiled twin of the snippet in docs/observability.md, "OpenTelemetry": everything below is the snippet verbatim.
// DocSnippetsTest fails when the two differ; change both together.

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.opentelemetry.ImagegenTracing;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

class Thumbnails {
    private final ImageClient client = ImageClient.builder()
            .listener(new ImagegenTracing(GlobalOpenTelemetry.get()))   // or your OpenTelemetrySdk, or a Tracer
            .build();
    private final Tracer tracer = GlobalOpenTelemetry.getTracer("my-app");

    ImageResult render(ImageRequest request) {
        Span span = tracer.spanBuilder("render-thumbnail").startSpan();
        try (Scope scope = span.makeCurrent()) {
            return client.generate(request);   // imagegen.generate is a child of render-thumbnail
        } finally {
            span.end();
        }
    }
}
