package dev.imagegen.examples.docs;

import dev.imagegen.Budget;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageResult;
import dev.imagegen.ProviderLimits;
import dev.imagegen.redis.RedisSharedStore;

import java.time.Duration;

/** Compiled twin of the Java snippet in docs/scale.md (it needs a Redis, so it is compiled, not run). */
final class ScaleSnippets {

    private ScaleSnippets() {
    }

    static ImageClient fleetClient() {
        RedisSharedStore store = RedisSharedStore.builder("redis://redis.internal:6379")
                .namespace("studio-prod")                                       // replicas with the same namespace share
                .build();
        ImageClient client = ImageClient.builder()
                .sharedStore(store)
                .budget(Budget.of("50.00", Duration.ofDays(1)))                 // one budget for the fleet
                .providerLimits("segmind", ProviderLimits.defaults()
                        .withRequestsPerMinute(10)                              // 10 a minute for the fleet
                        .withMaxConcurrent(4))                                  // 4 at once for the fleet
                .build();

        // at start-up, and then every minute or so: jobs a dead replica paid for and never delivered
        for (ImageJob job : client.adoptOrphanedJobs(50)) {
            job.toFuture().thenAccept(result -> deliver(job.ref(), result));
        }
        return client;
    }

    private static void deliver(String ref, ImageResult result) {
        // the application's own delivery: store the image, notify whoever asked for it
    }
}
