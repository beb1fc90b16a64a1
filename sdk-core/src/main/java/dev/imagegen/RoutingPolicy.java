package dev.imagegen;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Orders the providers that can serve a request which names none ({@link ImageRequest#provider()} empty). The client
 * tries them in the returned order: the first is called, and the next ones only when it fails in a way that is safe to
 * fail over (see {@code docs/routing.md}). Set one with {@link ImageClient.Builder#routing(RoutingPolicy)}; the default
 * is {@link #preferenceOrder(String...)} with the builder's {@link ImageClient.Builder#preferProviders preferProviders}.
 *
 * <p>The candidates handed to {@link #order} are exactly the configured providers whose catalog serves the model and
 * accepts every field of the request; a policy may reorder them and may leave some out (those are then never tried),
 * but must not invent others. It is called once per request, on the calling thread, and must be fast and thread-safe.
 *
 * <pre>{@code
 * ImageClient client = ImageClient.builder()
 *         .routing(RoutingPolicy.cheapest())
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface RoutingPolicy {

    /**
     * One provider that can serve the request.
     *
     * @param providerId the provider id, e.g. {@code "segmind"}
     * @param model      that provider's catalog entry for the requested model
     * @param estimate   the whole request's cost by the catalog's price formula (all calls of a split request), empty
     *                   when the catalog gives no price; never a network call
     */
    record Candidate(String providerId, ModelInfo model, Optional<Cost> estimate) {

        /**
         * Checks the fields.
         *
         * @param providerId the provider id
         * @param model      the provider's catalog entry for the requested model
         * @param estimate   the whole request's catalog estimate, or empty
         * @throws NullPointerException if an argument is null
         */
        public Candidate {
            Objects.requireNonNull(providerId, "providerId");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(estimate, "estimate");
        }

        @Override
        public String toString() {
            return providerId + estimate.map(c -> " (" + c.amount().toPlainString() + " " + c.currency() + ")").orElse(" (no price)");
        }
    }

    /**
     * The candidates in the order to try them.
     *
     * @param request    the request as the caller built it
     * @param candidates the providers that can serve it, in the client's provider order; never empty
     * @return a non-empty subset of {@code candidates}, in the order to try
     */
    List<Candidate> order(ImageRequest request, List<Candidate> candidates);

    /**
     * A short name recorded in each result's {@code routing.policy} metadata; {@code "custom"} unless overridden.
     *
     * @return the policy's name, e.g. {@code "cheapest"}
     */
    default String name() {
        return "custom";
    }

    /**
     * Why the first of {@code ordered} was put first, in a few words, for the result's {@code routing.reason}.
     *
     * @param ordered what {@link #order} returned
     * @return one short line, e.g. {@code "cheapest policy put fal first"}
     */
    default String reason(List<Candidate> ordered) {
        return name() + " policy put " + ordered.get(0).providerId() + " first";
    }

    /**
     * The listed providers first, in this order, then the others in the client's provider order. With no ids, the
     * client's provider order itself (which follows {@link ImageClient.Builder#preferProviders}).
     *
     * @param providerIds the preferred provider ids, most preferred first; ids the client does not have are ignored
     * @return the policy, named {@code preference-order}; it never leaves a candidate out
     */
    static RoutingPolicy preferenceOrder(String... providerIds) {
        List<String> ids = List.of(providerIds);
        return new RoutingPolicy() {
            @Override
            public List<Candidate> order(ImageRequest request, List<Candidate> candidates) {
                List<Candidate> out = new ArrayList<>(candidates);
                out.sort(Comparator.comparingInt(c -> {
                    int i = ids.indexOf(c.providerId());
                    return i < 0 ? Integer.MAX_VALUE : i;
                }));
                return out;
            }

            @Override
            public String name() {
                return "preference-order";
            }

            @Override
            public String reason(List<Candidate> ordered) {
                return ordered.size() == 1 ? "the only provider serving the request"
                        : "first in preference order " + ordered.stream().map(Candidate::providerId).collect(Collectors.joining(" > "));
            }

            @Override
            public String toString() {
                return "RoutingPolicy.preferenceOrder" + ids;
            }
        };
    }

    /**
     * The lowest catalog estimate first; candidates without a price after all priced ones; ties keep the client's
     * provider order. The estimate comes from each catalog's {@link PriceFormula} for this request (size and count),
     * so it is as good as the catalogs: a vendor's real bill may differ.
     *
     * @return the policy, named {@code cheapest}; it never leaves a candidate out
     */
    static RoutingPolicy cheapest() {
        return new RoutingPolicy() {
            @Override
            public List<Candidate> order(ImageRequest request, List<Candidate> candidates) {
                List<Candidate> out = new ArrayList<>(candidates);
                out.sort(Comparator.comparing((Candidate c) -> c.estimate().map(Cost::amount).orElse(null),
                        Comparator.nullsLast(Comparator.<BigDecimal>naturalOrder())));
                return out;
            }

            @Override
            public String name() {
                return "cheapest";
            }

            @Override
            public String reason(List<Candidate> ordered) {
                Candidate first = ordered.get(0);
                if (ordered.size() == 1) {
                    return "the only provider serving the request";
                }
                if (first.estimate().isEmpty()) {
                    return "no candidate has a catalog price; kept the provider order";
                }
                return "lowest catalog estimate: " + ordered.stream().map(Candidate::toString).collect(Collectors.joining(" < "));
            }

            @Override
            public String toString() {
                return "RoutingPolicy.cheapest()";
            }
        };
    }
}
