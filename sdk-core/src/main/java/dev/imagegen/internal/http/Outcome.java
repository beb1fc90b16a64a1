package dev.imagegen.internal.http;

import dev.imagegen.ImageGenerationException;

import java.time.Duration;

/**
 * One attempt's outcome: a value, or a typed error with whether the retry rules allow another attempt, the wait the
 * server asked for, and the vendor's request id of the answer (from a {@code *request-id} header or the error).
 */
record Outcome<T>(T value, ImageGenerationException error, boolean retryable, Duration retryAfter, String reason,
                  String requestId) {

    static <T> Outcome<T> success(T value) {
        return new Outcome<>(value, null, false, null, null, null);
    }

    static <T> Outcome<T> failure(ImageGenerationException e, boolean retryable, Duration retryAfter, String reason) {
        return new Outcome<>(null, e, retryable, retryAfter, reason, e.requestId().orElse(null));
    }

    boolean isSuccess() {
        return error == null;
    }
}
