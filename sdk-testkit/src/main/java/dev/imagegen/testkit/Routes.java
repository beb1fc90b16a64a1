package dev.imagegen.testkit;

import java.util.List;

/**
 * Names of the routes the {@link ProviderEmulator} serves. A route name identifies one vendor endpoint; it is used
 * to target fault rules ({@link FaultPlan#on(String)}), to count calls ({@link ProviderEmulator#requestCount(String)})
 * and it is recorded with every call ({@link RecordedCall#route()}).
 */
public final class Routes {
    /** LumozAI {@code POST /api/v4/run}. */
    public static final String LUMOZ_RUN = "lumoz.run";
    /** LumozAI {@code POST|GET /api/v4/check} (asynchronous results, field or query parameter {@code request_id}). */
    public static final String LUMOZ_CHECK = "lumoz.check";
    /** Segmind {@code POST /v1/{model}} (answers raw image bytes). */
    public static final String SEGMIND_GENERATE = "segmind.generate";
    /** Segmind queue {@code POST /v2/{model}}. */
    public static final String SEGMIND_QUEUE_SUBMIT = "segmind.queue.submit";
    /** Segmind queue {@code GET /v2/requests/{id}/status}. */
    public static final String SEGMIND_QUEUE_STATUS = "segmind.queue.status";
    /** Segmind queue {@code GET /v2/requests/{id}}. */
    public static final String SEGMIND_QUEUE_RESULT = "segmind.queue.result";
    /** WaveSpeed {@code POST /api/v2/wavespeed-ai/{model}} and {@code /api/v3/wavespeed-ai/{model}}. */
    public static final String WAVESPEED_SUBMIT = "wavespeed.submit";
    /** WaveSpeed {@code GET /api/v2/predictions/{id}/result} and the v3 equivalent. */
    public static final String WAVESPEED_RESULT = "wavespeed.result";
    /** Lumenfall {@code POST /openai/v1/images/generations}. */
    public static final String LUMENFALL_GENERATIONS = "lumenfall.generations";
    /** Lumenfall {@code POST /openai/v1/images/edits} (multipart). */
    public static final String LUMENFALL_EDITS = "lumenfall.edits";
    /** fal {@code POST /fal-ai/{model}} (the queue submit). */
    public static final String FAL_SUBMIT = "fal.submit";
    /** fal {@code GET /fal-ai/{model}/requests/{id}/status} ({@code ?logs=1} for logs). */
    public static final String FAL_STATUS = "fal.status";
    /** fal {@code GET /fal-ai/{model}/requests/{id}} (the model output). */
    public static final String FAL_RESULT = "fal.result";
    /** fal {@code PUT /fal-ai/{model}/requests/{id}/cancel}. */
    public static final String FAL_CANCEL = "fal.cancel";
    /** {@code GET /fal/.well-known/jwks.json}: the public key fal webhooks are signed with (no credential needed). */
    public static final String FAL_WEBHOOK_KEYS = "fal.webhook-keys";
    /** {@code GET /storage/{file}}: the emulator's own "CDN" serving URL outputs, without authentication. */
    public static final String STORAGE = "storage";
    /** Any request that matches no route above (answered 404). Recorded and counted like the others. */
    public static final String UNMATCHED = "unmatched";

    /** Every route name, in the order above. */
    public static final List<String> ALL = List.of(LUMOZ_RUN, LUMOZ_CHECK, SEGMIND_GENERATE, SEGMIND_QUEUE_SUBMIT,
            SEGMIND_QUEUE_STATUS, SEGMIND_QUEUE_RESULT, WAVESPEED_SUBMIT, WAVESPEED_RESULT, LUMENFALL_GENERATIONS,
            LUMENFALL_EDITS, FAL_SUBMIT, FAL_STATUS, FAL_RESULT, FAL_CANCEL, FAL_WEBHOOK_KEYS, STORAGE, UNMATCHED);

    private Routes() {
    }
}
