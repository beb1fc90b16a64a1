package dev.imagegen.internal;

import dev.imagegen.ModelInfo;
import dev.imagegen.internal.http.Target;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.spi.ProviderConfig;

import java.util.List;
import java.util.Optional;

/**
 * One provider as a client runs it: its factory, its instance, its config, where its requests go, its models, and the
 * user's webhook secret for it (a secret: never shown).
 */
public record ConfiguredProvider(ImageProviderFactory factory, ImageProvider provider, ProviderConfig config, Target target,
                                 List<ModelInfo> models, String webhookSecret) {

    @Override
    public String toString() {
        return "ConfiguredProvider{" + id() + ", " + target + ", webhookSecret=" + Redaction.secret(webhookSecret) + "}";
    }

    /** The provider id. */
    public String id() {
        return factory.id();
    }

    /** The model {@code modelId} names (canonical or vendor id), if this provider serves it. */
    public Optional<ModelInfo> model(String modelId) {
        return models.stream().filter(m -> m.matches(modelId)).findFirst();
    }
}
