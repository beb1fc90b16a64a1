package dev.imagegen.internal;

import dev.imagegen.ModelInfo;
import dev.imagegen.PriceFormula;
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
                                 List<ModelInfo> models, String webhookSecret, java.util.Map<String, PriceFormula> prices) {

    /** The price formula of {@code model}: the one the client configured for it, else the catalog's. */
    public Optional<PriceFormula> priceOf(ModelInfo model) {
        PriceFormula configured = prices.get(model.id());
        return configured != null ? Optional.of(configured) : model.price();
    }

    /** Whether the client configured the price of {@code model}: then it prices estimates too, not the vendor's dry run. */
    public boolean pricedByClient(ModelInfo model) {
        return prices.containsKey(model.id());
    }

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
        for (ModelInfo m : models) { // a loop: this runs on every request
            if (m.matches(modelId)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
