package dev.imagegen.it;

import dev.imagegen.ImageClient;
import dev.imagegen.internal.client.ClientInternals;

/** Reads what {@link ClientInternals} exposes about a client, in the terms the tests assert. */
final class ClientInternalsView {

    private ClientInternalsView() {
    }

    /** Whether the client's dispatcher pool has terminated (after close, once its threads ended). */
    static boolean terminated(ImageClient client) {
        return ClientInternals.transportStats(client).dispatcherTerminated();
    }
}
