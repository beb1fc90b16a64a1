package dev.imagegen.internal;

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

    private static final ObjectMapper MAPPER = Json.MAPPER;

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

    @Test
    void theSpiBodyIsTheMappersBytesWhetherWrittenDirectlyOrByJackson() throws Exception {
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("prompt", "caf\u00e9 \uD83C\uDF4A");
        flat.put("seed", 42L);
        flat.put("n", 1);
        flat.put("watermark", false);
        Map<String, Object> mixed = new LinkedHashMap<>(flat);
        mixed.put("guidance_scale", 7.5);
        mixed.put("style", null);
        mixed.put("loras", List.of(Map.of("name", "kawaii", "scale", 0.8)));
        mixed.put("prompt_2", "bell \u0007");
        for (Map<String, Object> fields : List.of(flat, mixed)) {
            dev.imagegen.spi.WireBody body = dev.imagegen.spi.WireBody.json(fields);
            assertThat(((dev.imagegen.spi.WireBody.JsonBody) body).bytes()).isEqualTo(MAPPER.writeValueAsBytes(fields));
        }
        assertThat(FlatJson.of(flat)).as("the usual body is written directly").isNotNull();
        assertThat(FlatJson.of(mixed)).as("anything else goes through Jackson").isNull();
    }
}
