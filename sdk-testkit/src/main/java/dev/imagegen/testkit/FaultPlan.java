package dev.imagegen.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The fault rules of one {@link ProviderEmulator}. Thread-safe.
 *
 * <pre>{@code
 * emu.faults().on(Routes.SEGMIND_GENERATE).times(2)
 *         .respond(Fault.status(429).header("Retry-After", "1"));
 * emu.faults().on(Routes.WAVESPEED_RESULT).always().respond(Fault.delay(Duration.ofSeconds(2)));
 * emu.faults().on(Routes.STORAGE).probability(0.1, 42).always().respond(Fault.dropMidBody());
 * }</pre>
 *
 * <p>For each request, the rules that target its route (or {@linkplain #onAnyRoute() any route}) are tried in the
 * order they were added; the first one that still has uses left, and whose probability draw (if it has one)
 * succeeds, fires and uses up one of its uses. At most one rule fires per request. A rule without
 * {@link RuleBuilder#once()}, {@link RuleBuilder#times(int)} or {@link RuleBuilder#always()} fires once. Requests
 * hit by a fault are still recorded in the request log and counted.
 */
public final class FaultPlan {
    private final Object lock = new Object();
    private final List<Rule> rules = new ArrayList<>();

    FaultPlan() {
    }

    /** Starts a rule for one route, a name from {@link Routes}. */
    public RuleBuilder on(String route) {
        if (!Routes.ALL.contains(route)) {
            throw new IllegalArgumentException("unknown route '" + route + "'; routes are " + Routes.ALL);
        }
        return new RuleBuilder(route);
    }

    /** Starts a rule that matches every route. */
    public RuleBuilder onAnyRoute() {
        return new RuleBuilder(null);
    }

    /** Removes every rule. */
    public void clear() {
        synchronized (lock) {
            rules.forEach(r -> r.cancelled = true);
            rules.clear();
        }
    }

    /** The rules added since the last {@link #clear()}, in order, including used-up ones. */
    public List<Rule> rules() {
        synchronized (lock) {
            return List.copyOf(rules);
        }
    }

    /** Picks (and uses up once) the fault for a request on {@code route}, or null when no rule fires. */
    Fault next(String route) {
        synchronized (lock) {
            for (Rule rule : rules) {
                if (rule.cancelled || (rule.route != null && !rule.route.equals(route))) {
                    continue;
                }
                if (rule.remaining == 0) {
                    continue;
                }
                if (rule.random != null && rule.random.nextDouble() >= rule.probability) {
                    continue;
                }
                if (rule.remaining > 0) {
                    rule.remaining--;
                }
                rule.fired++;
                return rule.fault;
            }
            return null;
        }
    }

    /**
     * Builds one rule: choose how often it fires, then {@link #respond(Fault)} adds it to the plan. Not thread-safe;
     * build a rule on one thread.
     */
    public final class RuleBuilder {
        private final String route;
        private int times = 1;
        private double probability = 1.0;
        private Long seed;

        private RuleBuilder(String route) {
            this.route = route;
        }

        /** Fires for the next matching request only (the default). */
        public RuleBuilder once() {
            return times(1);
        }

        /** Fires for the next {@code n} matching requests. */
        public RuleBuilder times(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("times must be >= 1, got " + n);
            }
            times = n;
            return this;
        }

        /** Fires for every matching request until {@link FaultPlan#clear()} or {@link Rule#cancel()}. */
        public RuleBuilder always() {
            times = -1;
            return this;
        }

        /**
         * Fires only for a random subset of the matching requests, each with probability {@code p}; the draws come
         * from a generator seeded with {@code seed}, so the same request sequence gives the same subset. Combine
         * with {@link #always()} or {@link #times(int)} (which then counts firings, not requests).
         */
        public RuleBuilder probability(double p, long seed) {
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException("probability must be in 0..1, got " + p);
            }
            this.probability = p;
            this.seed = seed;
            return this;
        }

        /** Adds the rule to the plan and returns it. */
        public Rule respond(Fault fault) {
            Objects.requireNonNull(fault, "fault");
            Rule rule = new Rule(route, fault, times, probability, seed == null ? null : new SplittableRandom(seed));
            synchronized (lock) {
                rules.add(rule);
            }
            return rule;
        }
    }

    /** One rule of the plan; lets a test see how often it fired or withdraw it. */
    public final class Rule {
        private final String route;
        private final Fault fault;
        private final double probability;
        private final SplittableRandom random;
        private int remaining;
        private int fired;
        private boolean cancelled;

        private Rule(String route, Fault fault, int times, double probability, SplittableRandom random) {
            this.route = route;
            this.fault = fault;
            this.remaining = times;
            this.probability = probability;
            this.random = random;
        }

        /** The route this rule targets, or null for any route. */
        public String route() {
            return route;
        }

        /** The fault this rule injects. */
        public Fault fault() {
            return fault;
        }

        /** How many requests this rule has hit so far. */
        public int fired() {
            synchronized (lock) {
                return fired;
            }
        }

        /** Whether this rule can no longer fire (used up or cancelled). */
        public boolean exhausted() {
            synchronized (lock) {
                return cancelled || remaining == 0;
            }
        }

        /** Withdraws this rule. */
        public void cancel() {
            synchronized (lock) {
                cancelled = true;
                rules.remove(this);
            }
        }

        @Override
        public String toString() {
            synchronized (lock) {
                return "Rule{" + (route == null ? "*" : route) + " -> " + fault + ", remaining="
                        + (remaining < 0 ? "always" : remaining) + ", fired=" + fired
                        + (random == null ? "" : ", p=" + probability) + '}';
            }
        }
    }
}
