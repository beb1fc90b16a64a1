package dev.imagegen.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A complete HTTP response the emulator is about to write. Mutable while it is being built, then written once. */
final class Reply {
    static final ObjectMapper JSON = new ObjectMapper();

    final int status;
    final String contentType;
    final byte[] body;
    final Map<String, List<String>> headers = new LinkedHashMap<>();

    Reply(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    static Reply json(int status, Object tree) {
        try {
            return new Reply(status, "application/json", JSON.writeValueAsBytes(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply text(int status, String contentType, String text) {
        return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    Reply header(String name, String value) {
        headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }
}
