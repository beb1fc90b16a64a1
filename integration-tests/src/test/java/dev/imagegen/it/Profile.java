package dev.imagegen.it;

import dev.imagegen.ImageRequest;
import dev.imagegen.testing.TestImages;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * One way of talking to one provider, as the fault matrix exercises it: which route starts the paid work, which route
 * is polled (for submit-and-poll flows), how the emulator and client are set up, and what a well-formed success
 * answer with a given output URL looks like (to serve it with the wrong Content-Type, or with a refused URL).
 *
 * @param name         the row label, e.g. {@code segmind-queue}
 * @param providerId   the provider id
 * @param paidRoute    the emulator route of the paid POST
 * @param pollRoute    the route polled, or null for a synchronous flow
 * @param options      client provider options
 * @param lumozAsync   whether the emulator runs Lumoz's run asynchronously
 * @param urlOutputs   whether images arrive as URLs (downloaded from the emulator's storage route)
 */
record Profile(String name, String providerId, String paidRoute, String pollRoute, Map<String, String> options,
               boolean lumozAsync, boolean urlOutputs) {

    static final Profile LUMOZ = new Profile("lumoz", "lumoz", Routes.LUMOZ_RUN, null, Map.of(), false, true);
    static final Profile LUMOZ_ASYNC = new Profile("lumoz-async", "lumoz", Routes.LUMOZ_RUN, Routes.LUMOZ_CHECK, Map.of(),
            true, true);
    static final Profile SEGMIND = new Profile("segmind", "segmind", Routes.SEGMIND_GENERATE, null, Map.of(), false, false);
    static final Profile SEGMIND_QUEUE = new Profile("segmind-queue", "segmind", Routes.SEGMIND_QUEUE_SUBMIT,
            Routes.SEGMIND_QUEUE_STATUS, Map.of("queue", "true"), false, true);
    static final Profile WAVESPEED = new Profile("wavespeed", "wavespeed", Routes.WAVESPEED_SUBMIT, Routes.WAVESPEED_RESULT,
            Map.of(), false, true);
    static final Profile LUMENFALL = new Profile("lumenfall", "lumenfall", Routes.LUMENFALL_GENERATIONS, null,
            Map.of("responseFormat", "url"), false, true);

    static final java.util.List<Profile> ALL = java.util.List.of(LUMOZ, LUMOZ_ASYNC, SEGMIND, SEGMIND_QUEUE, WAVESPEED, LUMENFALL);

    boolean isJob() {
        return pollRoute != null;
    }

    /** A request every provider's catalog accepts; pinned to this provider. */
    ImageRequest request(Duration timeout) {
        return ImageRequest.builder().provider(providerId).model("hidream-i1-fast").prompt("a lighthouse at dusk")
                .size(1024, 1024).seed(7L).timeout(timeout).build();
    }

    /** The route whose answer carries the output (where a refused output URL is planted). */
    String outputRoute() {
        return switch (name) {
            case "segmind-queue" -> Routes.SEGMIND_QUEUE_RESULT;
            case "lumoz-async" -> Routes.LUMOZ_CHECK;
            default -> paidRoute;
        };
    }

    /** A well-formed answer of {@link #outputRoute()} whose only image is at {@code url} (or, for Segmind v1, the bytes). */
    byte[] completedBody(String url) {
        String json = switch (name) {
            case "lumoz" -> "{\"success\":true,\"data\":{\"request_id\":212121212121212,\"output\":\"" + url
                    + "\",\"output_type\":\"image\"}}";
            case "lumoz-async" -> "{\"success\":true,\"data\":{\"request_id\":212121212121212,\"status\":\"completed\","
                    + "\"output\":\"" + url + "\",\"output_type\":\"image\"}}";
            case "segmind" -> null;
            case "segmind-queue" -> "{\"request_id\":\"7f1d9c2e\",\"status\":\"COMPLETED\",\"output\":\"" + url + "\"}";
            case "wavespeed" -> "{\"code\":200,\"message\":\"success\",\"data\":{\"id\":\"pred-1\",\"model\":"
                    + "\"wavespeed-ai/hidream-i1-fast\",\"outputs\":[\"" + url + "\"],\"status\":\"completed\","
                    + "\"has_nsfw_contents\":[false],\"error\":\"\"}}";
            case "lumenfall" -> "{\"created\":1734567890,\"data\":[{\"url\":\"" + url + "\"}]}";
            default -> throw new IllegalStateException(name);
        };
        return json == null ? TestImages.png(16, 16) : json.getBytes(StandardCharsets.UTF_8);
    }

    void configure(ProviderEmulator.Builder b) {
        b.lumozAsync(lumozAsync);
    }

    @Override
    public String toString() {
        return name;
    }
}
