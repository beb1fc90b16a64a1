package dev.imagegen.internal.client;

import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageResult;
import dev.imagegen.internal.Listeners;
import dev.imagegen.internal.op.Futures;

import java.time.Duration;

/** A request's start and end, as the client's listener hears them (once each per generate, submit or resume). */
final class RequestEvents {

    private final ImageEventListener listener;

    RequestEvents(ImageEventListener listener) {
        this.listener = listener;
    }

    // each method returns first when no listener is set: the event's lambda would otherwise be spun, as a class, on
    // a fresh JVM's first request, to be dropped

    void started(long operationId, String provider, String model, int count) {
        if (listener == ImageEventListener.NONE) {
            return;
        }
        Listeners.safely(listener, l -> l.requestStarted(new ImageEventListener.RequestStarted(operationId, provider, model, count)));
    }

    /** The end: its result, or its error; a cancellation (or any non-SDK error) ends with neither. */
    void ended(long operationId, String provider, String model, long startNanos, ImageResult result, Throwable error) {
        if (listener == ImageEventListener.NONE) {
            return;
        }
        Throwable cause = error == null ? null : Futures.unwrap(error);
        ImageGenerationException e = cause instanceof ImageGenerationException ige ? ige : null;
        String servedBy = result != null ? result.provider() : e != null ? e.providerId().orElse(provider) : provider;
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        Listeners.safely(listener, l -> l.requestEnded(new ImageEventListener.RequestEnded(operationId, servedBy, model,
                elapsed, result, e)));
    }
}
