package dev.imagegen.internal.client;

import dev.imagegen.ImageRequest;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.ModelInfo;
import dev.imagegen.RoutingPolicy;
import dev.imagegen.ValueRange;
import dev.imagegen.internal.ConfiguredProvider;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides where a request goes before anything is sent: the pinned provider, or the providers whose catalog accepts
 * it, ordered by the {@link RoutingPolicy}; each candidate's plan is the request validated against its model and split
 * into vendor calls when the count is more than one call returns (consecutive seeds).
 */
final class Router {

    private final ProviderSet providers;
    private final RoutingPolicy policy;
    private final Map<String, Long> inputLimits;

    /** {@code inputLimits}: per provider, the largest input image, overriding the catalog's. */
    Router(ProviderSet providers, RoutingPolicy policy, Map<String, Long> inputLimits) {
        this.providers = providers;
        this.policy = policy;
        this.inputLimits = inputLimits;
    }

    Route route(ImageRequest r) {
        if (r.provider().isPresent()) {
            ConfiguredProvider cp = providers.require(r.provider().get(), "provider");
            Optional<ModelInfo> found = cp.model(r.model()); // no orElseThrow lambda on a fresh JVM's first request
            if (found.isEmpty()) {
                throw InvalidRequestException.forField(cp.id(), "model",
                        "'" + r.model() + "' is not a model of " + cp.id(), cp.models().stream().map(ModelInfo::id).toList());
            }
            ModelInfo model = found.get();
            return new Route("pinned", "the request names provider ".concat(cp.id()), List.of(plan(cp, model, r)));
        }
        if (providers.all().isEmpty()) {
            throw InvalidRequestException.forField(null, "provider", "no provider is configured: " + providers.keyHint(), List.of());
        }
        List<Route.Plan> plans = new ArrayList<>();
        InvalidRequestException firstInvalid = null;
        boolean known = false;
        for (ConfiguredProvider p : providers.all()) {
            Optional<ModelInfo> m = p.model(r.model());
            if (m.isEmpty()) {
                continue;
            }
            known = true;
            try {
                plans.add(plan(p, m.get(), r));
            } catch (InvalidRequestException e) {
                firstInvalid = firstInvalid != null ? firstInvalid : e;
            }
        }
        if (!known) {
            throw InvalidRequestException.forField(null, "model", "'" + r.model() + "' is not served by any configured provider",
                    providers.models().stream().map(ModelInfo::toString).toList());
        }
        if (plans.isEmpty()) {
            throw firstInvalid;
        }
        return order(r, plans);
    }

    private Route order(ImageRequest r, List<Route.Plan> plans) {
        List<RoutingPolicy.Candidate> candidates = plans.stream()
                .map(p -> new RoutingPolicy.Candidate(p.id(), p.model(), Pricing.estimateOf(p))).toList();
        List<RoutingPolicy.Candidate> ordered = policy.order(r, candidates);
        if (ordered == null || ordered.isEmpty()) {
            throw InvalidRequestException.forField(null, "provider", "the routing policy " + policy.name()
                    + " left no provider to try", candidates.stream().map(RoutingPolicy.Candidate::providerId).toList());
        }
        List<Route.Plan> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (RoutingPolicy.Candidate c : ordered) {
            Route.Plan p = plans.stream().filter(x -> x.id().equals(c.providerId())).findFirst().orElseThrow(() ->
                    new IllegalStateException("routing policy " + policy.name() + " returned provider '" + c.providerId()
                            + "', which was not a candidate"));
            if (seen.add(p.id())) {
                out.add(p);
            }
        }
        return new Route(policy.name(), policy.reason(ordered), List.copyOf(out));
    }

    /** Validates {@code r} against {@code model} and splits it into vendor calls. */
    private Route.Plan plan(ConfiguredProvider cp, ModelInfo model, ImageRequest r) {
        long maxInputBytes = inputLimits.getOrDefault(cp.id(), model.maxInputImageBytes());
        RequestValidator.Validated v = RequestValidator.validate(r, model, maxInputBytes);
        ImageRequest req = v.request();
        List<String> warnings = v.warnings(); // the validator's own new list
        List<ImageRequest> calls;
        int per = model.maxCountPerCall();
        if (req.count() <= per) {
            calls = List.of(req);
        } else {
            calls = new ArrayList<>();
            boolean seeded = req.seed().isPresent() && req.seed().get() >= 0;
            for (int left = req.count(), i = 0; left > 0; i++) {
                int n = Math.min(per, left);
                ImageRequest.Builder b = req.toBuilder().count(n);
                if (seeded) {
                    b.seed(splitSeed(req.seed().get(), i, model));
                }
                calls.add(b.build());
                left -= n;
            }
            warnings.add(model + " returns at most " + per + " image(s) per call: the request ran as " + calls.size()
                    + " calls" + (seeded ? " with seeds "
                    + String.join(", ", calls.stream().map(c -> String.valueOf(c.seed().orElseThrow())).toList()) : ""));
        }
        return new Route.Plan(cp, model, req, warnings, calls, maxInputBytes);
    }

    /** Seed of the i-th split call: seed+i, or seed-i where seed+i would leave the model's seed range. */
    private static long splitSeed(long seed, int i, ModelInfo model) {
        double max = model.seed().map(ValueRange::max).orElse((double) Long.MAX_VALUE);
        return seed <= max - i && seed <= Long.MAX_VALUE - i ? seed + i : seed - i;
    }
}
