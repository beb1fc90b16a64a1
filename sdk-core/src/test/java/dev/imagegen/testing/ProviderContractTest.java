package dev.imagegen.testing;

import dev.imagegen.AuthenticationException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.RateLimitedException;
import dev.imagegen.spi.AuthScheme;
import dev.imagegen.spi.ImageProviderFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every provider module passes: discovery, catalog sanity, a generation per model over MockWebServer with
 * the credential only on API requests, typed errors, retry rules for paid requests (each in blocking and asynchronous
 * mode), validation before sending, and no key in any message. A provider's test extends this and stages its vendor's
 * answers.
 */
public abstract class ProviderContractTest {

    /** The fake key every contract test uses; it must never show up in a message or toString. */
    protected static final String KEY = "contract-test-key-0123456789";

    @StartStop
    protected final MockWebServer server = new MockWebServer();

    protected FakeTime time;
    protected ImageClient client;

    /** The factory under test. */
    protected abstract ImageProviderFactory factory();

    /** The path under the server root that stands for the API base URL ("" for the root, "/openai/v1" ...). */
    protected String basePath() {
        return "";
    }

    /**
     * Enqueues everything a successful generation of one image with {@code model} needs (the answer to the generate
     * request, and any poll or download answers). URLs pointing back at the test server use {@link #serverUrl(String)}.
     */
    protected abstract void enqueueSuccess(ModelInfo model);

    /** Enqueues the vendor's error answer with this status and message. */
    protected abstract void enqueueError(int status, String message);

    /** The value that carries the key on a recorded request (its header or query parameter), or null. */
    protected String credentialOf(RecordedRequest r) {
        AuthScheme a = factory().authScheme();
        return a.placement() == AuthScheme.Placement.HEADER ? r.getHeaders().get(a.name()) : r.getUrl().queryParameter(a.name());
    }

    /** An absolute http URL on the test server. */
    protected String serverUrl(String path) {
        return server.url(path).toString();
    }

    /** A minimal valid request for {@code model}. */
    protected ImageRequest minimalRequest(ModelInfo model) {
        return ImageRequest.builder().provider(factory().id()).model(model.id()).prompt("a red fox in the snow").build();
    }

    @BeforeEach
    void createClient() {
        time = new FakeTime();
        client = newClient();
    }

    /** A client for this provider only, pointed at the test server, with fake time. */
    protected ImageClient newClient() {
        return ProviderTestClient.builder(factory(), KEY, server.url(basePath()).toString(), time).build();
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void factoryIsDiscoveredByTheServiceLoader() {
        List<String> ids = ServiceLoader.load(ImageProviderFactory.class).stream()
                .map(p -> p.get().id()).toList();
        assertThat(ids).contains(factory().id());
    }

    @Test
    void catalogIsWellFormed() {
        ImageProviderFactory f = factory();
        assertThat(f.id()).matches("[a-z0-9-]+");
        assertThat(f.defaultBaseUrl()).startsWith("https://");
        assertThat(f.models()).isNotEmpty();
        for (ModelInfo m : f.models()) {
            assertThat(m.providerId()).isEqualTo(f.id());
            assertThat(m.id()).isNotBlank();
            assertThat(m.vendorId()).isNotBlank();
            assertThat(m.maxCountPerCall()).isPositive();
            assertThat(m.formats()).as("formats of %s", m).isNotEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void generatesEveryModelWithTheKeyOnlyOnApiRequests(CallMode mode) throws Exception {
        for (ModelInfo model : factory().models()) {
            enqueueSuccess(model);
            ImageResult result = mode.generate(client, minimalRequest(model));
            assertThat(result.provider()).isEqualTo(factory().id());
            assertThat(result.images()).as("images of %s", model).isNotEmpty();
            byte[] bytes = result.image().bytes();
            assertThat(result.image().mediaType()).as("media type of %s", model).startsWith("image/");
            assertThat(bytes.length).isPositive();
            RecordedRequest first = server.takeRequest(1, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(credentialOf(first)).as("credential on the API request").contains(KEY);
            RecordedRequest more;
            while ((more = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
                boolean api = more.getUrl().encodedPath().startsWith(server.url(basePath()).encodedPath());
                if (!api || more.getUrl().encodedPath().contains("storage")) {
                    assertThat(credentialOf(more)).as("no credential on a download").isNull();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void unauthorizedIsAnAuthenticationException(CallMode mode) {
        ModelInfo model = factory().models().get(0);
        enqueueError(401, "invalid api key");
        assertThatThrownBy(() -> mode.generate(client, minimalRequest(model)))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("invalid api key")
                .hasMessageNotContaining(KEY);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void rateLimitIsRetriedThenTyped(CallMode mode) {
        ModelInfo model = factory().models().get(0);
        for (int i = 0; i < 4; i++) {
            enqueueError(429, "slow down");
        }
        assertThatThrownBy(() -> mode.generate(client, minimalRequest(model)))
                .isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("slow down");
        assertThat(server.getRequestCount()).isEqualTo(4);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void serverErrorAfterSendingIsOutcomeUnknownAndNotResent(CallMode mode) {
        ModelInfo model = factory().models().get(0);
        enqueueError(500, "boom");
        assertThatThrownBy(() -> mode.generate(client, minimalRequest(model)))
                .isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("boom");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void invalidRequestsFailBeforeSending() {
        ModelInfo model = factory().models().get(0);
        assertThatThrownBy(() -> client.generate(ImageRequest.builder().provider(factory().id()).model("no-such-model")
                .prompt("x").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("model"));
        assertThatThrownBy(() -> client.generate(minimalRequest(model).toBuilder().count(model.maxCount() + 1).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("count"));
        assertThatThrownBy(() -> client.generate(minimalRequest(model).toBuilder().size(7, 7).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).contains("size");
                    assertThat(e.allowed()).isNotEmpty();
                });
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void keyNeverShowsInToString() {
        assertThat(client.toString()).doesNotContain(KEY);
    }
}
