package dev.imagegen.testing;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ProgressListener;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The two ways of calling the client, for tests that must hold in both: {@code generate} on the calling thread, or
 * {@code generateAsync} and waiting for its future. Failures come out the same way in both: the SDK's exception.
 */
public enum CallMode {
    BLOCKING, ASYNC;

    /** Generates in this mode, waiting at most 30 s for an asynchronous result. */
    public ImageResult generate(ImageClient client, ImageRequest request) {
        return generate(client, request, ProgressListener.NONE);
    }

    /** Generates in this mode with a progress listener. */
    public ImageResult generate(ImageClient client, ImageRequest request, ProgressListener progress) {
        if (this == BLOCKING) {
            return client.generate(request, progress);
        }
        try {
            return client.generateAsync(request, progress).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new AssertionError(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no outcome within 30 s", e);
        }
    }

    /**
     * Starts a generation without waiting: the future of {@code generateAsync}, or a blocking {@code generate} run on
     * one of {@code threads} (give it a thread per call, so every call is blocked at once).
     */
    public CompletableFuture<ImageResult> start(ImageClient client, ImageRequest request, Executor threads) {
        if (this == ASYNC) {
            return client.generateAsync(request);
        }
        return CompletableFuture.supplyAsync(() -> client.generate(request), threads);
    }
}
