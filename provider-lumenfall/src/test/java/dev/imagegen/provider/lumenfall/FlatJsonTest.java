package dev.imagegen.provider.lumenfall;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The directly written body is byte for byte what the SDK's mapper writes for the same fields, or refused. */
class FlatJsonTest {

    /** The SDK's mapper settings (dev.imagegen.internal.Json). */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build());

    @ParameterizedTest
    @ValueSource(strings = {"", "a lighthouse", "quote \" and \\ backslash", "lines\nand\ttabs\r\b\f", "caf\u00e9 \u00d7 \u4e2d",
            "Lightly Juiced \uD83C\uDF4A (more consistent)", "\u07ff\u0800\uffff\u0080\u007f"})
    void writesWhatJacksonWrites(String text) throws Exception {
        for (long seed : new long[] {0, 7, -1, 42, 10, Long.MAX_VALUE, Long.MIN_VALUE}) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("model", "m");
            fields.put("prompt", text);
            fields.put("n", 1);
            fields.put("seed", seed);
            fields.put(text, true);
            fields.put("safety", false);
            byte[] mine = FlatJson.of(fields);
            byte[] jackson = MAPPER.writeValueAsBytes(MAPPER.valueToTree(fields));
            assertThat(new String(mine, StandardCharsets.UTF_8)).isEqualTo(new String(jackson, StandardCharsets.UTF_8));
            assertThat(mine).isEqualTo(jackson);
        }
        assertThat(FlatJson.of(Map.of())).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bell \u0007", "nul \u0000", "lone high \uD83C", "lone low \uDF4A x", "\u001f"})
    void refusesWhatNeedsJacksonsOtherEscapes(String text) {
        assertThat(FlatJson.of(Map.of("prompt", text))).isNull();
        assertThat(FlatJson.of(Map.of(text, "x"))).isNull();
    }

    @Test
    void refusesOtherValueTypes() {
        assertThat(FlatJson.of(Map.of("guidance_scale", 7.5))).isNull();
        assertThat(FlatJson.of(Map.of("loras", List.of("a")))).isNull();
    }
}
