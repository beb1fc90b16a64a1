package dev.imagegen;

import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The root of every error the SDK throws. Unchecked. Each carries what is known of the failure: the provider, the HTTP
 * status, the vendor's own error code and message, the request id, and whether retrying the same request is safe.
 * The message always ends with the request id when there is one, so a log line is enough to ask the vendor.
 *
 * <p>Subclasses say what happened; catch the ones you handle and let the rest travel.
 */
public class ImageGenerationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static {
        // lets the core attach a job's ref to an error raised after the vendor accepted the job (see jobRef())
        dev.imagegen.internal.ErrorAccess.register((e, ref) -> e.jobRef = ref);
    }

    /**
     * What is known of a failure. Every field but {@code summary} may be null (or -1 for the status).
     *
     * @param summary       one line, in the SDK's words, saying what went wrong
     * @param providerId    the provider id, e.g. {@code "segmind"}
     * @param httpStatus    the HTTP status, or -1 when there was no response
     * @param vendorCode    the vendor's machine-readable error code, if it sent one
     * @param vendorMessage the vendor's human-readable error text, if it sent one
     * @param requestId     the vendor's request or job id, if known
     */
    public record Details(String summary, @Nullable String providerId, int httpStatus, @Nullable String vendorCode,
                          @Nullable String vendorMessage, @Nullable String requestId) {

        /**
         * Details with only a summary.
         *
         * @param summary one line, in the SDK's words, saying what went wrong
         * @return details with no provider, status (-1), vendor code, vendor message or request id
         */
        public static Details of(String summary) {
            return new Details(summary, null, -1, null, null, null);
        }

        /**
         * A copy with the provider id set.
         *
         * @param id the provider id, e.g. {@code "segmind"}
         * @return a copy with {@code providerId} replaced
         */
        public Details withProvider(String id) {
            return new Details(summary, id, httpStatus, vendorCode, vendorMessage, requestId);
        }

        /**
         * A copy with the request id set.
         *
         * @param id the vendor's request or job id, or null to clear it
         * @return a copy with {@code requestId} replaced
         */
        public Details withRequestId(@Nullable String id) {
            return new Details(summary, providerId, httpStatus, vendorCode, vendorMessage, id);
        }
    }

    /** What is known of the failure. */
    private final Details details;
    /** Whether sending the same request again is safe, before a job ref is considered. */
    private final boolean retryable;
    /** The ref of the paid job the vendor had accepted, or null. */
    private volatile @Nullable String jobRef;

    /**
     * An error with these details; {@code retryable} says whether sending the same request again is safe.
     *
     * @param details   what is known of the failure; the message is made from it
     * @param retryable true if sending the same request again cannot bill twice and may succeed
     * @param cause     the underlying failure, or null
     */
    public ImageGenerationException(Details details, boolean retryable, @Nullable Throwable cause) {
        super(format(details), cause);
        this.details = details;
        this.retryable = retryable;
    }

    /**
     * An error that leaves a paid job at the vendor, resumable from {@code jobRef} (null: none).
     *
     * @param details   what is known of the failure; the message is made from it
     * @param retryable true if sending the same request again is safe (ignored while a job ref is set)
     * @param cause     the underlying failure, or null
     * @param jobRef    the ref of the paid job the vendor had accepted, or null when none was
     */
    protected ImageGenerationException(Details details, boolean retryable, @Nullable Throwable cause,
                                       @Nullable String jobRef) {
        this(details, retryable, cause);
        this.jobRef = jobRef;
    }

    private static String format(Details d) {
        StringBuilder sb = new StringBuilder();
        if (d.providerId() != null) {
            sb.append('[').append(d.providerId()).append("] ");
        }
        sb.append(d.summary());
        if (d.httpStatus() > 0) {
            sb.append(" (HTTP ").append(d.httpStatus());
            if (d.vendorCode() != null) {
                sb.append(' ').append(d.vendorCode());
            }
            sb.append(')');
        } else if (d.vendorCode() != null) {
            sb.append(" (").append(d.vendorCode()).append(')');
        }
        if (d.vendorMessage() != null && !d.vendorMessage().isBlank() && !d.summary().contains(d.vendorMessage())) {
            sb.append(": ").append(d.vendorMessage());
        }
        if (d.requestId() != null) {
            sb.append(" [request id: ").append(d.requestId()).append(']');
        }
        return sb.toString();
    }

    /**
     * All the details in one value, e.g. to copy into a wrapping exception.
     *
     * @return the details this error was made with
     */
    public Details details() {
        return details;
    }

    /**
     * The provider id, when the error came from (or was bound for) one provider.
     *
     * @return the provider id, e.g. {@code "fal"}, or empty when no provider was involved
     */
    public Optional<String> providerId() {
        return Optional.ofNullable(details.providerId());
    }

    /**
     * The HTTP status, when the vendor answered.
     *
     * @return the HTTP status, or empty when there was no answer (connection failures, client-side validation)
     */
    public OptionalInt httpStatus() {
        return details.httpStatus() > 0 ? OptionalInt.of(details.httpStatus()) : OptionalInt.empty();
    }

    /**
     * The vendor's error code, e.g. Lumenfall's {@code INSUFFICIENT_BALANCE}.
     *
     * @return the vendor's code, or empty when it sent none
     */
    public Optional<String> vendorCode() {
        return Optional.ofNullable(details.vendorCode());
    }

    /**
     * The vendor's error text, unchanged.
     *
     * @return the vendor's text, or empty when it sent none
     */
    public Optional<String> vendorMessage() {
        return Optional.ofNullable(details.vendorMessage());
    }

    /**
     * The vendor's request or job id.
     *
     * @return the id to quote to the vendor, or empty when unknown
     */
    public Optional<String> requestId() {
        return Optional.ofNullable(details.requestId());
    }

    /**
     * Whether sending the same request again is safe: it will not bill twice and may succeed. The SDK already retried
     * what its retry policy allows before throwing. Never true when {@link #jobRef()} is present: the job exists, so
     * resume it instead of submitting again.
     *
     * @return true if a new attempt of the same request is safe
     */
    public boolean isRetryable() {
        return retryable && jobRef == null;
    }

    /**
     * The ref of the paid job the vendor had accepted before this failure, which does not prove the job failed (a
     * poll that kept failing, a deadline, a closed client): {@link ImageClient#resume(String)} picks it up without
     * paying again. Empty when no job was accepted, or when the vendor said the job failed.
     *
     * @return the job's ref, or empty
     */
    public Optional<String> jobRef() {
        return Optional.ofNullable(jobRef);
    }

    /** The message; when a job was accepted, it says to resume the job rather than submit again. */
    @Override
    public String getMessage() {
        String m = java.util.Objects.requireNonNullElse(super.getMessage(), "");
        if (jobRef == null || m.contains("resume")) {
            return m;
        }
        return m + " (the vendor had accepted the job: resume it with jobRef(), do not submit it again)";
    }
}
