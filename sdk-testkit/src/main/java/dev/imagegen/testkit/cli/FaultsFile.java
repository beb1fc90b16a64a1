package dev.imagegen.testkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.FaultPlan;
import dev.imagegen.testkit.Routes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The emulator program's {@code --faults} file: a JSON array of {@link FaultPlan} rules, tried in file order.
 *
 * <pre>{@code
 * [
 *   {"route": "segmind.generate", "times": 2, "fault": "status", "status": 429, "headers": {"Retry-After": "1"}},
 *   {"route": "wavespeed.result", "times": "always", "fault": "delay", "delayMs": 2000},
 *   {"route": "*", "times": "always", "probability": 0.1, "probabilitySeed": 42, "fault": "dropConnection"}
 * ]
 * }</pre>
 *
 * Strict on purpose: an unknown key, route or fault, a parameter the fault does not take, or a value of the wrong
 * type is an error that names the rule, because a fault silently not injected makes a test pass for the wrong reason.
 */
final class FaultsFile {
    /** The file format in one screen, for {@code --help}. */
    static final String HELP = String.join("\n",
            "Faults file (--faults FILE): a JSON array of rules, tried in order; the first rule for the route that",
            "still has uses left fires, at most one per request. Each rule is an object:",
            "  route            a route name (below) or \"*\" for any route                      required",
            "  fault            status | delay | dropConnection | dropMidBody | truncatedBody |",
            "                   malformedBody | oversizedBody | slowBody | jobNeverFinishes | jobFails   required",
            "  times            a number >= 1, or \"always\"                                    default 1",
            "  probability      0..1: fire for that share of matching requests                default 1",
            "  probabilitySeed  seed of those draws, so a run repeats                         default 0",
            "  afterDelayMs     wait this long first (any fault)",
            "  headers          {\"Name\": \"value\", ...} added to the answer (any fault)",
            "  status           the HTTP status (fault status)                                required there",
            "  body             the answer's body instead of the vendor's (status, malformedBody)",
            "  delayMs          (delay) | bytes (oversizedBody) | perChunkMs (slowBody)        required there",
            "  message          the failure message (jobFails)                                required there",
            "Example: [{\"route\": \"segmind.generate\", \"times\": 2, \"fault\": \"status\", \"status\": 429,",
            "           \"headers\": {\"Retry-After\": \"1\"}}]",
            "Routes: " + String.join(",\n        ", Routes.ALL));

    private static final Set<String> COMMON = Set.of("route", "fault", "times", "probability", "probabilitySeed",
            "afterDelayMs", "headers");
    /** Each fault and the parameters it takes besides {@link #COMMON}. */
    private static final Map<String, Set<String>> FAULTS = Map.of(
            "status", Set.of("status", "body"),
            "delay", Set.of("delayMs"),
            "dropConnection", Set.of(),
            "dropMidBody", Set.of(),
            "truncatedBody", Set.of(),
            "malformedBody", Set.of("body"),
            "oversizedBody", Set.of("bytes"),
            "slowBody", Set.of("perChunkMs"),
            "jobNeverFinishes", Set.of(),
            "jobFails", Set.of("message"));

    private FaultsFile() {
    }

    /** Reads the file and adds its rules to the plan; returns how many. Nothing is added when the file is invalid. */
    static int load(Path file, FaultPlan plan) throws InvalidFaultsFileException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new InvalidFaultsFileException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new InvalidFaultsFileException(file + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidFaultsFileException(file + ": cannot be read: " + e);
        }
        if (root == null || !root.isArray()) {
            throw new InvalidFaultsFileException(file + ": must be a JSON array of rules, e.g. "
                    + "[{\"route\": \"segmind.generate\", \"fault\": \"status\", \"status\": 429}]");
        }
        List<Runnable> adds = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            adds.add(rule(root.get(i), plan, file + ": rule " + (i + 1)));
        }
        adds.forEach(Runnable::run);
        return adds.size();
    }

    /** Checks one rule and returns the action that adds it, so that a bad rule later in the file adds nothing. */
    private static Runnable rule(JsonNode n, FaultPlan plan, String where) throws InvalidFaultsFileException {
        if (!n.isObject()) {
            throw new InvalidFaultsFileException(where + ": must be a JSON object");
        }
        String route = text(n, "route", where, true);
        if (!route.equals("*") && !Routes.ALL.contains(route)) {
            throw new InvalidFaultsFileException(where + ": unknown route '" + route + "'; routes are \"*\" and "
                    + String.join(", ", Routes.ALL));
        }
        String kind = text(n, "fault", where, true);
        Set<String> params = FAULTS.get(kind);
        if (params == null) {
            throw new InvalidFaultsFileException(where + ": unknown fault '" + kind + "'; faults are "
                    + String.join(", ", FAULTS.keySet().stream().sorted().toList()));
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!COMMON.contains(key) && !params.contains(key)) {
                throw new InvalidFaultsFileException(where + ": '" + key + "' is not a parameter of fault '" + kind
                        + "'" + (params.isEmpty() ? "" : " (it takes " + String.join(", ", params) + ")"));
            }
        }
        Fault fault = fault(kind, n, where);
        long afterDelay = number(n, "afterDelayMs", where, false, 0);
        if (afterDelay > 0) {
            fault = fault.afterDelay(Duration.ofMillis(afterDelay));
        }
        JsonNode headers = n.get("headers");
        if (headers != null) {
            if (!headers.isObject()) {
                throw new InvalidFaultsFileException(where + ": 'headers' must be an object of name: value");
            }
            for (Map.Entry<String, JsonNode> h : headers.properties()) {
                if (!h.getValue().isTextual()) {
                    throw new InvalidFaultsFileException(where + ": header '" + h.getKey() + "' must be a string");
                }
                fault = fault.header(h.getKey(), h.getValue().asText());
            }
        }
        JsonNode times = n.get("times");
        boolean always = times != null && times.isTextual() && times.asText().equals("always");
        if (times != null && !always && !(times.canConvertToInt() && times.isIntegralNumber() && times.asInt() >= 1)) {
            throw new InvalidFaultsFileException(where + ": 'times' must be a number >= 1 or \"always\"");
        }
        JsonNode probability = n.get("probability");
        if (probability != null && !(probability.isNumber() && probability.asDouble() >= 0
                && probability.asDouble() <= 1)) {
            throw new InvalidFaultsFileException(where + ": 'probability' must be a number in 0..1");
        }
        long probabilitySeed = number(n, "probabilitySeed", where, false, Long.MIN_VALUE);
        Fault f = fault;
        return () -> {
            FaultPlan.RuleBuilder b = route.equals("*") ? plan.onAnyRoute() : plan.on(route);
            if (always) {
                b.always();
            } else if (times != null) {
                b.times(times.asInt());
            }
            if (probability != null) {
                b.probability(probability.asDouble(), probabilitySeed);
            }
            b.respond(f);
        };
    }

    private static Fault fault(String kind, JsonNode n, String where) throws InvalidFaultsFileException {
        switch (kind) {
            case "status": {
                long status = number(n, "status", where, true, 200);
                if (status < 200 || status > 599) {
                    throw new InvalidFaultsFileException(where + ": 'status' must be 200..599 (got " + status + ")");
                }
                Fault f = Fault.status((int) status);
                String body = text(n, "body", where, false);
                return body == null ? f : f.body(body);
            }
            case "delay":
                return Fault.delay(Duration.ofMillis(number(n, "delayMs", where, true, 0)));
            case "dropConnection":
                return Fault.dropConnection();
            case "dropMidBody":
                return Fault.dropMidBody();
            case "truncatedBody":
                return Fault.truncatedBody();
            case "malformedBody": {
                String body = text(n, "body", where, false);
                return body == null ? Fault.malformedBody() : Fault.malformedBody(body);
            }
            case "oversizedBody":
                return Fault.oversizedBody(number(n, "bytes", where, true, 0));
            case "slowBody":
                return Fault.slowBody(Duration.ofMillis(number(n, "perChunkMs", where, true, 0)));
            case "jobNeverFinishes":
                return Fault.jobNeverFinishes();
            default:
                return Fault.jobFails(text(n, "message", where, true));
        }
    }

    private static String text(JsonNode n, String key, String where, boolean required)
            throws InvalidFaultsFileException {
        JsonNode v = n.get(key);
        if (v == null) {
            if (required) {
                throw new InvalidFaultsFileException(where + ": '" + key + "' is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidFaultsFileException(where + ": '" + key + "' must be a string");
        }
        return v.asText();
    }

    /** A non-negative whole number (any sign for {@code probabilitySeed}); {@code absent} when missing. */
    private static long number(JsonNode n, String key, String where, boolean required, long absent)
            throws InvalidFaultsFileException {
        JsonNode v = n.get(key);
        if (v == null) {
            if (required) {
                throw new InvalidFaultsFileException(where + ": '" + key + "' is required");
            }
            return absent == Long.MIN_VALUE ? 0 : absent;
        }
        boolean signed = key.equals("probabilitySeed");
        if (!v.isIntegralNumber() || !v.canConvertToLong() || (!signed && v.asLong() < 0)) {
            throw new InvalidFaultsFileException(where + ": '" + key + "' must be a whole number"
                    + (signed ? "" : " >= 0"));
        }
        return v.asLong();
    }

    /** The faults file cannot be used; the message names the file, the rule and what is wrong. */
    static final class InvalidFaultsFileException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidFaultsFileException(String message) {
            super(message, null, false, false);
        }
    }
}
