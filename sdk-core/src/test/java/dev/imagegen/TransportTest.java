package dev.imagegen;

import dev.imagegen.fake.FakeProviderFactory;
import dev.imagegen.spi.AuthScheme;
import dev.imagegen.testing.CallMode;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transport's rules, over MockWebServer, in blocking and asynchronous mode. */
class TransportTest {

    static final String KEY = "transport-test-key-abcdef";

    @StartStop
    final MockWebServer server = new MockWebServer();

    final FakeTime time = new FakeTime();
    final List<ImageEventListener.Attempt> attempts = new CopyOnWriteArrayList<>();
    ImageClient client;

    ImageClient.Builder builder(AuthScheme auth) {
        return ImageClient.builder().discoverProviders(false).addProvider(new FakeProviderFactory(auth))
                .environment(Map.of()).apiKey("fake", KEY).baseUrl("fake", server.url("/").toString())
                .retryPolicy(RetryPolicy.defaults().withJitter(false)).sleeper(time).clock(time)
                .listener(new ImageEventListener() {
                    @Override
                    public void attempt(Attempt event) {
                        attempts.add(event);
                    }
                });
    }

    ImageClient client() {
        if (client == null) {
            client = builder(AuthScheme.header("x-api-key")).build();
        }
        return client;
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    static ImageRequest request() {
        return ImageRequest.builder().model("fake-sync").prompt("a lighthouse").build();
    }

    static MockResponse ok() {
        String b64 = Base64.getEncoder().encodeToString(TestImages.png(8, 8));
        return json(200, "{\"id\":\"r1\",\"images\":[{\"b64\":\"" + b64 + "\"}]}");
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse error(int code) {
        return json(code, "{\"error\":{\"message\":\"status " + code + "\"}}");
    }

    ImageResult run(CallMode mode) {
        return mode.generate(client(), request());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void retriesA503WithExponentialBackoffAndExactDelays(CallMode mode) throws Exception {
        server.enqueue(error(503));
        server.enqueue(error(503));
        server.enqueue(error(503));
        server.enqueue(ok());
        ImageResult r = run(mode);
        assertThat(r.images()).hasSize(1);
        assertThat(server.getRequestCount()).isEqualTo(4);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void honoursRetryAfterInSecondsMillisecondsAndDates(CallMode mode) throws Exception {
        server.enqueue(new MockResponse.Builder(error(429)).addHeader("Retry-After", "3").build());
        server.enqueue(new MockResponse.Builder(error(429)).addHeader("Retry-After-Ms", "250").addHeader("Retry-After", "9").build());
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(time.instant().plusSeconds(3 + 7), ZoneOffset.UTC));
        server.enqueue(new MockResponse.Builder(error(429)).addHeader("Retry-After", date).build());
        server.enqueue(ok());
        run(mode);
        // the third delay is measured from the clock after the first two sleeps (3 s + 0.25 s)
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(250), Duration.ofMillis(6750));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void retryAfterBeyondTheCapEndsRetrying(CallMode mode) {
        server.enqueue(new MockResponse.Builder(error(429)).addHeader("Retry-After", "3600").build());
        assertThatThrownBy(() -> mode.generate(client(), request()))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofHours(1)));
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @ParameterizedTest(name = "status {0}, {1}")
    @CsvSource({"500,BLOCKING", "502,BLOCKING", "504,BLOCKING", "500,ASYNC", "502,ASYNC", "504,ASYNC"})
    void aServerErrorAfterAPaidPostIsOutcomeUnknownAndSentOnce(int status, CallMode mode) throws Exception {
        server.enqueue(error(status));
        server.enqueue(ok());
        assertThatThrownBy(() -> mode.generate(client(), request()))
                .isInstanceOfSatisfying(OutcomeUnknownException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(status);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.getCause()).isInstanceOf(ProviderServerException.class);
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aConnectionDroppedAfterSendingIsOutcomeUnknown(CallMode mode) {
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(ok());
        assertThatThrownBy(() -> run(mode)).isInstanceOf(OutcomeUnknownException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aConnectFailureIsRetriedBecauseNothingWasSent(CallMode mode) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        client = builder(AuthScheme.header("x-api-key")).baseUrl("fake", "http://127.0.0.1:" + port).build();
        assertThatThrownBy(() -> run(mode)).isInstanceOfSatisfying(ConnectionException.class,
                e -> assertThat(e.isRetryable()).isTrue());
        assertThat(attempts).hasSize(4).allSatisfy(a -> assertThat(a.status()).isEqualTo(-1));
        assertThat(time.sleeps()).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void anOversizedBodyFailsCleanly(CallMode mode) {
        client = builder(AuthScheme.header("x-api-key")).maxBodyBytes(4096).build();
        String big = "{\"id\":\"r\",\"images\":[{\"b64\":\"" + "A".repeat(200_000) + "\"}]}";
        // gzip would remove Content-Length: the cap counts bytes, so a chunked body is capped too
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").chunkedBody(big, 1024).build());
        assertThatThrownBy(() -> mode.generate(client, request()))
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("too large");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void truncatedBase64FailsCleanly(CallMode mode) {
        server.enqueue(json(200, "{\"id\":\"r1\",\"images\":[{\"b64\":\"iVBORw0KGgoAAAANSUhEUg"));
        assertThatThrownBy(() -> mode.generate(client(), request()))
                .isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("could not be read");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void malformedBase64FailsCleanly(CallMode mode) {
        server.enqueue(json(200, "{\"id\":\"r1\",\"images\":[{\"b64\":\"@@not base64@@\"}]}"));
        assertThatThrownBy(() -> mode.generate(client(), request())).isInstanceOf(OutcomeUnknownException.class);
    }

    @Test
    void cancellingGenerateAsyncCancelsTheHttpCall() throws Exception {
        server.enqueue(new MockResponse.Builder(ok()).headersDelay(20, TimeUnit.SECONDS).build());
        var future = client().generateAsync(request());
        assertThat(server.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
        future.cancel(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (attempts.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(attempts).hasSize(1);
        assertThat(attempts.get(0).error()).isNotNull();
        assertThat(attempts.get(0).error()).isInstanceOf(java.io.IOException.class);
        assertThat(future).isCancelled();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void everyRequestCarriesTheUserAgentAndJsonBody(CallMode mode) throws Exception {
        server.enqueue(ok());
        mode.generate(client(), request().toBuilder().size(1024, 1024).seed(5L).build());
        RecordedRequest r = server.takeRequest();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getHeaders().get("User-Agent")).startsWith("imagegen-java/");
        assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(r.getBody().utf8()).isEqualTo("{\"model\":\"vendor-sync-1\",\"prompt\":\"a lighthouse\",\"n\":1,\"size\":\"1024x1024\",\"seed\":5}");
    }
}
