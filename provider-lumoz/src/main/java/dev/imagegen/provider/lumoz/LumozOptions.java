package dev.imagegen.provider.lumoz;

/**
 * Names of the LumozAI provider options. Set them with {@code ImageClient.Builder.providerOption("lumoz", name, value)},
 * the system property {@code imagegen.lumoz.<name>} or the environment variable {@code LUMOZ_<NAME>} (upper snake
 * case, e.g. {@code LUMOZ_CHECK_PATH}).
 *
 * <p>The check endpoint is <b>unverified</b>: LumozAI documents only {@code POST /api/v4/run} and says a long job may
 * answer with just a {@code request_id}. Where and how to ask about such a job is a guess, so both the path and the
 * method are options.
 */
public final class LumozOptions {

    /**
     * The path of the endpoint that reports on a job the run endpoint answered with only a {@code request_id}.
     * Default {@value #DEFAULT_CHECK_PATH} (<b>unverified</b>). A {@code {request_id}} placeholder in the path is
     * replaced by the job id.
     */
    public static final String CHECK_PATH = "checkPath";

    /** The default of {@link #CHECK_PATH}. */
    public static final String DEFAULT_CHECK_PATH = "/api/v4/check";

    /**
     * How the check endpoint is called: {@code POST} (the default; form field {@code request_id}) or {@code GET}
     * (query parameter {@code request_id}). <b>Unverified.</b>
     */
    public static final String CHECK_METHOD = "checkMethod";

    /** The default of {@link #CHECK_METHOD}. */
    public static final String DEFAULT_CHECK_METHOD = "POST";

    /**
     * The USD price of one {@code flux-cute-3d-kawaii} generation, used for the result's estimated cost. LumozAI
     * prices the model per generation but its page does not show the amount: default
     * {@value #DEFAULT_FLUX_PRICE_PER_IMAGE} (<b>unverified</b>, an estimate close to what FLUX.1-dev LoRA inference
     * costs elsewhere).
     */
    public static final String FLUX_PRICE_PER_IMAGE = "fluxPricePerImage";

    /** The default of {@link #FLUX_PRICE_PER_IMAGE}. */
    public static final String DEFAULT_FLUX_PRICE_PER_IMAGE = "0.03";

    private LumozOptions() {
    }
}
