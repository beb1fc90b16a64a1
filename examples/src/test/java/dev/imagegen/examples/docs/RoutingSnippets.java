package dev.imagegen.examples.docs;

import dev.imagegen.Budget;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ProviderLimits;
import dev.imagegen.RoutingPolicy;

import java.time.Duration;

/** Compiled twins of docs/routing.md's Java snippets, verbatim (checked by {@link DocSnippetsTest}). */
final class RoutingSnippets {

    private RoutingSnippets() {
    }

    /** The page's opening example. */
    static void overview() {
try (ImageClient client = ImageClient.builder()
        .routing(RoutingPolicy.cheapest())                                     // or preferenceOrder(...), or your own
        .providerLimits("wavespeed", ProviderLimits.defaults().withRequestsPerMinute(2))
        .budget(Budget.of("5.00", Duration.ofDays(1)))
        .build()) {
    ImageResult r = client.generate(ImageRequest.builder().model("hidream-i1-fast").prompt("a fox").build());
    r.metadata().get("routing.attempts");   // e.g. "segmind:RateLimitedException,wavespeed:ok"
}
    }

    /** "Routing policies": a custom policy. */
    static RoutingPolicy customPolicy() {
RoutingPolicy noLumoz = (request, candidates) ->
        candidates.stream().filter(c -> !c.providerId().equals("lumoz")).toList();
        return noLumoz;
    }

    /** "Limits": the snippet is a call on the client's builder. */
    static ImageClient.Builder limits() {
        return ImageClient.builder()
.providerLimits("wavespeed", ProviderLimits.defaults()
        .withMaxConcurrent(2)            // at most 2 calls in progress
        .withRequestsPerMinute(2)        // at most 2 paid calls in any 60 s
        .withCircuitBreaker(3, Duration.ofMinutes(1)))
        ;
    }

    /** "Budgets". */
    static ImageClient budgets() {
ImageClient client = ImageClient.builder().budget(Budget.of("5.00", Duration.ofDays(1))).build();
client.budgetStatus();  // Optional<BudgetStatus>: spent, reserved, remaining, windowStart, windowEnd
        return client;
    }
}
