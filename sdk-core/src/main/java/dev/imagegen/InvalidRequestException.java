package dev.imagegen;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The request cannot be served as written. Thrown by the SDK's own validation before anything is sent (then
 * {@link #field()} names the field and {@link #allowed()} what it may be), or by the vendor (HTTP 400, 422).
 */
public class InvalidRequestException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /** The request field at fault, or null. */
    private final @Nullable String field;
    /** What the field may be; empty when not known. */
    private final List<String> allowed;

    /**
     * A vendor-side rejection.
     *
     * @param details what is known of the rejection, with the vendor's code and text
     * @param cause   the underlying failure, or null
     */
    public InvalidRequestException(Details details, @Nullable Throwable cause) {
        this(details, null, List.of(), cause);
    }

    /**
     * A rejection of one field, with the values it may take.
     *
     * @param details what is known of the rejection
     * @param field   the request field at fault (e.g. {@code size}, {@code providerOptions.fal.image_size}), or null
     * @param allowed the values or range the field may take, as text; empty when not known; copied
     * @param cause   the underlying failure, or null
     */
    public InvalidRequestException(Details details, @Nullable String field, List<String> allowed,
                                   @Nullable Throwable cause) {
        super(details, false, cause);
        this.field = field;
        this.allowed = List.copyOf(allowed);
    }

    /**
     * A client-side validation failure: {@code field} names the {@link ImageRequest} field, {@code allowed} lists what it
     * may be (values or a range, as text).
     *
     * @param providerId the provider whose limits the request broke, or null for a check common to all
     * @param field      the {@link ImageRequest} field, e.g. {@code count}
     * @param problem    what is wrong, e.g. {@code "must be at most 4"}
     * @param allowed    the values or range allowed, as text; may be empty
     * @return the exception, for the caller to throw; not retryable, no HTTP status
     */
    public static InvalidRequestException forField(@Nullable String providerId, String field, String problem, List<String> allowed) {
        String summary = field + ": " + problem + (allowed.isEmpty() ? "" : "; allowed: " + String.join(", ", allowed));
        return new InvalidRequestException(new Details(summary, providerId, -1, null, null, null), field, allowed, null);
    }

    /**
     * The request field at fault, when the SDK's validation found it.
     *
     * @return the field's name, or empty for a vendor rejection that named none
     */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /**
     * What the field may be: enumerated values, or one range such as {@code "1..100"}. Empty when not known.
     *
     * @return the allowed values or range, unmodifiable
     */
    public List<String> allowed() {
        return allowed;
    }
}
