package dev.imagegen.internal.client;

import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.ModelInfo;
import dev.imagegen.WebhookDelivery;
import dev.imagegen.WebhookVerificationException;
import dev.imagegen.internal.ConfiguredProvider;
import dev.imagegen.internal.ImageCheck;
import dev.imagegen.internal.Redaction;
import dev.imagegen.internal.http.BytesWireResponse;
import dev.imagegen.internal.http.Exchange;
import dev.imagegen.internal.http.HttpPipeline;
import dev.imagegen.internal.op.ClientLifecycle;
import dev.imagegen.internal.op.Futures;
import dev.imagegen.internal.op.OperationFuture;
import dev.imagegen.spi.JobUpdate;
import dev.imagegen.spi.ProviderResult;
import dev.imagegen.spi.WebhookVerifier;
import dev.imagegen.spi.WireRequest;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code parseWebhook}: a delivery the vendor POSTed to the user's server, its signature checked with the provider's
 * {@link WebhookVerifier} (the user's webhook secret, or the vendor's public keys, fetched through the pipeline and
 * kept for the verifier's max age), then read as the update a final poll would give; {@code parseUnverifiedWebhook}
 * is the explicit opt-out that skips the check.
 */
final class Webhooks {

    private static final Duration KEYS_TIMEOUT = Duration.ofSeconds(30);

    private record Keys(byte[] body, long fetchedAtMillis) {
    }

    private final ProviderSet providers;
    private final ResultAssembler assembler;
    private final HttpPipeline pipeline;
    private final ClientLifecycle lifecycle;
    private final Redaction redaction;
    private final Map<String, Keys> keys = new ConcurrentHashMap<>();

    Webhooks(ProviderSet providers, ResultAssembler assembler, HttpPipeline pipeline, ClientLifecycle lifecycle) {
        this.providers = providers;
        this.assembler = assembler;
        this.pipeline = pipeline;
        this.lifecycle = lifecycle;
        this.redaction = pipeline.redaction();
    }

    /** Checks the delivery's signature, then reads it. */
    ImageResult parseVerified(String providerId, WebhookDelivery delivery) {
        ConfiguredProvider cp = configured(providerId);
        WebhookVerifier v = cp.provider().webhookVerifier().orElseThrow(() -> InvalidRequestException.forField(providerId,
                "provider", providerId + " does not sign its webhooks, so nothing can prove one came from it; read it with"
                        + " parseUnverifiedWebhook if your own infrastructure authenticates the sender", List.of()));
        if (v.needsSecret() && cp.webhookSecret() == null) {
            throw InvalidRequestException.forField(providerId, "webhookSecret", "no webhook secret is configured for "
                    + providerId + ": set " + cp.factory().envPrefix() + "_WEBHOOK_SECRET, the system property imagegen."
                    + providerId + ".webhookSecret or ImageClient.Builder.webhookSecret", List.of());
        }
        byte[] body = delivery.body();
        if (v.keysRequest().isEmpty()) {
            verify(cp, v, delivery, null);
        } else {
            try {
                verify(cp, v, delivery, keys(cp, v, false));
            } catch (WebhookVerificationException e) {
                // the vendor may have rotated its keys since they were fetched: one fresh fetch, one more check
                verify(cp, v, delivery, keys(cp, v, true));
            }
        }
        return parse(cp, body);
    }

    /** Reads a payload without checking where it came from. */
    ImageResult parse(String providerId, byte[] payload) {
        return parse(configured(providerId), payload);
    }

    private void verify(ConfiguredProvider cp, WebhookVerifier v, WebhookDelivery delivery, byte[] keyDocument) {
        try {
            v.verify(delivery, cp.webhookSecret(), keyDocument, lifecycle.clock().instant());
        } catch (WebhookVerificationException e) {
            throw (WebhookVerificationException) redaction.scrub(e);
        } catch (RuntimeException e) {
            throw new WebhookVerificationException(new ImageGenerationException.Details("the webhook's signature could not be"
                    + " checked: " + redaction.scrub(String.valueOf(e.getMessage())), cp.id(), -1, null, null, null));
        }
    }

    private byte[] keys(ConfiguredProvider cp, WebhookVerifier v, boolean fresh) {
        Keys k = keys.get(cp.id());
        long now = lifecycle.clock().millis();
        if (!fresh && k != null && now - k.fetchedAtMillis() < v.keysMaxAge().toMillis()) {
            return k.body();
        }
        WireRequest request = v.keysRequest().orElseThrow();
        OperationFuture<byte[]> f = lifecycle.start(cp.id(), KEYS_TIMEOUT, 0, null, true);
        pipeline.send(Exchange.api(cp.target(), request, f.operation(), cp.provider()::mapError, w -> w.bodyBytes()))
                .whenComplete(f::completeFrom);
        byte[] body = Futures.await(f, cp.id());
        keys.put(cp.id(), new Keys(body, now));
        return body;
    }

    private ImageResult parse(ConfiguredProvider cp, byte[] payload) {
        String providerId = cp.id();
        long start = System.nanoTime();
        JobUpdate u;
        try {
            u = cp.provider().parseWebhook(BytesWireResponse.json(payload));
        } catch (UnsupportedOperationException e) {
            throw InvalidRequestException.forField(providerId, "provider", providerId + " sends no webhooks", List.of());
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw redaction.scrub(new InvalidResponseException(new ImageGenerationException.Details(
                    "unreadable webhook payload: " + e.getMessage(), providerId, -1, null, null, null), e));
        }
        if (u.error() != null) {
            throw redaction.scrub(u.error());
        }
        if (u.result() == null) {
            throw new InvalidResponseException(new ImageGenerationException.Details(
                    "the webhook payload reports a job that has not ended (" + u.status() + ")", providerId, -1, null, null, null), null);
        }
        ProviderResult checked;
        try {
            checked = ImageCheck.result(u.result());
        } catch (ImageCheck.NotAnImageException e) {
            throw redaction.scrub(new InvalidResponseException(new ImageGenerationException.Details(
                    "the webhook payload holds no usable image: " + e.getMessage(), providerId, -1, null, null, null), e));
        }
        String modelId = checked.modelId();
        ModelInfo model = modelId == null ? cp.models().get(0) : cp.model(modelId).orElse(cp.models().get(0));
        return assembler.ofWebhook(cp, model, checked, start);
    }

    private ConfiguredProvider configured(String providerId) {
        return providers.find(providerId).orElseThrow(() -> InvalidRequestException.forField(providerId, "provider", "'"
                + providerId + "' is not configured in this client", providers.ids()));
    }
}
