package dev.imagegen.internal.http;

import dev.imagegen.ImageGenerationException;

import java.time.Duration;

/**
 * One attempt's outcome: a value, or a typed error with whether the retry rules allow another attempt and the wait the
 * server asked for.
 */
record Outcome<T>(T value, ImageGenerationException error, boolean retryable, Duration retryAfter, String reason) {

    static <T> Outcome<T> success(T value) {
        return new Outcome<>(value, null, false, null, null);
    }

    static <T> Outcome<T> failure(ImageGenerationException e, boolean retryable, Duration retryAfter, String reason) {
        return new Outcome<>(null, e, retryable, retryAfter, reason);
    }

    boolean isSuccess() {
        return error == null;
    }
}
