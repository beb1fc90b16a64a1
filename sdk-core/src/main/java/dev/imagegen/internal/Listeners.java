package dev.imagegen.internal;

import dev.imagegen.ImageEventListener;

import java.util.function.Consumer;

/** Calls listeners so that one that throws cannot break a request. */
public final class Listeners {


    private Listeners() {
    }

    /** Runs {@code call}; logs and swallows what it throws, because listeners must not change the outcome. */
    public static void safely(ImageEventListener listener, Consumer<ImageEventListener> call) {
        if (listener == ImageEventListener.NONE) {
            return;
        }
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            Logs.EVENTS.warn("event listener {} threw; ignored", listener.getClass().getName(), e);
        }
    }
}
