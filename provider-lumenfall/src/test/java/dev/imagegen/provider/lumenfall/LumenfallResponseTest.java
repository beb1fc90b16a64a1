package dev.imagegen.provider.lumenfall;

import dev.imagegen.testing.StubResponse;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.Cost;
import dev.imagegen.GeneratedImage;
import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.spi.ProviderResult;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.Fixtures;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Random;

import static dev.imagegen.provider.lumenfall.LumenfallTestSupport.b64Response;
import static dev.imagegen.provider.lumenfall.LumenfallTestSupport.json;
import static dev.imagegen.provider.lumenfall.LumenfallTestSupport.urlResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading {@code {created, data:[{url | b64_json, revised_prompt}]}} and Lumenfall's headers. */
class LumenfallResponseTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    ImageClient client;

    @BeforeEach
    void setUp() {
        client = LumenfallTestSupport.client(server, new FakeTime(), Map.of());
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    static ImageRequest request(String model) {
        return ImageRequest.builder().model(model).prompt("A serene mountain landscape at sunset").build();
    }

    @Test
    void urlOutputIsDownloadedWithTheRequestWithoutCredentialsAndHeadersBecomeMetadata() throws Exception {
        byte[] png = TestImages.png(64, 48);
        String url = server.url("/files/out-1.png").toString();
        server.enqueue(urlResponse(url).newBuilder()
                .addHeader("X-Lumenfall-Provider", "fal")
                .addHeader("X-Lumenfall-Model", "fal-ai/hidream-i1-full")
                .addHeader("X-Lumenfall-Request-Id", "req_lf_123").build());
        server.enqueue(Fixtures.image(png, "image/png"));

        ImageResult result = client.generate(request("hidream-i1-full"));

        assertThat(result.requestId()).contains("req_lf_123");
        assertThat(result.metadata()).containsEntry("upstreamProvider", "fal")
                .containsEntry("upstreamModel", "fal-ai/hidream-i1-full")
                .containsEntry("created", "1734567890");
        assertThat(result.model()).isEqualTo("hidream-i1-full");
        assertThat(result.cost()).contains(Cost.estimated(new BigDecimal("0.05")));
        GeneratedImage image = result.image();
        assertThat(image.url()).contains(url);
        assertThat(image.revisedPrompt()).contains("A serene mountain landscape at sunset, golden light");
        assertThat(image.isLoaded()).as("downloaded and checked before generate() returned").isTrue();
        assertThat(server.getRequestCount()).isEqualTo(2);

        assertThat(image.bytes()).isEqualTo(png);
        assertThat(image.mediaType()).isEqualTo("image/png");
        assertThat(image.width()).isEqualTo(64);

        RecordedRequest api = server.takeRequest();
        assertThat(api.getHeaders().get("Authorization")).isEqualTo("Bearer " + LumenfallTestSupport.KEY);
        RecordedRequest download = server.takeRequest();
        assertThat(download.getMethod()).isEqualTo("GET");
        assertThat(download.getUrl().encodedPath()).isEqualTo("/files/out-1.png");
        assertThat(download.getHeaders().get("Authorization")).as("no credential on the download").isNull();
    }

    @Test
    void b64JsonOutputIsDecodedAndANullRevisedPromptIsAbsent() {
        byte[] png = TestImages.png(40, 20);
        server.enqueue(b64Response(Base64.getEncoder().encodeToString(png)));
        ImageResult result = client.generate(request("hidream-i1-dev"));
        assertThat(result.image().bytes()).isEqualTo(png);
        assertThat(result.image().url()).isEmpty();
        assertThat(result.image().revisedPrompt()).isEmpty();
        assertThat(result.requestId()).isEmpty();
        assertThat(result.metadata()).doesNotContainKeys("upstreamProvider", "upstreamModel");
    }

    @Test
    void severalItemsMixingUrlAndB64AreReadInOrder() {
        byte[] a = TestImages.png(10, 10);
        byte[] b = TestImages.jpeg(12, 12);
        server.enqueue(json(200, "{\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(a)
                + "\",\"unknown\":{\"x\":[1,2]}},{\"url\":\"" + server.url("/files/b.jpg") + "\",\"revised_prompt\":\"second\"}],"
                + "\"created\":1,\"usage\":{\"total_tokens\":3}}"));
        server.enqueue(Fixtures.image(b, "image/jpeg"));
        ImageResult result = client.generate(request("hidream-i1-fast").toBuilder().count(2).build());
        assertThat(result.images()).hasSize(2);
        assertThat(result.images().get(0).bytes()).isEqualTo(a);
        assertThat(result.images().get(1).revisedPrompt()).contains("second");
        assertThat(result.images().get(1).bytes()).isEqualTo(b);
        assertThat(result.images().get(1).mediaType()).isEqualTo("image/jpeg");
    }

    @Test
    void answerWithoutImagesIsAnInvalidResponse() {
        server.enqueue(json(200, "{\"created\":1,\"data\":[]}"));
        assertThatThrownBy(() -> client.generate(request("hidream-i1-full")))
                .isInstanceOf(InvalidResponseException.class).hasMessageContaining("no images");
        server.enqueue(json(200, "{\"created\":1,\"data\":[{\"revised_prompt\":\"p\"}]}"));
        assertThatThrownBy(() -> client.generate(request("hidream-i1-full")))
                .isInstanceOf(InvalidResponseException.class).hasMessageContaining("neither url nor b64_json");
    }

    @Test
    void errorObjectInA2xxIsAGenerationFailure() {
        server.enqueue(json(200, "{\"error\":{\"message\":\"NSFW content detected\",\"code\":\"CONTENT_FILTERED\"}}")
                .newBuilder().addHeader("X-Lumenfall-Request-Id", "req_9").build());
        assertThatThrownBy(() -> client.generate(request("hidream-i1-full")))
                .isInstanceOfSatisfying(GenerationFailedException.class, e -> {
                    assertThat(e.vendorCode()).contains("CONTENT_FILTERED");
                    assertThat(e.vendorMessage()).contains("NSFW content detected");
                    assertThat(e.requestId()).contains("req_9");
                });
    }

    /** About 20 MB of random bytes behind a real PNG signature, as a vendor's b64_json would carry. */
    static byte[] twentyMegabyteImage() {
        byte[] image = new byte[20 * 1024 * 1024];
        new Random(7).nextBytes(image);
        // a real PNG's signature and IHDR chunk, so the SDK's image check reads believable dimensions
        System.arraycopy(TestImages.png(64, 48), 0, image, 0, 33);
        return image;
    }

    @Test
    void twentyMegabyteB64JsonIsDecodedByStreaming() {
        byte[] image = twentyMegabyteImage();
        String base64 = Base64.getEncoder().encodeToString(image);
        String body = Fixtures.text(LumenfallProviderFactory.ID, "images-response-b64.json", "B64", base64);
        // the base64 text is over Jackson's default 20M-character limit for a String: building one would fail, so a
        // successful decode shows the value was never materialised
        assertThat(base64.length()).isGreaterThan(20_000_000);
        assertThatThrownBy(() -> new ObjectMapper().readTree(body)).isInstanceOf(StreamConstraintsException.class);

        server.enqueue(json(200, body));
        ImageResult result = client.generate(request("hidream-i1-full").toBuilder()
                .providerOption("lumenfall", "response_format", "b64_json").build());
        assertThat(result.image().bytes()).isEqualTo(image);
        assertThat(result.image().mediaType()).isEqualTo("image/png");
    }

    @Test
    void decodingTwentyMegabytesAllocatesLessThanThreeTimesTheImage() {
        byte[] image = twentyMegabyteImage();
        byte[] body = Fixtures.text(LumenfallProviderFactory.ID, "images-response-b64.json",
                "B64", Base64.getEncoder().encodeToString(image)).getBytes(StandardCharsets.UTF_8);
        StubResponse response = StubResponse.of(200, body);
        ModelInfo model = LumenfallCatalog.MODELS.get(0);
        ImageRequest request = request(model.id()).toBuilder().outputFormat(OutputFormat.PNG).build();
        LumenfallResponseParser parser = new LumenfallResponseParser();
        parser.parse(request, model, StubResponse.of(200, "{\"data\":[{\"b64_json\":\"iVBORw0KGgo=\"}]}")); // warm up

        long before = allocatedByThisThread();
        ProviderResult result = parser.parse(request, model, response);
        long allocated = allocatedByThisThread() - before;

        assertThat(result.images().get(0).bytes()).isEqualTo(image);
        assertThat(result.images().get(0).declaredMediaType()).isEqualTo("image/png");
        assertThat(allocated).as("bytes allocated decoding a %d-byte image", image.length).isLessThan(3L * image.length);
    }

    /**
     * {@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes} for the current thread. Called reflectively: the
     * tests compile inside this module, which (rightly) does not read {@code java.management}.
     */
    static long allocatedByThisThread() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Method allocated = Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes", long.class);
            return (Long) allocated.invoke(bean, Thread.currentThread().getId());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("this JVM cannot count allocations", e);
        }
    }
}
