package dev.imagegen.provider.fal;

/**
 * Names of the fal provider's settings. Provider options: {@code ImageClient.builder().providerOption("fal", NAME,
 * value)}, system property {@code imagegen.fal.NAME} or environment variable {@code FAL_<NAME>} (upper snake case).
 * Request fields: {@code ImageRequest.builder().providerOption("fal", field, value)}, raw fal fields merged into the
 * submit body last (null is sent as JSON null, which fal's optional fields take as unset).
 */
public final class FalOptions {

    /** Provider option: a URL fal POSTs the finished request to (the submit's {@code fal_webhook} parameter). */
    public static final String WEBHOOK_URL = "webhookUrl";
    /** Request field: {@code fal_webhook}, overriding {@link #WEBHOOK_URL} for one request; never put in the body. */
    public static final String FIELD_WEBHOOK = "fal_webhook";
    /** Provider option: seconds (more than 1) fal may take to start a request, sent as {@code x-fal-request-timeout}. */
    public static final String START_TIMEOUT = "startTimeout";
    /** Provider option: where fal publishes its webhook keys (unverified; default fal's JWKS document). */
    public static final String WEBHOOK_KEYS_URL = "webhookKeysUrl";
    /** Provider option: seconds a webhook's timestamp may be from now (unverified; default 300). */
    public static final String WEBHOOK_TOLERANCE_SECONDS = "webhookToleranceSeconds";

    private FalOptions() {
    }
}
