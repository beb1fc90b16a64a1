package dev.imagegen.examples.docs;

import dev.imagegen.HttpOptions;
import dev.imagegen.ImageClient;
import dev.imagegen.opentelemetry.ImagegenTracing;
import io.opentelemetry.api.OpenTelemetry;

/** Compiled twin of docs/observability.md's "Trace propagation" snippet, verbatim (checked by {@link DocSnippetsTest}). */
final class PropagationSnippets {

    private PropagationSnippets() {
    }

    static ImageClient propagated(OpenTelemetry openTelemetry) {
ImagegenTracing tracing = new ImagegenTracing(openTelemetry);
ImageClient client = ImageClient.builder()
        .listener(tracing)
        .http(HttpOptions.builder().requestHeaders(tracing.propagation()).build())
        .build();
        return client;
    }
}
