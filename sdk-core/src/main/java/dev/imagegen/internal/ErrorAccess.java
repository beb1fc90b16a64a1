package dev.imagegen.internal;

import dev.imagegen.ImageGenerationException;

import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Lets the core attach a job's ref to an error after it was made, without a public setter (the JDK's "shared secrets"
 * pattern): {@link ImageGenerationException} registers how once, when its class initialises.
 */
public final class ErrorAccess {

    private static volatile BiConsumer<ImageGenerationException, String> jobRefs;

    private ErrorAccess() {
    }

    /** Called once by {@link ImageGenerationException}'s static initialiser. */
    public static synchronized void register(BiConsumer<ImageGenerationException, String> setter) {
        if (jobRefs != null) {
            throw new IllegalStateException("already registered");
        }
        jobRefs = Objects.requireNonNull(setter, "setter");
    }

    /**
     * Marks {@code e} as leaving the paid job {@code ref} at the vendor: it then reports the ref and is not retryable.
     * An error that already carries a ref keeps it.
     */
    public static <E extends ImageGenerationException> E withJobRef(E e, String ref) {
        if (ref != null && e.jobRef().isEmpty()) {
            jobRefs.accept(e, ref);
        }
        return e;
    }
}
