package dev.imagegen.internal.client;

import dev.imagegen.Cost;
import dev.imagegen.ImageRequest;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.internal.ConfiguredProvider;
import dev.imagegen.internal.http.Exchange;
import dev.imagegen.internal.http.HttpPipeline;
import dev.imagegen.internal.op.ClientLifecycle;
import dev.imagegen.internal.op.Futures;
import dev.imagegen.internal.op.OperationFuture;
import dev.imagegen.spi.WireRequest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code estimate}: what a request would cost on the provider routing puts first, from the vendor's own estimate
 * endpoint (a dry run, sent through the pipeline like any request, never paid) or else the catalog's price formula.
 * A price the client configured for the model wins over both: it is what results' estimated costs use, so an estimate
 * and the cost of the same request come from one source.
 */
final class Estimates {

    private final Router router;
    private final HttpPipeline pipeline;
    private final ClientLifecycle lifecycle;
    private final Duration defaultTimeout;

    Estimates(Router router, HttpPipeline pipeline, ClientLifecycle lifecycle, Duration defaultTimeout) {
        this.router = router;
        this.pipeline = pipeline;
        this.lifecycle = lifecycle;
        this.defaultTimeout = defaultTimeout;
    }

    Cost estimate(ImageRequest r) {
        Route.Plan plan = router.route(r).primary();
        ConfiguredProvider cp = plan.cp();
        Cost total = null;
        for (ImageRequest call : plan.calls()) {
            Optional<WireRequest> wire = cp.pricedByClient(plan.model()) ? Optional.empty()
                    : cp.provider().estimateRequest(call, plan.model());
            Cost c;
            if (wire.isPresent()) {
                if (wire.get().paid()) {
                    throw new IllegalStateException(cp.id() + " marked its estimate request as paid");
                }
                OperationFuture<Cost> f = lifecycle.start(cp.id(), call.timeout().orElse(defaultTimeout), 0, null, true);
                pipeline.send(Exchange.api(cp.target(), wire.get(), f.operation(), cp.provider()::mapError,
                        w -> cp.provider().parseEstimate(w))).whenComplete(f::completeFrom);
                c = Cost.estimated(Futures.await(f, cp.id()).amount());
            } else {
                c = Pricing.estimate(cp, plan.model(), call);
                if (c == null) {
                    throw InvalidRequestException.forField(cp.id(), "model", plan.model() + " has no known price", List.of());
                }
            }
            total = total == null ? c : total.plus(c);
        }
        return total;
    }
}
