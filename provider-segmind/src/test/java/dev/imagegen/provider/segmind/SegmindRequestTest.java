package dev.imagegen.provider.segmind;

import dev.imagegen.AspectRatio;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ImageSize;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.SpeedMode;
import dev.imagegen.testing.CallMode;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What goes on the wire: URL, headers and the JSON body, compared byte for byte with the fixtures. */
class SegmindRequestTest {

    static final String PROMPT = "a cute panda holding a sign that says \"Keep Calm and Keep Building\"";

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakeTime time;
    ImageClient client;

    @BeforeEach
    void setUp() {
        time = new FakeTime();
        client = SegmindTestSupport.client(server, time, Map.of());
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private static ImageRequest.Builder request() {
        return ImageRequest.builder().provider("segmind").model("hidream-i1-fast").prompt(PROMPT);
    }

    /** Sends the request against a canned image answer and returns what the server received. */
    private RecordedRequest send(ImageRequest request) throws InterruptedException {
        server.enqueue(SegmindTestSupport.image(TestImages.png(8, 8), "image/png", "req-1"));
        client.generate(request);
        RecordedRequest recorded = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(recorded).isNotNull();
        return recorded;
    }

    private static void assertBody(RecordedRequest recorded, String fixture) {
        byte[] expected = SegmindTestSupport.fixture("request/" + fixture);
        byte[] actual = recorded.getBody().toByteArray();
        assertThat(new String(actual, StandardCharsets.UTF_8)).as("body as text").isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(actual).as("body bytes vs fixture %s", fixture).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(SpeedMode.class)
    void everySpeedModeIsSentAsTheVendorsExactString(SpeedMode mode) throws Exception {
        RecordedRequest r = send(request().seed(42L).speedMode(mode).build());
        assertBody(r, "speed-" + mode.name() + ".json");
    }

    @ParameterizedTest
    @CsvSource({
            "1024, 1024, 1024 \u00D7 1024 (Square)",
            "768, 1360, 768 \u00D7 1360 (Portrait)",
            "1360, 768, 1360 \u00D7 768 (Landscape)",
            "880, 1168, 880 \u00D7 1168 (Portrait)",
            "1168, 880, 1168 \u00D7 880 (Landscape)",
            "1248, 832, 1248 \u00D7 832 (Landscape)",
            "832, 1248, 832 \u00D7 1248 (Portrait)"})
    void everySizeIsSentAsItsResolutionLabel(int width, int height, String label) throws Exception {
        RecordedRequest r = send(request().size(width, height).build());
        assertBody(r, "resolution-" + width + "x" + height + ".json");
        assertThat(r.getBody().utf8()).contains("\"resolution\":\"" + label + "\"");
    }

    @ParameterizedTest
    @CsvSource({
            "1:1, 1024x1024",
            "9:16, 768x1360",
            "16:9, 1360x768",
            "3:4, 880x1168",
            "4:3, 1168x880",
            "3:2, 1248x832",
            "2:3, 832x1248"})
    void everyAspectRatioPicksTheLabelOfThatShape(String ratio, String size) throws Exception {
        RecordedRequest r = send(request().aspectRatio(ratio).build());
        assertBody(r, "resolution-" + size + ".json");
    }

    @Test
    void aspectRatioOutsideTheSevenIsRejectedBeforeSending() {
        assertThatThrownBy(() -> client.generate(request().aspectRatio("21:9").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).contains("aspectRatio");
                    assertThat(e.allowed()).containsExactly("1:1", "9:16", "16:9", "3:4", "4:3", "3:2", "2:3");
                });
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void unsetFieldsGetTheVendorsDefaultsInTheFixedOrder() throws Exception {
        RecordedRequest r = send(request().build());
        assertBody(r, "defaults.json");
    }

    @Test
    void jpegIsSentAsJpgWithQuality() throws Exception {
        RecordedRequest r = send(request().seed(7L).outputFormat(OutputFormat.JPEG).outputQuality(80)
                .speedMode(SpeedMode.FASTEST).size(1248, 832).build());
        assertBody(r, "jpeg-quality-80.json");
    }

    @Test
    void pngIsSentAsPng() throws Exception {
        assertBody(send(request().outputFormat(OutputFormat.PNG).build()), "png.json");
    }

    @Test
    void providerOptionsAreMergedLastAndWin() throws Exception {
        RecordedRequest r = send(request().seed(3L).outputQuality(80)
                .providerOption("segmind", "output_quality", 55)
                .providerOption("segmind", "base64", false).build());
        assertBody(r, "provider-options.json");
    }

    @Test
    void postsToV1WithTheKeyInXApiKeyAndNoAuthorization() throws Exception {
        RecordedRequest r = send(request().build());
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/hidream-l1-fast");
        assertThat(r.getHeaders().get("x-api-key")).isEqualTo(SegmindTestSupport.KEY);
        assertThat(r.getHeaders().get("Authorization")).isNull();
        assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
    }

    @Test
    void theVendorsOwnModelIdWorksToo() throws Exception {
        RecordedRequest r = send(ImageRequest.builder().model("hidream-l1-fast").prompt(PROMPT).build());
        assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/hidream-l1-fast");
        assertBody(r, "defaults.json");
    }

    @Test
    void aSizeNotInTheListIsRejectedListingTheSevenSizes() {
        assertThatThrownBy(() -> client.generate(request().size(1024, 768).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).contains("size");
                    assertThat(e.allowed()).containsExactly("1024x1024", "768x1360", "1360x768", "880x1168", "1168x880",
                            "1248x832", "832x1248");
                });
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void nearestSizeReplacesItWithAWarning() throws Exception {
        server.enqueue(SegmindTestSupport.image(TestImages.png(8, 8), "image/png", "req-1"));
        ImageResult result = client.generate(request().size(1920, 1080).nearestSize(true).build());
        assertBody(server.takeRequest(1, TimeUnit.SECONDS), "resolution-1360x768.json");
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("1920x1080").contains("1360x768"));
    }

    @Test
    void qualityAndSeedOutOfRangeAreRejectedBeforeSending() {
        assertThatThrownBy(() -> client.generate(request().outputQuality(0).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.allowed()).containsExactly("1..100"));
        assertThatThrownBy(() -> client.generate(request().seed(-2L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("seed"));
        assertThatThrownBy(() -> client.generate(request().outputFormat(OutputFormat.GIF).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.allowed()).containsExactly("webp", "png", "jpeg"));
        assertThat(server.getRequestCount()).isZero();
    }

    /** docs.segmind.com/api-reference/random-seed: -1 is random, "any positive integer" is deterministic; 0 is neither. */
    @ParameterizedTest(name = "seed {0}, {1}")
    @CsvSource({"0, BLOCKING", "0, ASYNC", "-2, BLOCKING", "-9223372036854775808, ASYNC"})
    void seedsTheVendorDoesNotDocumentAreRejectedBeforeSending(long seed, CallMode mode) {
        assertThatThrownBy(() -> mode.generate(client, request().seed(seed).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).contains("seed");
                    assertThat(e.allowed()).containsExactly("-1 or 1..9223372036854775807");
                    assertThat(e.httpStatus()).isEmpty();
                });
        assertThat(server.getRequestCount()).isZero();
    }

    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"-1", "1", "9223372036854775807"})
    void documentedSeedsAreSentAsGiven(long seed) throws Exception {
        String body = send(request().seed(seed).build()).getBody().utf8();
        assertThat(body).contains("\"seed\":" + seed + ",");
    }

    @Test
    void catalogListsTheModelAsDocumented() {
        SegmindProviderFactory f = new SegmindProviderFactory();
        assertThat(f.id()).isEqualTo("segmind");
        assertThat(f.defaultBaseUrl()).isEqualTo("https://api.segmind.com");
        assertThat(f.authScheme().name()).isEqualTo("x-api-key");
        assertThat(f.authScheme().value("k")).isEqualTo("k");
        assertThat(f.envPrefix()).isEqualTo("SEGMIND");
        ModelInfo m = f.models().get(0);
        assertThat(f.models()).hasSize(1);
        assertThat(m.id()).isEqualTo("hidream-i1-fast");
        assertThat(m.vendorId()).isEqualTo("hidream-l1-fast");
        assertThat(m.sizes()).containsExactly(ImageSize.of(1024, 1024), ImageSize.of(768, 1360), ImageSize.of(1360, 768),
                ImageSize.of(880, 1168), ImageSize.of(1168, 880), ImageSize.of(1248, 832), ImageSize.of(832, 1248));
        assertThat(m.aspectRatios()).containsExactly(AspectRatio.of(1, 1), AspectRatio.of(9, 16), AspectRatio.of(16, 9),
                AspectRatio.of(3, 4), AspectRatio.of(4, 3), AspectRatio.of(3, 2), AspectRatio.of(2, 3));
        assertThat(m.formats()).containsExactly(OutputFormat.WEBP, OutputFormat.PNG, OutputFormat.JPEG);
        assertThat(m.speedModes()).containsExactlyInAnyOrder(SpeedMode.values());
        assertThat(m.maxCountPerCall()).isEqualTo(1);
        assertThat(m.maxCount()).isEqualTo(8);
        assertThat(m.seed()).hasValueSatisfying(r -> assertThat(r.toString()).isEqualTo("-1 or 1..9223372036854775807"));
        assertThat(m.price()).isPresent();
        assertThat(m.asynchronous()).isFalse();
        assertThat(m.defaultSize()).contains(ImageSize.of(1024, 1024));
    }

    @Test
    void speedModeStringsAreTheExactCodePoints() {
        assertThat(SegmindCatalog.speedMode(SpeedMode.QUALITY).codePoints().toArray()).contains(0x1F34B);
        assertThat(SegmindCatalog.speedMode(SpeedMode.BALANCED).codePoints().toArray()).contains(0x1F34A);
        assertThat(SegmindCatalog.speedMode(SpeedMode.FAST).codePoints().toArray()).contains(0x1F525);
        assertThat(SegmindCatalog.speedMode(SpeedMode.FASTEST).codePoints().toArray()).contains(0x1F680);
        assertThat(List.of(SegmindCatalog.Resolution.values())).allSatisfy(r ->
                assertThat(r.label.codePoints().filter(c -> c == 0x00D7).count()).isEqualTo(1));
    }
}
