package dev.imagegen.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one Jackson setup of the SDK: lenient on unknown fields, UTF-8 out with non-ASCII characters unescaped. */
public final class Json {

    /** Shared, thread-safe. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Shared, thread-safe. */
    public static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {
    }
}
