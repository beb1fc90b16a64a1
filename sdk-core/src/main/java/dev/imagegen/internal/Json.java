package dev.imagegen.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson setup of the SDK: lenient on unknown fields, UTF-8 out with non-ASCII characters unescaped. */
public final class Json {

    /**
     * Shared, thread-safe. Characters outside the Basic Multilingual Plane (the speed modes' emoji) are written as
     * their 4-byte UTF-8 sequence, as vendors document them, not as an escaped surrogate pair.
     */
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build())
            // configured on the mapper, not with JsonMapper.builder(): its MapperBuilder is ~36 KB of bytecode that a
            // fresh JVM loads and verifies before the first request for two settings
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Shared, thread-safe. */
    public static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {
    }
}
