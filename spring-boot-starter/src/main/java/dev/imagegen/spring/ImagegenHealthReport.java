package dev.imagegen.spring;

import dev.imagegen.BudgetStatus;
import dev.imagegen.CircuitState;
import dev.imagegen.ImageClient;
import dev.imagegen.StoreUnavailableException;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code imagegen} health component's status and details, read from the client's state alone:
 * {@link ImageClient#providers()}, {@link ImageClient#circuitStates()} and {@link ImageClient#budgetStatus()}. Nothing
 * is sent to any vendor, so a health check never costs money or counts against a rate limit.
 *
 * <p>Status: {@code UP} while at least one configured provider's circuit lets calls through; {@code DOWN} when every
 * configured provider's circuit is open (every request would fail with {@code CircuitOpenException}); {@code UNKNOWN}
 * when no provider is configured. A spent budget shows in the details but does not make the component {@code DOWN}: a
 * restart would start a new budget window, which is exactly what an orchestrator reacting to {@code DOWN} would do.
 * Nor does a shared store (Redis) that cannot tell the budget: the details say {@code unavailable} with the reason, and
 * the status stays the providers' (every replica shares that store, so {@code DOWN} would take them all out at once).
 *
 * @param status  {@code UP}, {@code DOWN} or {@code UNKNOWN}
 * @param details {@code providers} (per id: {@code configured}, and {@code circuit} when configured) and, when the
 *                client has a budget, {@code budget}
 */
record ImagegenHealthReport(String status, Map<String, Object> details) {

    /**
     * Reads the client.
     *
     * @param client      the client
     * @param onClassPath the ids of the provider modules on the class path, configured or not
     */
    static ImagegenHealthReport of(ImageClient client, Set<String> onClassPath) {
        List<String> configured = client.providers();
        Map<String, CircuitState> circuits = client.circuitStates();
        Set<String> ids = new LinkedHashSet<>(configured);
        ids.addAll(onClassPath);
        Map<String, Object> providers = new LinkedHashMap<>();
        int open = 0;
        for (String id : ids) {
            Map<String, Object> p = new LinkedHashMap<>();
            boolean isConfigured = configured.contains(id);
            p.put("configured", isConfigured);
            if (isConfigured) {
                CircuitState circuit = circuits.getOrDefault(id, CircuitState.CLOSED);
                p.put("circuit", circuit.name());
                open += circuit == CircuitState.OPEN ? 1 : 0;
            }
            providers.put(id, p);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("providers", providers);
        try {
            client.budgetStatus().ifPresent(b -> details.put("budget", budget(b)));
        } catch (StoreUnavailableException e) {
            details.put("budget", Map.of("unavailable", e.getMessage()));
        }
        String status = configured.isEmpty() ? "UNKNOWN" : open == configured.size() ? "DOWN" : "UP";
        return new ImagegenHealthReport(status, details);
    }

    private static Map<String, Object> budget(BudgetStatus b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("limitUsd", usd(b.budget().limitUsd()));
        m.put("period", b.budget().period().toString());
        m.put("spentUsd", usd(b.spent()));
        m.put("reservedUsd", usd(b.reserved()));
        m.put("remainingUsd", usd(b.remaining()));
        m.put("windowEnd", b.windowEnd().toString());
        return m;
    }

    private static String usd(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }
}
