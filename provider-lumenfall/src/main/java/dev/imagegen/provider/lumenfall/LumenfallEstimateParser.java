package dev.imagegen.provider.lumenfall;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen.Cost;
import dev.imagegen.spi.ProviderErrors;
import dev.imagegen.spi.WireResponse;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the answer to a {@code ?dryRun=true} generation. Lumenfall documents its shape
 * (docs.lumenfall.ai/api-reference/cost-estimation): {@code {"estimated":true,"model":..,"provider":..,
 * "total_cost_micros":80000,"currency":"USD","components":[{..,"unit_price":0.04,"total_cost":80000}]}}, amounts in
 * micros (millionths of a dollar). {@code total_cost_micros} is read first. Should the shape change, the answer is
 * searched, breadth first, for the usual names of an amount ({@code estimated_cost}, {@code cost}, {@code amount},
 * ...), as a number, a numeric string ({@code "0.05"}, {@code "$0.05"}) or an object holding one, with a
 * {@code currency} next to it or above it (USD when none); names ending in {@code _micros} are divided by 1,000,000
 * and in {@code _cents} by 100. The option {@link LumenfallOptions#ESTIMATE_COST_POINTER} names a field exactly.
 */
final class LumenfallEstimateParser {

    private static final String ID = LumenfallProviderFactory.ID;

    /** Field names that hold an amount, most specific first. */
    static final List<String> AMOUNT_FIELDS = List.of("estimated_cost", "estimatedCost", "estimated_cost_usd",
            "estimated_price", "estimate", "total_cost", "totalCost", "cost_usd", "cost", "price", "amount", "total",
            "usd");
    private static final List<String> CENTS_FIELDS = List.of("estimated_cost_cents", "cost_cents", "amount_cents",
            "total_cents");
    /** The documented field first; then other names in micros (never a component's {@code total_cost}, also micros). */
    private static final List<String> MICROS_FIELDS = List.of("total_cost_micros", "estimated_cost_micros",
            "cost_micros", "amount_micros");
    private static final BigDecimal MICRO = new BigDecimal("0.000001");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final int MAX_DEPTH = 5;

    private final String pointer;

    /** @param pointer a JSON pointer to the amount, or null to search */
    LumenfallEstimateParser(String pointer) {
        this.pointer = pointer;
    }

    Cost parse(WireResponse response) {
        String requestId = LumenfallHeaders.requestId(response);
        JsonNode root = response.json();
        Cost cost;
        if (pointer != null) {
            JsonNode at = root.at(pointer);
            BigDecimal unit = pointer.endsWith("_micros") ? MICRO : pointer.endsWith("_cents") ? new BigDecimal("0.01")
                    : BigDecimal.ONE;
            cost = at.isContainerNode() ? search(at, "USD") : amount(at, unit, currencyOf(root, "USD"));
            if (cost == null) {
                throw ProviderErrors.invalidResponse(ID, "dry-run answer has no amount at " + pointer, requestId);
            }
            return cost;
        }
        cost = search(root, "USD");
        if (cost == null) {
            throw ProviderErrors.invalidResponse(ID, "dry-run answer has no recognisable cost field (set the provider"
                    + " option " + LumenfallOptions.ESTIMATE_COST_POINTER + ")", requestId);
        }
        return cost;
    }

    private record Frame(JsonNode node, String currency, int depth) {
    }

    /** Breadth first: a cost at the top level beats one nested deeper. */
    private static Cost search(JsonNode start, String defaultCurrency) {
        Deque<Frame> queue = new ArrayDeque<>();
        queue.add(new Frame(start, defaultCurrency, 0));
        while (!queue.isEmpty()) {
            Frame f = queue.poll();
            if (!f.node().isObject()) {
                continue;
            }
            String currency = currencyOf(f.node(), f.currency());
            for (String name : MICROS_FIELDS) {
                Cost c = amount(f.node().get(name), MICRO, currency);
                if (c != null) {
                    return c;
                }
            }
            for (String name : CENTS_FIELDS) {
                Cost c = amount(f.node().get(name), new BigDecimal("0.01"), currency);
                if (c != null) {
                    return c;
                }
            }
            for (String name : AMOUNT_FIELDS) {
                Cost c = amount(f.node().get(name), BigDecimal.ONE, currency);
                if (c != null) {
                    return c;
                }
            }
            if (f.depth() < MAX_DEPTH) {
                // amount-named objects first ({"cost":{"amount":...}}), then everything else
                for (String name : AMOUNT_FIELDS) {
                    JsonNode child = f.node().get(name);
                    if (child != null && child.isObject()) {
                        queue.add(new Frame(child, currency, f.depth() + 1));
                    }
                }
                for (Map.Entry<String, JsonNode> e : f.node().properties()) {
                    if (!AMOUNT_FIELDS.contains(e.getKey())) {
                        JsonNode child = e.getValue();
                        if (child.isObject()) {
                            queue.add(new Frame(child, currency, f.depth() + 1));
                        } else if (child.isArray() && !child.isEmpty() && child.get(0).isObject()) {
                            queue.add(new Frame(child.get(0), currency, f.depth() + 1));
                        }
                    }
                }
            }
        }
        return null;
    }

    private static String currencyOf(JsonNode node, String fallback) {
        JsonNode c = node.get("currency");
        return c != null && c.isTextual() && !c.asText().isBlank()
                ? c.asText().trim().toUpperCase(Locale.ROOT) : fallback;
    }

    /** A cost when {@code node} is a non-negative number or numeric string, else null. */
    private static Cost amount(JsonNode node, BigDecimal unit, String currency) {
        if (node == null) {
            return null;
        }
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isTextual()) {
            Matcher m = NUMBER.matcher(node.asText());
            if (!m.find() || node.asText().trim().startsWith("-")) {
                return null;
            }
            value = new BigDecimal(m.group());
            if (node.asText().contains("$")) {
                currency = "USD";
            }
        } else {
            return null;
        }
        // 1e1000000 is a short number but a million digits once printed or rounded: not a price
        if (value.signum() < 0 || value.precision() - value.scale() > 18 || value.scale() > 30) {
            return null;
        }
        return new Cost(value.multiply(unit).stripTrailingZeros(), currency, Cost.Kind.ESTIMATED);
    }
}
