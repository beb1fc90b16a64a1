package dev.imagegen.internal.client;

import dev.imagegen.ImageClient;
import dev.imagegen.internal.http.HttpPipeline;

import java.util.Objects;
import java.util.function.Function;

/**
 * Reaches a client's internals from tests and diagnostics without widening the public API: {@link ImageClient}
 * registers how to get at its core once, when the class initialises (the JDK's "shared secrets" pattern). This
 * package is not exported by the module, so only class-path code (the SDK's own integration tests) can call it.
 */
public final class ClientInternals {

    private static volatile Function<ImageClient, ClientCore> engines;

    private ClientInternals() {
    }

    /** Called once by {@link ImageClient}'s static initialiser; a second call is refused. */
    public static synchronized void register(Function<ImageClient, ClientCore> accessor) {
        if (engines != null) {
            throw new IllegalStateException("already registered");
        }
        engines = Objects.requireNonNull(accessor, "accessor");
    }

    /** What the client's HTTP layer holds right now: calls in flight or queued, pooled connections, threads. */
    public static HttpPipeline.Stats transportStats(ImageClient client) {
        Objects.requireNonNull(client, "client");
        return engines.apply(client).transportStats();
    }
}
