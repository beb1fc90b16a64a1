package dev.imagegen.internal.client;

import dev.imagegen.Cost;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageSize;
import dev.imagegen.ModelInfo;
import dev.imagegen.internal.ConfiguredProvider;
import dev.imagegen.spi.ProviderResult;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Costs from the price formulas (the catalog's, or the one the client configured for the model, see
 * {@link ConfiguredProvider#priceOf}): what a plan or a call is estimated at, and what a finished call cost.
 */
final class Pricing {

    private Pricing() {
    }

    /** The catalog estimate of all of a plan's calls; empty without a price. */
    static Optional<Cost> estimateOf(Route.Plan p) {
        Cost total = null;
        for (ImageRequest call : p.calls()) {
            Cost c = estimate(p.cp(), p.model(), call);
            if (c == null) {
                return Optional.empty();
            }
            total = total == null ? c : total.plus(c);
        }
        return Optional.ofNullable(total);
    }

    /** The catalog estimate of one call, or null without a price. */
    static Cost estimate(ConfiguredProvider cp, ModelInfo model, ImageRequest call) {
        ImageSize size = call.size().orElse(model.defaultSize().orElse(null));
        return cp.priceOf(model).map(p -> p.estimate(call.count(), size, null)).orElse(null);
    }

    /**
     * What a finished call cost: the vendor's reported cost, else the catalog estimate with the real generation time;
     * null when unknown. Without a request (a job's or a webhook's result) the catalog's default size prices it.
     */
    static Cost costOf(ConfiguredProvider cp, ModelInfo model, ImageRequest call, ProviderResult pr) {
        if (pr.cost() != null) {
            return pr.cost();
        }
        ImageSize size = call != null && call.size().isPresent() ? call.size().get() : model.defaultSize().orElse(null);
        return cp.priceOf(model).map(p -> p.estimate(Math.max(1, pr.images().size()), size, pr.inferenceTime())).orElse(null);
    }

    /** {@link #costOf} in USD, or null. */
    static BigDecimal amountOf(ConfiguredProvider cp, ModelInfo model, ImageRequest call, ProviderResult pr) {
        Cost c = costOf(cp, model, call, pr);
        return c == null ? null : c.amount();
    }
}
