package dev.imagegen.pipeline;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.fake.FakeProviderFactory;
import dev.imagegen.spi.AuthScheme;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.ProviderConfig;
import dev.imagegen.spi.WireRequest;
import dev.imagegen.testing.CallMode;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the SPI offers a new vendor (fal.ai needs each): a credential with a prefix or in a query parameter, its own
 * key variables, any HTTP method, a 422 that names the rejected field, and the API-origin check.
 */
class ProviderSpiTest extends PipelineFixture {

    /** The fake provider with another credential scheme and key variables ({@code FAKE_KEY}, then {@code FAKE_API_KEY}). */
    static final class KeyedFake extends FakeProviderFactory {
        final AtomicReference<ProviderConfig> config = new AtomicReference<>();

        KeyedFake(AuthScheme auth) {
            super(auth);
        }

        @Override
        public List<String> apiKeyVariables() {
            return List.of("FAKE_KEY", "FAKE_API_KEY");
        }

        @Override
        public ImageProvider create(ProviderConfig c) {
            config.set(c);
            return super.create(c);
        }

        @Override
        public java.util.Set<String> optionNames() {
            return java.util.Set.of("checkPath", "queue");
        }
    }

    @Test
    void anOptionTheProviderDoesNotDeclareIsRefusedFromTheBuilderAndDroppedFromTheEnvironment() {
        KeyedFake f = new KeyedFake(AuthScheme.bearer());
        assertThatThrownBy(() -> ImageClient.builder().discoverProviders(false).addProvider(f).environment(Map.of())
                .apiKey("fake", KEY).providerOption("fake", "queeue", "true").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queeue' is not an option of provider 'fake'")
                .hasMessageContaining("[checkPath, queue]");
        java.util.Properties props = new java.util.Properties();
        props.setProperty("imagegen.fake.queeue", "true");
        assertThatThrownBy(() -> ImageClient.builder().discoverProviders(false).addProvider(f).environment(Map.of())
                .systemProperties(props).apiKey("fake", KEY).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queeue");
        client(ImageClient.builder().discoverProviders(false).addProvider(f).apiKey("fake", KEY)
                .environment(Map.of("FAKE_QUEEUE", "true", "FAKE_QUEUE", "true")).systemProperties(new java.util.Properties()));
        assertThat(f.config.get().options()).as("what reached the provider").containsOnlyKeys("queue");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aCredentialWithAPrefixGoesInItsHeader(CallMode mode) throws Exception {
        server.enqueue(ok());
        mode.generate(client(builder(new KeyedFake(AuthScheme.header("Authorization", "Key ")))), sync());
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Key " + KEY);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aCredentialInAQueryParameterGoesOnlyToTheApiOriginAndIsNeverShown(CallMode mode) throws Exception {
        try (MockWebServer cdn = new MockWebServer()) {
            cdn.start();
            cdn.enqueue(new mockwebserver3.MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
                    .body(new okio.Buffer().write(dev.imagegen.testing.TestImages.png(8, 8))).build());
            server.enqueue(json(200, "{\"id\":\"r1\",\"images\":[{\"url\":\"" + cdn.url("/o.png") + "\"}]}"));
            List<ImageEventListener.Attempt> attempts = new CopyOnWriteArrayList<>();
            ImageClient c = client(builder(new KeyedFake(AuthScheme.queryParameter("key"))).listener(new ImageEventListener() {
                @Override
                public void attempt(Attempt event) {
                    attempts.add(event);
                }
            }));
            ImageResult r = mode.generate(c, sync());
            assertThat(r.image().bytes()).isNotEmpty();
            RecordedRequest api = server.takeRequest(1, TimeUnit.SECONDS);
            assertThat(api.getUrl().queryParameter("key")).isEqualTo(KEY);
            assertThat(api.getHeaders().toString()).doesNotContain(KEY);
            RecordedRequest download = cdn.takeRequest(1, TimeUnit.SECONDS);
            assertThat(download.getUrl().queryParameter("key")).as("no credential on a download").isNull();
            assertThat(r.metadata().get("answeredBy")).as("the URL handed to the provider").doesNotContain(KEY)
                    .startsWith(server.url("/generate").toString());
            assertThat(attempts).hasSize(2).allSatisfy(a -> assertThat(a.path()).doesNotContain(KEY));
        }
    }

    @Test
    void theFactoryNamesItsKeyVariablesAndTheyAreNeverOptions() {
        KeyedFake f = new KeyedFake(AuthScheme.header("x-api-key"));
        ImageClient withKey = client(ImageClient.builder().discoverProviders(false).addProvider(f).systemProperties(new java.util.Properties())
                .environment(Map.of("FAKE_KEY", KEY, "FAKE_BASE_URL", server.url("/").toString(), "FAKE_CHECK_PATH", "/c")));
        assertThat(withKey.providers()).containsExactly("fake");
        assertThat(f.config.get().options()).as("options from the environment").containsOnlyKeys("checkPath");

        ImageClient without = client(ImageClient.builder().discoverProviders(false).addProvider(new KeyedFake(AuthScheme.bearer()))
                .environment(Map.of()));
        assertThatThrownBy(() -> without.generate(ImageRequest.builder().provider("fake").model("fake-sync").prompt("x").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("provider"))
                .hasMessageContaining("set FAKE_KEY or FAKE_API_KEY");
        assertThatThrownBy(() -> without.generate(sync())).hasMessageContaining("FAKE_KEY or FAKE_API_KEY");
    }

    @Test
    void anyHttpMethodIsAllowedButOnlyAsAToken() {
        assertThat(WireRequest.of("PATCH", "https://api.example/x").build().method()).isEqualTo("PATCH");
        assertThat(WireRequest.put("https://api.example/x").build().method()).isEqualTo("PUT");
        assertThat(WireRequest.delete("https://api.example/x").build().method()).isEqualTo("DELETE");
        assertThatThrownBy(() -> WireRequest.of("get x", "https://api.example/x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("upper-case token");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aVendorRejectionOfOneFieldNamesIt(CallMode mode) {
        server.enqueue(json(422, "{\"error\":{\"message\":\"must be a multiple of 64\",\"code\":\"value_error\",\"field\":\"size\"}}"));
        ImageClient c = client();
        assertThatThrownBy(() -> mode.generate(c, sync()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).contains("size");
                    assertThat(e.httpStatus()).hasValue(422);
                    assertThat(e.vendorMessage()).contains("must be a multiple of 64");
                });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void inputImagesAreCheckedBeforeAnythingIsSent(CallMode mode) {
        ImageClient c = client(builder().maxInputImageBytes("fake", 4096));
        byte[] png = dev.imagegen.testing.TestImages.png(8, 8);
        byte[] gif = "GIF89a\u0001\u0000\u0001\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] big = java.util.Arrays.copyOf(png, 5000);
        record Case(ImageRequest request, String field, String problem) {
        }
        List<Case> cases = List.of(
                new Case(job().toBuilder().inputImage(dev.imagegen.InputImage.of(new byte[0])).build(), "inputImage", "is empty (0 bytes)"),
                new Case(job().toBuilder().inputImage(dev.imagegen.InputImage.of("hello, I am text".getBytes(), "image/png", "x.png"))
                        .build(), "inputImage", "is not an image (16 bytes, no PNG, JPEG, WebP, GIF or AVIF header)"),
                new Case(job().toBuilder().inputImage(dev.imagegen.InputImage.of(gif)).build(), "inputImage",
                        "is a image/gif image, a type fake/fake-job does not take"),
                new Case(job().toBuilder().inputImage(dev.imagegen.InputImage.of(big)).build(), "inputImage",
                        "is 5000 bytes, more than the 4096 bytes fake/fake-job takes"),
                new Case(job().toBuilder().inputImage(dev.imagegen.InputImage.of(png)).addInputImage(dev.imagegen.InputImage.of(new byte[0]))
                        .build(), "inputImages[1]", "is empty"),
                new Case(job().toBuilder().inputImage(dev.imagegen.InputImage.of(png)).mask(dev.imagegen.InputImage.of(new byte[3]))
                        .build(), "mask", "is not an image"));
        for (Case k : cases) {
            assertThatThrownBy(() -> mode.generate(c, k.request()))
                    .as(k.field())
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.field()).contains(k.field());
                        assertThat(e.getMessage()).contains(k.problem());
                    });
        }
        assertThat(server.getRequestCount()).as("nothing uploaded").isZero();
    }

    @Test
    void theApiOriginCheckComparesSchemeHostAndPort() {
        ProviderConfig c = new ProviderConfig("fake", "https://queue.example.run/", Map.of());
        assertThat(c.isApiOrigin("https://queue.example.run/fal-ai/x/requests/1")).isTrue();
        assertThat(c.isApiOrigin("https://QUEUE.example.run:443/y")).isTrue();
        assertThat(c.isApiOrigin("http://queue.example.run/y")).isFalse();
        assertThat(c.isApiOrigin("https://queue.example.run:8443/y")).isFalse();
        assertThat(c.isApiOrigin("https://169.254.169.254/latest")).isFalse();
        assertThat(c.isApiOrigin("not a url")).isFalse();
    }
}
