package dev.imagegen.spi;

import dev.imagegen.WebhookDelivery;
import dev.imagegen.WebhookVerificationException;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a vendor signs its webhooks, for the core to check a delivery before the provider reads it. Pure computation:
 * the core fetches the vendor's public keys when {@link #keysRequest} names them (through its pipeline, cached for
 * {@link #keysMaxAge}), and holds the user's webhook secret.
 */
public interface WebhookVerifier {

    /**
     * Where the vendor publishes the keys its webhooks are signed with (e.g. a JWKS document), when it signs with public
     * keys; empty (the default) when it signs with a shared secret the user configures.
     *
     * @return the request that fetches the keys, or empty for a shared-secret scheme
     */
    default Optional<WireRequest> keysRequest() {
        return Optional.empty();
    }

    /**
     * How long fetched keys are kept before they are fetched again.
     *
     * @return the cache lifetime of fetched keys; 24 hours by default
     */
    default java.time.Duration keysMaxAge() {
        return java.time.Duration.ofHours(24);
    }

    /**
     * Whether verifying needs the user's webhook secret (a shared-secret scheme).
     *
     * @return true if {@link #verify} needs the user's webhook secret; by default, when there is no
     *         {@link #keysRequest()}
     */
    default boolean needsSecret() {
        return keysRequest().isEmpty();
    }

    /**
     * Checks {@code delivery}; returns normally only when its signature proves it came from the vendor and is fresh.
     *
     * @param secret the user's webhook secret for this provider, or null when {@link #needsSecret()} is false
     * @param keys   the body of the answer to {@link #keysRequest}, or null when there is none
     * @param now    the client's clock, for the replay window
     * @param delivery the delivery as received: headers and the raw body
     * @throws WebhookVerificationException naming what is wrong (missing header, bad signature, stale timestamp)
     */
    void verify(WebhookDelivery delivery, @Nullable String secret, byte @Nullable [] keys, Instant now);
}
