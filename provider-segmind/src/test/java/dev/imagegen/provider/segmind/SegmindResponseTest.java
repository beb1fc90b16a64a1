package dev.imagegen.provider.segmind;

import dev.imagegen.Cost;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.Fixtures;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the v1 answer: the body is the image, the headers carry seed, cost, request id and timings. */
class SegmindResponseTest {

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

    private static ImageRequest request() {
        return ImageRequest.builder().model("hidream-i1-fast").prompt("a panda").build();
    }

    @Test
    void theBodyIsTheImageAndTheHeadersFillTheResult() {
        byte[] png = TestImages.png(64, 48);
        server.enqueue(SegmindTestSupport.image(png, "image/png", "req-abc-123"));
        ImageResult r = client.generate(request());
        assertThat(r.provider()).isEqualTo("segmind");
        assertThat(r.model()).isEqualTo("hidream-l1-fast");
        assertThat(r.images()).hasSize(1);
        assertThat(r.image().bytes()).isEqualTo(png);
        assertThat(r.image().mediaType()).isEqualTo("image/png");
        assertThat(r.image().width()).isEqualTo(64);
        assertThat(r.seed()).contains(123456789L);
        assertThat(r.requestId()).contains("req-abc-123");
        assertThat(r.cost()).contains(Cost.reported(new BigDecimal("0.0153")));
        assertThat(r.timings().inference()).contains(Duration.ofMillis(9750));
        assertThat(r.metadata()).containsEntry("remainingCredits", "42.5")
                .containsEntry("rateLimitResetAtUtc", "2026-01-01T00:01:00Z");
    }

    @Test
    void jpegAndWebpBodiesAreAccepted() {
        byte[] jpeg = TestImages.jpeg(32, 32);
        server.enqueue(SegmindTestSupport.image(jpeg, "image/jpeg", "r1"));
        assertThat(client.generate(request()).image().mediaType()).isEqualTo("image/jpeg");
        byte[] webp = {'R', 'I', 'F', 'F', 0x1a, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L', 0x0d, 0, 0, 0, 0x2f, 0, 0, 0,
                0x10, 0x07, 0x10, 0x11, 0x11, (byte) 0x88, (byte) 0x88, (byte) 0xfe, 0x07, 0};
        server.enqueue(SegmindTestSupport.image(webp, "image/webp", "r2"));
        assertThat(client.generate(request()).image().bytes()).isEqualTo(webp);
    }

    @Test
    void withoutCostHeaderTheCatalogEstimateIsUsed() {
        server.enqueue(Fixtures.image(TestImages.png(8, 8), "image/png"));
        ImageResult r = client.generate(request());
        assertThat(r.cost()).contains(Cost.estimated(new BigDecimal("0.015")));
        assertThat(r.seed()).isEmpty();
        assertThat(r.requestId()).isEmpty();
        assertThat(r.timings().inference()).isEmpty();
    }

    @Test
    void aCountAboveOneRunsOneCallPerImageAndAddsTheReportedCosts() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(SegmindTestSupport.image(TestImages.png(8, 8), "image/png", "req-" + i));
        }
        ImageResult r = client.generate(ImageRequest.builder().model("hidream-i1-fast").prompt("x").count(3).seed(10L).build());
        assertThat(r.images()).hasSize(3);
        assertThat(r.cost()).contains(Cost.reported(new BigDecimal("0.0459")));
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(r.metadata().get("requestIds")).contains("req-0").contains("req-1").contains("req-2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/json | {\"error\":\"something odd\"} | something odd",
            "text/html | <html><head><title>Gateway page</title></head><body>hi</body></html> | Gateway page",
            "image/png | {\"status\":\"ok\"} | status",
            "text/plain | | 0 bytes"})
    void aSuccessStatusWithoutAnImageIsAnInvalidResponse(String type, String body, String expected) {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", type)
                .addHeader("x-request-id", "req-not-image").body(body == null ? "" : body).build());
        assertThatThrownBy(() -> client.generate(request()))
                .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                    assertThat(e.requestId()).contains("req-not-image");
                    assertThat(e.getMessage()).contains("not an image").contains(expected).contains("req-not-image");
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anImageDeclaredAsOctetStreamIsAcceptedByItsMagicBytes() {
        byte[] png = TestImages.png(8, 8);
        server.enqueue(SegmindTestSupport.image(png, "application/octet-stream", "r1"));
        assertThat(client.generate(request()).image().mediaType()).isEqualTo("image/png");
    }

    @Test
    void headerValuesAreReadTolerantly() {
        assertThat(SegmindResponseParser.seconds("9.75")).contains(Duration.ofMillis(9750));
        assertThat(SegmindResponseParser.seconds(" 12s ")).contains(Duration.ofSeconds(12));
        assertThat(SegmindResponseParser.seconds("0.0015")).contains(Duration.ofNanos(1_500_000));
        assertThat(SegmindResponseParser.seconds("soon")).isEmpty();
        assertThat(SegmindResponseParser.seconds("-1")).isEmpty();
        assertThat(SegmindResponseParser.usd("$0.02")).contains(new BigDecimal("0.02"));
        assertThat(SegmindResponseParser.usd("abc")).isEmpty();
        assertThat(SegmindResponseParser.usd("-0.5")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "9", "9.75", "0.0015", "12.0", "999999999.999999999", "1.0000000005", "1.0000000004999",
            "0.00000000049", "0.00000000050", "3.1415926535897932384626433832795", "123456789.1234567894", "007.5",
            "1234567890", "9.", ".5", "1e3", "+1", "1.2.3", "", "1,5", "0.1234567895000000000000000000001"})
    void plainSecondsReadAsTheBigDecimalPathReadsThem(String text) {
        long fast = SegmindResponseParser.plainSecondsAsNanos(text);
        if (fast >= 0) {
            assertThat(fast).isEqualTo(new BigDecimal(text).movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP)
                    .longValueExact());
        }
        assertThat(fast < 0).as("fast path refuses only what is not d{1,9}(.d{1,30})?")
                .isEqualTo(!text.matches("[0-9]{1,9}(\\.[0-9]{1,30})?"));
    }

    @Test
    void anUnparsableSeedHeaderIsKeptAsMetadata() {
        server.enqueue(Fixtures.image(TestImages.png(8, 8), "image/png").newBuilder()
                .addHeader("x-seed-value", "99999999999999999999999").build());
        ImageResult r = client.generate(request());
        assertThat(r.seed()).isEmpty();
        assertThat(r.metadata()).containsEntry("seedValue", "99999999999999999999999");
    }
}
