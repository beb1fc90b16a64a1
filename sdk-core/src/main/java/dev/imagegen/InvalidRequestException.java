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

    private final @Nullable String field;
    private final List<String> allowed;

    /** A vendor-side rejection. */
    public InvalidRequestException(Details details, @Nullable Throwable cause) {
        this(details, null, List.of(), cause);
    }

    /** A rejection of one field, with the values it may take. */
    public InvalidRequestException(Details details, @Nullable String field, List<String> allowed,
                                   @Nullable Throwable cause) {
        super(details, false, cause);
        this.field = field;
        this.allowed = List.copyOf(allowed);
    }

    /**
     * A client-side validation failure: {@code field} names the {@link ImageRequest} field, {@code allowed} lists what it
     * may be (values or a range, as text).
     */
    public static InvalidRequestException forField(@Nullable String providerId, String field, String problem, List<String> allowed) {
        String summary = field + ": " + problem + (allowed.isEmpty() ? "" : "; allowed: " + String.join(", ", allowed));
        return new InvalidRequestException(new Details(summary, providerId, -1, null, null, null), field, allowed, null);
    }

    /** The request field at fault, when the SDK's validation found it. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** What the field may be: enumerated values, or one range such as {@code "1..100"}. Empty when not known. */
    public List<String> allowed() {
        return allowed;
    }
}
