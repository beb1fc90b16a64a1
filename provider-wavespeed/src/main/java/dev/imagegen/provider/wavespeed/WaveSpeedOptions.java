package dev.imagegen.provider.wavespeed;

/**
 * The names of the WaveSpeed provider's settings.
 *
 * <p>Provider options (client-wide) are set with
 * {@code ImageClient.builder().providerOption("wavespeed", WaveSpeedOptions.SYNC_MODE, "true")}, the system property
 * {@code imagegen.wavespeed.<name>} or the environment variable {@code WAVESPEED_<NAME>} (upper snake case, e.g.
 * {@code WAVESPEED_API_VERSION}). Request fields (one request) are raw vendor fields set with
 * {@code ImageRequest.builder().providerOption("wavespeed", field, value)}; they are merged into the submit body last.
 */
public final class WaveSpeedOptions {

    /**
     * Provider option: which API version to call, {@code v2} (the default; what this SDK was specified with) or
     * {@code v3} (the vendor's current API, documented with the same shapes). Submits go to
     * {@code /api/<version>/wavespeed-ai/<model>}, fallback polls to {@code /api/<version>/predictions/<id>/result}.
     */
    public static final String API_VERSION = "apiVersion";

    /**
     * Provider option, {@code true} or {@code false} (default): ask for the images inline as base64
     * ({@code enable_base64_output}) instead of as URLs. Base64 saves a download but makes every completed poll answer
     * as large as the images. A request may override it with the request field {@link #FIELD_BASE64_OUTPUT}.
     */
    public static final String BASE64_OUTPUT = "base64Output";

    /**
     * Provider option, {@code true} or {@code false} (default): send {@code enable_sync_mode: true}, so the submit
     * waits for the images. When the vendor's wait ends first (status {@code processing}, code 5004, or "Sync mode
     * timed out") the SDK polls as usual. A request may override it with the request field {@link #FIELD_SYNC_MODE}.
     */
    public static final String SYNC_MODE = "syncMode";

    /**
     * Provider option: a URL WaveSpeed POSTs the finished prediction to (sent as the {@code webhook} query parameter of
     * the submit). The SDK still polls; the webhook is for the caller's own systems, which check and turn the POSTed
     * delivery into a result with {@code ImageClient.parseWebhook("wavespeed", delivery)}. A request may override it with the request
     * field {@link #FIELD_WEBHOOK}.
     */
    public static final String WEBHOOK_URL = "webhookUrl";

    /**
     * Provider option: how far, in seconds, a webhook's {@code webhook-timestamp} may be from now (default 300, the
     * replay window WaveSpeed's docs give). The webhook secret itself is set with
     * {@code ImageClient.Builder.webhookSecret("wavespeed", ...)} or {@code WAVESPEED_WEBHOOK_SECRET}.
     */
    public static final String WEBHOOK_TOLERANCE_SECONDS = "webhookToleranceSeconds";

    /** Request field: {@code enable_base64_output} (boolean), overriding {@link #BASE64_OUTPUT} for one request. */
    public static final String FIELD_BASE64_OUTPUT = "enable_base64_output";

    /** Request field: {@code enable_sync_mode} (boolean), overriding {@link #SYNC_MODE} for one request. */
    public static final String FIELD_SYNC_MODE = "enable_sync_mode";

    /**
     * Request field: {@code webhook} (a URL), overriding {@link #WEBHOOK_URL} for one request. It goes into the submit's
     * query string, not into its body.
     */
    public static final String FIELD_WEBHOOK = "webhook";

    private WaveSpeedOptions() {
    }
}
