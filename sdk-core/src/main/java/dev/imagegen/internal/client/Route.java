package dev.imagegen.internal.client;

import dev.imagegen.ImageRequest;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.ModelInfo;
import dev.imagegen.internal.ConfiguredProvider;

import java.util.List;

/**
 * The candidates of a request in the order to try them. The first one's vendor calls are the request's calls; a later
 * candidate serves call {@code i} as {@link #callFor} says.
 */
record Route(String policy, String reason, List<Plan> candidates) {

    /** One provider's way of serving a request: its model, the validated request, warnings, and the vendor calls. */
    record Plan(ConfiguredProvider cp, ModelInfo model, ImageRequest request, List<String> warnings, List<ImageRequest> calls,
                long maxInputBytes) {
        String id() {
            return cp.id();
        }
    }

    Plan primary() {
        return candidates.get(0);
    }

    /** How many vendor calls the request runs. */
    int calls() {
        return primary().calls().size();
    }

    /**
     * The request of call {@code i} as {@code cand} would send it: the primary's own call, the candidate's own single
     * call, or the primary's split call re-validated for the candidate; null when the candidate cannot take it in one
     * vendor call.
     */
    ImageRequest callFor(int i, Plan cand) {
        Plan primary = primary();
        ImageRequest call = primary.calls().get(i);
        if (cand == primary) {
            return call;
        }
        if (primary.calls().size() == 1 && cand.calls().size() == 1) {
            return cand.calls().get(0);
        }
        if (call.count() > cand.model().maxCountPerCall()) {
            return null;
        }
        ImageRequest.Builder b = cand.request().toBuilder().count(call.count());
        call.seed().ifPresent(b::seed);
        try {
            return RequestValidator.validate(b.build(), cand.model(), cand.maxInputBytes()).request();
        } catch (InvalidRequestException e) {
            return null;
        }
    }
}
