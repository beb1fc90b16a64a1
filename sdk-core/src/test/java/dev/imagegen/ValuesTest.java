package dev.imagegen;

import dev.imagegen.internal.Base64Images;
import dev.imagegen.internal.Json;
import dev.imagegen.internal.MediaTypes;
import dev.imagegen.spi.ImageData;
import dev.imagegen.testing.TestImages;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Value types, media sniffing, base64 streaming, the module descriptor. */
class ValuesTest {

    @Test
    void sniffsAndMeasuresPngAndJpeg() {
        byte[] png = TestImages.png(123, 45);
        byte[] jpg = TestImages.jpeg(77, 66);
        assertThat(MediaTypes.sniff(png, png.length)).contains("image/png");
        assertThat(MediaTypes.dimensions(png)).contains(ImageSize.of(123, 45));
        assertThat(MediaTypes.sniff(jpg, jpg.length)).contains("image/jpeg");
        assertThat(MediaTypes.dimensions(jpg)).contains(ImageSize.of(77, 66));
        assertThat(GeneratedImage.of(jpg).size()).isEqualTo(ImageSize.of(77, 66));
    }

    @Test
    void aPngWithoutAnIhdrChunkFirstHasNoDimensions() {
        byte[] png = TestImages.png(10, 10);
        png[12] = 'X';
        assertThat(MediaTypes.sniff(png, png.length)).contains("image/png");
        assertThat(MediaTypes.dimensions(png)).isEmpty();
        assertThatThrownBy(() -> GeneratedImage.of(png).size()).isInstanceOf(InvalidResponseException.class);
    }

    @Test
    void writtenFilesFollowTheUmaskNotOwnerOnly(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path out = dir.resolve("a.png");
        GeneratedImage.of(TestImages.png(3, 3)).writeTo(out);
        Path plain = Files.createFile(dir.resolve("plain"));
        if (out.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(Files.getPosixFilePermissions(out)).isEqualTo(Files.getPosixFilePermissions(plain));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.png", "plain");
        }
    }

    @Test
    void sniffsAndMeasuresWebpGifAndAvifHeaders() {
        // VP8L: 14-bit width-1 and height-1 after the 0x2f signature
        int w = 300;
        int h = 200;
        int bits = (w - 1) | ((h - 1) << 14);
        byte[] vp8l = riff("VP8L", new byte[]{0x2f, (byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24), 0, 0, 0, 0});
        assertThat(MediaTypes.sniff(vp8l, vp8l.length)).contains("image/webp");
        assertThat(MediaTypes.dimensions(vp8l)).contains(ImageSize.of(300, 200));
        // VP8X: 24-bit canvas width-1 and height-1
        byte[] vp8x = riff("VP8X", new byte[]{0, 0, 0, 0, (byte) 0xff, 0x03, 0, (byte) 0x7f, 0x02, 0});
        assertThat(MediaTypes.dimensions(vp8x)).contains(ImageSize.of(1024, 640));
        byte[] gif = "GIF89a".getBytes(StandardCharsets.US_ASCII);
        gif = java.util.Arrays.copyOf(gif, 13);
        gif[6] = 10;
        gif[8] = 20;
        assertThat(MediaTypes.sniff(gif, gif.length)).contains("image/gif");
        assertThat(MediaTypes.dimensions(gif)).contains(ImageSize.of(10, 20));
        byte[] avif = new byte[64];
        System.arraycopy(new byte[]{0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'a', 'v', 'i', 'f'}, 0, avif, 0, 12);
        System.arraycopy(new byte[]{'i', 's', 'p', 'e', 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 1, 0}, 0, avif, 40, 16);
        assertThat(MediaTypes.sniff(avif, avif.length)).contains("image/avif");
        assertThat(MediaTypes.dimensions(avif)).contains(ImageSize.of(512, 256));
        assertThat(MediaTypes.sniff(new byte[]{'{', '}'}, 2)).isEmpty();
    }

    private static byte[] riff(String chunk, byte[] payload) {
        byte[] out = new byte[30 + payload.length];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 4);
        System.arraycopy("WEBP".getBytes(StandardCharsets.US_ASCII), 0, out, 8, 4);
        System.arraycopy(chunk.getBytes(StandardCharsets.US_ASCII), 0, out, 12, 4);
        System.arraycopy(payload, 0, out, 20, payload.length);
        if (chunk.equals("VP8X")) {
            System.arraycopy(payload, 0, out, 20, payload.length);
            System.arraycopy(payload, 4, out, 24, 6);
        }
        return out;
    }

    @Test
    void base64DecodesPaddedUnpaddedAndDataUris() {
        byte[] data = {1, 2, 3, 4, 5};
        String padded = Base64.getEncoder().encodeToString(data);
        assertThat(padded).endsWith("=");
        assertThat(ImageData.decodeBase64(padded)).isEqualTo(data);
        assertThat(ImageData.decodeBase64(padded.replace("=", ""))).isEqualTo(data);
        assertThat(ImageData.decodeBase64("data:image/png;base64," + padded)).isEqualTo(data);
        assertThatThrownBy(() -> ImageData.decodeBase64("data:text/plain,hello")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void streamingDecodeTakesImagesBeyondJacksonsStringLimit() throws IOException {
        byte[] image = new byte[16_000_000]; // 21.3 million base64 characters: more than Jackson allows in a String
        new Random(1).nextBytes(image);
        String b64 = Base64.getEncoder().withoutPadding().encodeToString(image);
        assertThat(b64.length()).isGreaterThan(20_000_000);
        byte[] json = ("{\"b64\":\"" + b64 + "\"}").getBytes(StandardCharsets.US_ASCII);
        try (JsonParser p = ImageData.parser(new ByteArrayInputStream(json))) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            p.nextToken();
            p.nextToken();
            assertThat(ImageData.readBase64(p)).isEqualTo(image);
        }
    }

    @Test
    void dataUriPrefixesAreStrippedFromValuesOnly() throws IOException {
        String json = "{\"data:image/png;base64,key\":\"data:image/png;base64,AQID\",\"outputs\":[\"data:image/webp;base64,BAUG\","
                + "\"AQID\",\"data:text/plain;base64,AQID\"],\"note\":\"say \\\"data:image/png;base64,\\\"\",\"n\":1}";
        byte[] out = Base64Images.stripDataUriPrefixes(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))).readAllBytes();
        var tree = Json.MAPPER.readTree(out);
        assertThat(tree.get("data:image/png;base64,key").asText()).isEqualTo("AQID");
        assertThat(tree.get("outputs").get(0).asText()).isEqualTo("BAUG");
        assertThat(tree.get("outputs").get(1).asText()).isEqualTo("AQID");
        assertThat(tree.get("outputs").get(2).asText()).isEqualTo("data:text/plain;base64,AQID");
        assertThat(tree.get("note").asText()).isEqualTo("say \"data:image/png;base64,\"");
        assertThat(tree.get("n").asInt()).isEqualTo(1);
    }

    @Test
    void parsesSizesRatiosAndFormats() {
        assertThat(ImageSize.parse("1024x768")).isEqualTo(ImageSize.of(1024, 768));
        assertThat(ImageSize.parse("1024*768")).isEqualTo(ImageSize.of(1024, 768));
        assertThat(ImageSize.parse("1024 \u00d7 768")).isEqualTo(ImageSize.of(1024, 768));
        assertThatThrownBy(() -> ImageSize.parse("big")).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.field()).contains("size"));
        assertThat(AspectRatio.parse("16:9")).isEqualTo(AspectRatio.of(16, 9));
        assertThatThrownBy(() -> AspectRatio.parse("16/9")).hasMessageContaining("aspectRatio");
        assertThat(OutputFormat.of("JPG")).isEqualTo(OutputFormat.JPEG);
        assertThat(OutputFormat.of("heic").name()).isEqualTo("heic");
        assertThat(ValueRange.ofInts(1, 100).toString()).isEqualTo("1..100");
        assertThat(ValueRange.ofInts(1, 100).contains(50.5)).isFalse();
    }

    @ParameterizedTest(name = "size({0}, {1})")
    @CsvSource({"-1, -1", "0, 0", "0, 1024", "1024, -5", "-2147483648, 1"})
    void sidesBelowOneAreInvalidRequestsNamingSize(int width, int height) {
        // issue 12: these were IllegalArgumentExceptions, which the SDK's callers do not expect from a request field
        assertThatThrownBy(() -> ImageRequest.builder().model("m").prompt("p").size(width, height))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).contains("size");
                    assertThat(e.allowed()).containsExactly("width >= 1", "height >= 1");
                    assertThat(e.httpStatus()).as("the SDK's own check: nothing was sent").isEmpty();
                    assertThat(e.getMessage()).startsWith("size: ").contains(width + "x" + height);
                });
        assertThatThrownBy(() -> ImageSize.of(width, height)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> ImageSize.parse(width + "x" + height)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.field()).contains("size"));
    }

    @Test
    void aRangeMayAllowSingleValuesOutsideIt() {
        ValueRange seed = ValueRange.ofInts(1, Long.MAX_VALUE).or(-1);
        assertThat(seed.contains(-1)).isTrue();
        assertThat(seed.contains(1)).isTrue();
        assertThat(seed.contains(Long.MAX_VALUE)).isTrue();
        assertThat(seed.contains(0)).as("Segmind documents -1 and positive integers, not 0").isFalse();
        assertThat(seed.contains(-2)).isFalse();
        assertThat(seed.toString()).isEqualTo("-1 or 1..9223372036854775807");
        assertThat(seed.alsoAllowed()).containsExactly(-1.0);
        assertThat(seed).isEqualTo(ValueRange.ofInts(1, Long.MAX_VALUE).or(-1)).isNotEqualTo(ValueRange.ofInts(1, Long.MAX_VALUE));
        assertThat(ValueRange.ofInts(1, 100)).isEqualTo(new ValueRange(1, 100, true, java.util.List.of()));
        assertThat(ValueRange.ofDoubles(0, 1).or(2.5).toString()).isEqualTo("2.5 or 0.0..1.0");
        assertThat(ValueRange.ofInts(0, 10).or(-1).or(-2).toString()).isEqualTo("-1 or -2 or 0..10");
    }

    @Test
    void unreadableSizeTextIsAnInvalidRequestNamingTheForm() {
        for (String text : new String[]{"", "x", "1024", "1024x", "x768", "axb", "99999999999x1"}) {
            assertThatThrownBy(() -> ImageSize.parse(text)).as(text).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                assertThat(e.field()).contains("size");
                assertThat(e.allowed()).singleElement().asString().contains("WIDTHxHEIGHT");
            });
        }
        assertThat(ImageSize.parse(" 1 x 1 ")).isEqualTo(ImageSize.of(1, 1));
    }

    @Test
    void requestsAreImmutableValues() {
        ImageRequest a = ImageRequest.builder().model("m").prompt("p").size(512, 512).seed(3L).loraScale(0.5)
                .providerOption("x", "k", "v").build();
        ImageRequest b = a.toBuilder().build();
        assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(a.toBuilder().aspectRatio("1:1").build().size()).isEmpty();
        assertThat(a.toString()).contains("512x512").contains("seed=3");
        assertThat(a.providerOptions("x")).containsEntry("k", "v");
        assertThatThrownBy(() -> a.providerOptions().put("y", java.util.Map.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ImageRequest.builder().model("m").prompt("p").strength(0.5).build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("strength"));
        assertThatThrownBy(() -> ImageRequest.builder().model("m").prompt("p").count(0).build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("count"));
    }

    @Test
    void costsAddUpAndStayEstimatedWhenEitherIs() {
        Cost r = Cost.reported(new java.math.BigDecimal("0.01"));
        Cost e = Cost.estimated(new java.math.BigDecimal("0.02"));
        assertThat(r.plus(r).kind()).isEqualTo(Cost.Kind.REPORTED);
        assertThat(r.plus(e)).isEqualTo(Cost.estimated(new java.math.BigDecimal("0.03")));
    }

    @Test
    void theModuleExportsOnlyThePublicApi() throws IOException {
        Path descriptor = Path.of("target/classes/module-info.class");
        ModuleDescriptor d = ModuleDescriptor.read(Files.newInputStream(descriptor));
        assertThat(d.name()).isEqualTo("dev.imagegen.core");
        assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactlyInAnyOrder("dev.imagegen", "dev.imagegen.spi");
        assertThat(d.uses()).containsExactly("dev.imagegen.spi.ImageProviderFactory");
    }
}
