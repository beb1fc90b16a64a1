package dev.imagegen.provider.segmind;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The directly written body is byte for byte what the SDK's mapper writes for the same tree, or refused. */
class FlatJsonTest {

    /** The SDK's mapper settings (dev.imagegen.internal.Json). */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build());

    @ParameterizedTest
    @ValueSource(strings = {"", "a lighthouse", "quote \" and \\ backslash", "lines\nand\ttabs\r\b\f", "caf\u00e9 \u00d7 \u4e2d",
            "Lightly Juiced \uD83C\uDF4A (more consistent)", "\u07ff\u0800\uffff\u0080\u007f"})
    void writesWhatJacksonWrites(String text) throws Exception {
        for (long seed : new long[] {0, 7, -1, 42, 10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, -1234567890123L}) {
            byte[] mine = FlatJson.of("prompt", text, "seed", seed, text, "x", "q", 100);
            ObjectNode tree = MAPPER.createObjectNode().put("prompt", text).put("seed", seed).put(text, "x").put("q", 100);
            byte[] jackson = MAPPER.writeValueAsBytes(tree);
            assertThat(new String(mine, StandardCharsets.UTF_8)).isEqualTo(new String(jackson, StandardCharsets.UTF_8));
            assertThat(mine).isEqualTo(jackson);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bell \u0007", "nul \u0000", "lone high \uD83C", "lone low \uDF4A x", "\u001f"})
    void refusesWhatNeedsJacksonsOtherEscapes(String text) {
        assertThat(FlatJson.of("prompt", text)).isNull();
        assertThat(FlatJson.of(text, "x")).isNull();
    }

    @org.junit.jupiter.api.Test
    void refusesOtherValueTypes() {
        assertThat(FlatJson.of("a", 1.5)).isNull();
    }
}
