package dev.imagegen.provider.lumenfall;

/**
 * Names of the Lumenfall provider options, set with
 * {@code ImageClient.builder().providerOption("lumenfall", NAME, value)}, the system property
 * {@code imagegen.lumenfall.NAME}, or the environment variable {@code LUMENFALL_<NAME>} in upper snake case.
 *
 * <p>Some options exist because the SDK could not verify a Lumenfall fact; each says so.
 */
public final class LumenfallOptions {

    /**
     * How images come back: {@code url} (the default; the SDK downloads them lazily, without credentials) or
     * {@code b64_json} (inline, decoded while the answer streams in). Sent as {@code response_format}. A request can
     * still override it with the raw field {@code response_format} in its Lumenfall provider options.
     */
    public static final String RESPONSE_FORMAT = "responseFormat";

    /**
     * The multipart field name used for the images of an edit that sends several of them. Default {@code image[]},
     * as the OpenAI specification's examples and OpenAI's official clients send arrays. A single image always goes
     * as {@code image}. <b>Unverified</b> for Lumenfall: its pages only show single-image edits, so this is
     * configurable (e.g. {@code image} to repeat the plain name).
     */
    public static final String MULTI_IMAGE_FIELD = "multiImageField";

    /**
     * A JSON pointer (e.g. {@code /estimate/total_usd}) to the amount in the answer to a {@code ?dryRun=true}
     * request. <b>Unverified</b>: Lumenfall does not document the dry-run answer, so by default the provider searches
     * it for the usual names ({@code estimated_cost}, {@code cost}, {@code amount}, ...). Set this once the real shape
     * is known.
     */
    public static final String ESTIMATE_COST_POINTER = "estimateCostPointer";

    private LumenfallOptions() {
    }
}
