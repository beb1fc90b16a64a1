package dev.imagegen.provider.segmind;

/**
 * The provider options of the Segmind provider: their names and defaults. Set them with
 * {@code ImageClient.builder().providerOption("segmind", NAME, value)}, the system property
 * {@code imagegen.segmind.NAME}, or the environment variable {@code SEGMIND_<NAME in upper snake case>} (e.g.
 * {@code SEGMIND_QUEUE=true}, {@code SEGMIND_V2_STATUS_PATH=...}).
 *
 * <p>The v2 queue's paths and its result body are <strong>unverified</strong> (taken from the vendor's docs summary, not
 * from a recorded exchange): that is why the paths are options. Path templates take {@code {model}} (the vendor model
 * id, e.g. {@code hidream-l1-fast}) or {@code {id}} (the vendor's request id) and are relative to the base URL.
 */
public final class SegmindOptions {

    /**
     * {@code "true"} sends generations through the v2 queue (submit, then poll the status, then fetch the result) instead
     * of the synchronous v1 call that answers with the image. Default {@code false}.
     */
    public static final String QUEUE = "queue";

    /** The v2 submit path template (unverified). Default {@value #DEFAULT_V2_SUBMIT_PATH}. */
    public static final String V2_SUBMIT_PATH = "v2SubmitPath";

    /** The v2 status path template (unverified). Default {@value #DEFAULT_V2_STATUS_PATH}. */
    public static final String V2_STATUS_PATH = "v2StatusPath";

    /** The v2 result path template (unverified). Default {@value #DEFAULT_V2_RESULT_PATH}. */
    public static final String V2_RESULT_PATH = "v2ResultPath";

    /** Default of {@link #V2_SUBMIT_PATH}. */
    public static final String DEFAULT_V2_SUBMIT_PATH = "/v2/{model}";

    /** Default of {@link #V2_STATUS_PATH}. */
    public static final String DEFAULT_V2_STATUS_PATH = "/v2/requests/{id}/status";

    /** Default of {@link #V2_RESULT_PATH}. */
    public static final String DEFAULT_V2_RESULT_PATH = "/v2/requests/{id}";

    private SegmindOptions() {
    }
}
