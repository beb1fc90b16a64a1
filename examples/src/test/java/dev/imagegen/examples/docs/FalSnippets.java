package dev.imagegen.examples.docs;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageRequest;
import dev.imagegen.provider.fal.FalOptions;

/** Compiled twin of docs/providers/fal.md's Java snippet, verbatim (checked by {@link DocSnippetsTest}). */
final class FalSnippets {

    private FalSnippets() {
    }

    /** "Webhooks": a submitted job with a webhook, its queue position and log lines printed as they change. */
    static void submitWithWebhook() {
try (ImageClient client = ImageClient.builder()
        .providerOption("fal", FalOptions.WEBHOOK_URL, "https://example.com/hooks/fal")
        .build()) {
    ImageJob job = client.submit(ImageRequest.builder().provider("fal").model("hidream-i1-dev")
            .prompt("a lighthouse at dusk").build(),
            progress -> System.out.println(progress.status().position().map(p -> "queue " + p)
                    .orElse(String.join("\n", progress.status().logs()))));
    System.out.println("fal request " + job.id() + ", ref " + job.ref());
    // later, in the webhook handler: ImageResult result = client.parseWebhook("fal", WebhookDelivery.of(headers, body));
}
    }
}
