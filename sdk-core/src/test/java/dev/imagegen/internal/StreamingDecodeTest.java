package dev.imagegen.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The block-wise data-URI stripper and the pooled chunk buffer, across buffer and chunk boundaries. */
class StreamingDecodeTest {

    /** Hands out at most a few bytes per read, so every state change lands on a read boundary somewhere. */
    private static InputStream trickle(byte[] data, long seed) {
        Random r = new Random(seed);
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + r.nextInt(7)));
            }
        };
    }

    @Test
    void stripsPrefixesOfLargeValuesWhateverTheReadSizes() throws IOException {
        byte[] a = new byte[300_000];
        byte[] b = new byte[70_001];
        new Random(1).nextBytes(a);
        new Random(2).nextBytes(b);
        // an escaped slash inside base64 (some encoders write "\/"), a quote-escape in another value, nesting
        String a64 = Base64.getEncoder().encodeToString(a).replace("/", "\\/");
        String json = "{\"id\":\"x\\\"y\",\"data\":{\"outputs\":[\"data:image/png;base64," + a64 + "\","
                + "\"data:image/webp;base64," + Base64.getEncoder().withoutPadding().encodeToString(b) + "\"],"
                + "\"keep\":\"data:text/plain;base64,AQID\",\"n\":[1,{\"data:image/png;base64,k\":true}]}}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        for (long seed = 0; seed < 5; seed++) {
            byte[] out = Base64Images.stripDataUriPrefixes(trickle(bytes, seed)).readAllBytes();
            JsonNode tree = Json.MAPPER.readTree(out);
            assertThat(tree.at("/data/outputs/0").binaryValue()).isEqualTo(a);
            assertThat(Base64Images.decode(tree.at("/data/outputs/1").asText())).isEqualTo(b);
            assertThat(tree.at("/data/keep").asText()).isEqualTo("data:text/plain;base64,AQID");
            assertThat(tree.at("/id").asText()).isEqualTo("x\"y");
            assertThat(tree.at("/data/n/1").has("data:image/png;base64,k")).isTrue();
        }
        // one byte at a time gives the same bytes
        InputStream single = Base64Images.stripDataUriPrefixes(new ByteArrayInputStream(bytes));
        java.io.ByteArrayOutputStream one = new java.io.ByteArrayOutputStream();
        int c;
        while ((c = single.read()) >= 0) {
            one.write(c);
        }
        assertThat(one.toByteArray()).isEqualTo(Base64Images.stripDataUriPrefixes(new ByteArrayInputStream(bytes)).readAllBytes());
    }

    @Test
    void decodesAStreamedValueLargerThanManyChunks() throws IOException {
        byte[] image = new byte[3 * ChunkedOutput.CHUNK + 12_345];
        new Random(3).nextBytes(image);
        byte[] json = ("{\"b64_json\":\"" + Base64.getEncoder().encodeToString(image) + "\"}").getBytes(StandardCharsets.US_ASCII);
        for (int round = 0; round < 3; round++) { // later rounds reuse pooled chunks
            try (JsonParser p = Json.FACTORY.createParser(trickle(json, round))) {
                assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
                p.nextToken();
                p.nextToken();
                assertThat(Base64Images.read(p)).isEqualTo(image);
            }
        }
    }

    @Test
    void decodesStraightFromTheBytesAndTheParserCarriesOnAfterTheString() throws IOException {
        byte[] image = new byte[200_003];
        new Random(5).nextBytes(image);
        String b64 = Base64.getEncoder().encodeToString(image);
        // escaped slashes, whitespace and escaped line breaks inside the value; the second value unpadded
        String messy = b64.substring(0, 1000).replace("/", "\\/") + " \\n"
                + b64.substring(1000, 90_000) + "\\r\\n" + b64.substring(90_000);
        String json = "{\"data\":[{\"b64_json\":\"" + messy + "\",\"revised_prompt\":\"a \\\"fox\\\"\"},"
                + "{\"b64_json\":\"" + b64.replace("=", "") + "\"}],\"created\":7}";
        byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
        for (long seed = 0; seed < 4; seed++) {
            InputStream in = seed == 0 ? new ByteArrayInputStream(bytes) : trickle(bytes, seed);
            InputStream src = seed % 2 == 0 ? Base64Images.unreadable(in) : Base64Images.stripDataUriPrefixes(in);
            try (JsonParser p = Json.FACTORY.createParser(src)) {
                assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
                assertThat(p.nextFieldName()).isEqualTo("data");
                assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
                assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
                assertThat(p.nextFieldName()).isEqualTo("b64_json");
                assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
                assertThat(Base64Images.read(p)).isEqualTo(image);
                assertThat(p.nextFieldName()).isEqualTo("revised_prompt");
                assertThat(p.nextTextValue()).isEqualTo("a \"fox\"");
                assertThat(p.nextToken()).isEqualTo(JsonToken.END_OBJECT);
                assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
                assertThat(p.nextFieldName()).isEqualTo("b64_json");
                assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
                assertThat(Base64Images.read(p)).isEqualTo(image);
                assertThat(p.nextToken()).isEqualTo(JsonToken.END_OBJECT);
                assertThat(p.nextToken()).isEqualTo(JsonToken.END_ARRAY);
                assertThat(p.nextFieldName()).isEqualTo("created");
                assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_NUMBER_INT);
                assertThat(p.getIntValue()).isEqualTo(7);
                assertThat(p.nextToken()).isEqualTo(JsonToken.END_OBJECT);
            }
        }
    }

    @Test
    void aUnicodeEscapeAndAStringReadBeforeAreHandled() throws IOException {
        byte[] json = "{\"a\":\"\\u0041QID\",\"b\":\"AQID\"}".getBytes(StandardCharsets.US_ASCII);
        try (JsonParser p = Json.FACTORY.createParser(Base64Images.unreadable(new ByteArrayInputStream(json)))) {
            p.nextToken();
            p.nextFieldName();
            p.nextToken();
            assertThat(Base64Images.read(p)).isEqualTo(new byte[] {1, 2, 3});
            p.nextFieldName();
            p.nextToken();
            assertThat(p.getText()).isEqualTo("AQID"); // already read: the slow path must still work
            assertThat(Base64Images.read(p)).isEqualTo(new byte[] {1, 2, 3});
            assertThat(p.nextToken()).isEqualTo(JsonToken.END_OBJECT);
        }
    }

    @Test
    void reusedScratchGivesEachImageItsOwnBytesAfterAFailedDecode() throws IOException {
        // small images (one group, returned without a copy) and larger ones, direct path, alternating with a failure
        // that gives its scratch back half-used: no image may see another's bytes
        int[] sizes = {1, 16_384, 3, 200_000, 48 * 1024, 65_537};
        for (int round = 0; round < 3; round++) {
            for (int k = 0; k < sizes.length; k++) {
                byte[] image = new byte[sizes[k]];
                new Random(10L * round + k).nextBytes(image);
                byte[] json = ("{\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(image) + "\"}],\"after\":7}")
                        .getBytes(StandardCharsets.US_ASCII);
                try (JsonParser p = Json.FACTORY.createParser(Base64Images.unreadable(trickle(json, k)))) {
                    while (p.nextToken() != JsonToken.VALUE_STRING) {
                        // to the image
                    }
                    byte[] got = Base64Images.read(p);
                    assertThat(got).isEqualTo(image);
                    assertThat(p.nextToken()).isEqualTo(JsonToken.END_OBJECT);
                    assertThat(p.nextToken()).isEqualTo(JsonToken.END_ARRAY);
                    assertThat(p.nextFieldName()).isEqualTo("after");
                    assertThat(p.nextIntValue(0)).isEqualTo(7);
                }
                byte[] bad = "{\"b64_json\":\"AAAA*AAA\"}".getBytes(StandardCharsets.US_ASCII);
                try (JsonParser p = Json.FACTORY.createParser(Base64Images.unreadable(new ByteArrayInputStream(bad)))) {
                    p.nextToken();
                    p.nextToken();
                    p.nextToken();
                    assertThatThrownBy(() -> Base64Images.read(p)).isInstanceOf(IOException.class);
                }
            }
        }
    }

    @Test
    void invalidBase64IsAnIOException() {
        byte[] json = "{\"a\":\"AQ*D\"}".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> {
            try (JsonParser p = Json.FACTORY.createParser(Base64Images.unreadable(new ByteArrayInputStream(json)))) {
                p.nextToken();
                p.nextFieldName();
                p.nextToken();
                Base64Images.read(p);
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("base64");
    }

    @Test
    void chunkedOutputKeepsEveryByteAndRefusesUseAfterRelease() {
        ChunkedOutput out = new ChunkedOutput();
        byte[] expected = new byte[2 * ChunkedOutput.CHUNK + 3];
        new Random(4).nextBytes(expected);
        out.write(expected[0]);
        out.write(expected, 1, ChunkedOutput.CHUNK);
        out.write(expected, 1 + ChunkedOutput.CHUNK, expected.length - 1 - ChunkedOutput.CHUNK);
        assertThat(out.size()).isEqualTo(expected.length);
        assertThat(out.toByteArray()).isEqualTo(expected);
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IllegalStateException.class);
        assertThat(new ChunkedOutput().toByteArray()).isEmpty();
    }
}
