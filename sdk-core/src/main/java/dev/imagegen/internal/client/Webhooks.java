package dev.imagegen.internal.client;

import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.ModelInfo;
import dev.imagegen.internal.ConfiguredProvider;
import dev.imagegen.internal.Redaction;
import dev.imagegen.internal.http.BytesWireResponse;
import dev.imagegen.spi.JobUpdate;

import java.io.UncheckedIOException;
import java.util.List;

/** {@code parseWebhook}: a payload the vendor POSTed to the user's server, read as the update a final poll would give. */
final class Webhooks {

    private final ProviderSet providers;
    private final ResultAssembler assembler;
    private final Redaction redaction;

    Webhooks(ProviderSet providers, ResultAssembler assembler, Redaction redaction) {
        this.providers = providers;
        this.assembler = assembler;
        this.redaction = redaction;
    }

    ImageResult parse(String providerId, byte[] payload) {
        ConfiguredProvider cp = providers.find(providerId).orElseThrow(() -> InvalidRequestException.forField(providerId,
                "provider", "'" + providerId + "' is not configured in this client", providers.ids()));
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
        String modelId = u.result().modelId();
        ModelInfo model = modelId == null ? cp.models().get(0) : cp.model(modelId).orElse(cp.models().get(0));
        return assembler.ofJob(cp, model, u.result(), start, 0);
    }
}
