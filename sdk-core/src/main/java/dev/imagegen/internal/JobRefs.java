package dev.imagegen.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.spi.JobHandle;

import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Job refs: a version prefix and the URL-safe base64 of a small JSON object holding the {@link JobHandle}. Opaque to
 * users, stable across processes and machines, and free of secrets.
 */
public final class JobRefs {

    static final String PREFIX = "igjob1_";

    private JobRefs() {
    }

    /** The ref of a job. */
    public static String encode(JobHandle h) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("p", h.providerId());
        n.put("m", h.modelId());
        n.put("id", h.jobId());
        n.put("u", h.pollUrl());
        if (!h.attributes().isEmpty()) {
            ObjectNode a = n.putObject("a");
            new java.util.TreeMap<>(h.attributes()).forEach(a::put);
        }
        try {
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Json.MAPPER.writeValueAsBytes(n));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The job a ref names; an {@link InvalidRequestException} on field {@code ref} when it is not one. */
    public static JobHandle decode(String ref) {
        if (ref == null || !ref.startsWith(PREFIX)) {
            throw bad("must be a job ref from ImageJob.ref() (starting with " + PREFIX + ")");
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(ref.substring(PREFIX.length()));
            JsonNode n = Json.MAPPER.readTree(json);
            Map<String, String> attrs = new LinkedHashMap<>();
            JsonNode a = n.get("a");
            if (a != null) {
                a.properties().forEach(e -> attrs.put(e.getKey(), e.getValue().asText()));
            }
            String p = text(n, "p");
            String m = text(n, "m");
            String id = text(n, "id");
            String u = text(n, "u");
            return new JobHandle(p, m, id, u, attrs);
        } catch (IllegalArgumentException | IOException e) {
            throw bad("is damaged (" + e.getMessage() + ")");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return v.asText();
    }

    private static InvalidRequestException bad(String problem) {
        return InvalidRequestException.forField(null, "ref", problem, List.of());
    }
}
