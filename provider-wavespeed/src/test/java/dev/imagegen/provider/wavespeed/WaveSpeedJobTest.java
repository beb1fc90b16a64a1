package dev.imagegen.provider.wavespeed;

import dev.imagegen.AuthenticationException;
import dev.imagegen.DeadlineExceededException;
import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageResult;
import dev.imagegen.JobState;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.testing.TestImages;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Submit and poll: job states, failures, deadlines and resuming, base64 outputs, sync mode, retries. */
class WaveSpeedJobTest extends WaveSpeedTestBase {

    private static final String POLL_PATH = "/api/v2/predictions/p1/result";
    private static final String SUBMIT_PATH = "/api/v2/wavespeed-ai/hidream-i1-dev";

    @Test
    void jobThatStaysProcessingForSeveralPollsThenCompletes() throws Exception {
        byte[] png = TestImages.png(64, 48);
        server.enqueue(WaveSpeedFixtures.created("p1", pollUrl("p1")));
        for (int i = 0; i < 3; i++) {
            server.enqueue(WaveSpeedFixtures.processing("p1", pollUrl("p1")));
        }
        server.enqueue(WaveSpeedFixtures.json(200, WaveSpeedFixtures.completedBody("p1", pollUrl("p1"), url("/storage/x.png"), "true")));
        server.enqueue(WaveSpeedFixtures.image(png, "image/png"));

        ImageResult result = client().generate(request().seed(42L).build());

        assertThat(result.provider()).isEqualTo("wavespeed");
        assertThat(result.model()).isEqualTo("wavespeed-ai/hidream-i1-dev");
        assertThat(result.requestId()).hasValue("p1");
        assertThat(result.seed()).hasValue(42L);
        assertThat(result.timings().inference()).hasValue(Duration.ofMillis(1234));
        assertThat(result.images()).hasSize(1);
        assertThat(result.image().nsfw()).hasValue(true);
        assertThat(result.image().url()).hasValue(url("/storage/x.png"));
        assertThat(result.image().bytes()).isEqualTo(png);
        assertThat(result.image().mediaType()).isEqualTo("image/png");
        assertThat(result.cost()).hasValueSatisfying(c -> assertThat(c.amount()).isEqualByComparingTo("0.012"));
        // The core's default schedule: 500 ms, then half again each poll.
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(750), Duration.ofMillis(1125),
                Duration.ofMillis(1687));

        List<RecordedRequest> seen = recorded();
        assertThat(lines(seen)).containsExactly("POST " + SUBMIT_PATH, "GET " + POLL_PATH, "GET " + POLL_PATH,
                "GET " + POLL_PATH, "GET " + POLL_PATH, "GET /storage/x.png");
        for (RecordedRequest r : seen.subList(0, 5)) {
            assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer k");
        }
        assertThat(seen.get(5).getHeaders().get("Authorization")).as("no key on the download").isNull();
    }

    @Test
    void jobStatusesFollowTheVendorsWords() {
        server.enqueue(WaveSpeedFixtures.created("p1", pollUrl("p1")));
        server.enqueue(WaveSpeedFixtures.processing("p1", pollUrl("p1")));
        server.enqueue(WaveSpeedFixtures.json(200, WaveSpeedFixtures.load("prediction-processing.json", "id", "p1",
                "model", WaveSpeedFixtures.MODEL_DEV, "get", pollUrl("p1")).replace("\"processing\"", "\"warming_up\"")));
        server.enqueue(WaveSpeedFixtures.completed("p1", pollUrl("p1"), url("/storage/x.png")));
        server.enqueue(WaveSpeedFixtures.image(TestImages.png(8, 8), "image/png"));

        ImageJob job = client().submit(request().build());
        assertThat(job.status().state()).isEqualTo(JobState.QUEUED);
        assertThat(job.status().vendorStatus()).isEqualTo("created");
        assertThat(job.poll().state()).isEqualTo(JobState.RUNNING);
        assertThat(job.poll()).satisfies(s -> {
            assertThat(s.state()).as("an unknown status is tolerated as running").isEqualTo(JobState.RUNNING);
            assertThat(s.vendorStatus()).isEqualTo("warming_up");
        });
        assertThat(job.poll().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.await(Duration.ofSeconds(5)).requestId()).hasValue("p1");
    }

    @Test
    void failedJobIsAGenerationFailedExceptionWithTheVendorsReasonAndTheJobId() {
        server.enqueue(WaveSpeedFixtures.created("p1", pollUrl("p1")));
        server.enqueue(WaveSpeedFixtures.processing("p1", pollUrl("p1")));
        server.enqueue(WaveSpeedFixtures.failed("p1", pollUrl("p1"), "the safety checker flagged the output"));

        assertThatThrownBy(() -> client().generate(request().build()))
                .isInstanceOfSatisfying(GenerationFailedException.class, e -> {
                    assertThat(e.vendorMessage()).hasValue("the safety checker flagged the output");
                    assertThat(e.requestId()).hasValue("p1");
                    assertThat(e.providerId()).hasValue("wavespeed");
                })
                .hasMessageContaining("the safety checker flagged the output")
                .hasMessageContaining("p1");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void jobThatOutlivesTheDeadlineIsResumedFromItsRefByAnotherClient() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        byte[] png = TestImages.png(32, 32);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String path = r.getUrl().encodedPath();
                if (r.getMethod().equals("POST") && path.equals(SUBMIT_PATH)) {
                    return WaveSpeedFixtures.created("p1", pollUrl("p1"));
                }
                if (path.equals(POLL_PATH)) {
                    return done.get() ? WaveSpeedFixtures.completed("p1", pollUrl("p1"), url("/storage/x.png"))
                            : WaveSpeedFixtures.processing("p1", pollUrl("p1"));
                }
                if (path.equals("/storage/x.png")) {
                    return WaveSpeedFixtures.image(png, "image/png");
                }
                return new MockResponse.Builder().code(404).build();
            }
        });
        ImageClient a = client();

        DeadlineExceededException timedOut = (DeadlineExceededException) org.assertj.core.api.Assertions.catchThrowable(
                () -> a.generate(request().seed(7L).timeout(Duration.ofSeconds(3)).build()));
        assertThat(timedOut).isNotNull();
        assertThat(timedOut.jobRef()).isPresent();
        // 500 + 750 + 1125 ms of polls fit in 3 s; the fourth wait is cut to what was left.
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(750), Duration.ofMillis(1125),
                Duration.ofMillis(625));
        long postsBefore = recorded().stream().filter(r -> r.getMethod().equals("POST")).count();
        assertThat(postsBefore).isEqualTo(1);

        done.set(true);
        ImageClient b = client(builder());
        ImageJob resumed = b.resume(timedOut.jobRef().get());
        assertThat(resumed.id()).isEqualTo("p1");
        ImageResult result = resumed.await(Duration.ofSeconds(10));
        assertThat(result.requestId()).hasValue("p1");
        assertThat(result.seed()).as("the seed travels in the ref").hasValue(7L);
        assertThat(result.image().bytes()).isEqualTo(png);
        assertThat(recorded()).extracting(RecordedRequest::getMethod).doesNotContain("POST");
    }

    @Test
    void jobSubmittedByOneClientIsAwaitedByAnother() throws Exception {
        byte[] png = TestImages.png(40, 30);
        server.enqueue(WaveSpeedFixtures.created("p1", pollUrl("p1")));
        String ref = client().submit(request().build()).ref();

        server.enqueue(WaveSpeedFixtures.processing("p1", pollUrl("p1")));
        server.enqueue(WaveSpeedFixtures.completed("p1", pollUrl("p1"), url("/storage/x.png")));
        server.enqueue(WaveSpeedFixtures.image(png, "image/png"));
        ImageResult result = client(builder()).resume(ref).await(Duration.ofSeconds(10));

        assertThat(result.image().bytes()).isEqualTo(png);
        assertThat(lines(recorded())).containsExactly("POST " + SUBMIT_PATH, "GET " + POLL_PATH, "GET " + POLL_PATH,
                "GET /storage/x.png");
    }

    @ParameterizedTest(name = "data: prefix {0}, padded {1}")
    @CsvSource({"false,true", "false,false", "true,true", "true,false"})
    void base64OutputsAreDecodedWithOrWithoutPrefixPaddedOrNot(boolean prefix, boolean padded) throws Exception {
        byte[] png = pngNeedingPadding();
        String b64 = Base64.getEncoder().encodeToString(png);
        assertThat(b64).endsWith("=");
        if (!padded) {
            b64 = b64.replace("=", "");
        }
        String value = (prefix ? "data:image/png;base64," : "") + b64;
        server.enqueue(WaveSpeedFixtures.created("p1", pollUrl("p1")));
        server.enqueue(WaveSpeedFixtures.completed("p1", pollUrl("p1"), value));

        ImageClient c = client(builder().providerOption(ID, WaveSpeedOptions.BASE64_OUTPUT, "true"));
        ImageResult result = c.generate(request().build());

        assertThat(result.image().bytes()).isEqualTo(png);
        assertThat(result.image().nsfw()).hasValue(false);
        assertThat(result.image().url()).isEmpty();
        List<RecordedRequest> seen = recorded();
        assertThat(lines(seen)).containsExactly("POST " + SUBMIT_PATH, "GET " + POLL_PATH);
        assertThat(seen.get(0).getBody().utf8()).contains("\"enable_base64_output\":true");
    }

    @Test
    void aResumedJobKnowsFromItsRefThatItsOutputsAreBase64() throws Exception {
        byte[] png = pngNeedingPadding();
        server.enqueue(WaveSpeedFixtures.created("p1", pollUrl("p1")));
        // Base64 asked for by this one request, while the client's option says URLs.
        String ref = client().submit(request().providerOption(ID, "enable_base64_output", true).seed(3L).build()).ref();
        // The ref is opaque to users; here it is opened to check the choice travels in it.
        String refJson = new String(Base64.getUrlDecoder().decode(ref.substring(ref.indexOf('_') + 1)), StandardCharsets.UTF_8);
        assertThat(refJson).contains("\"base64\":\"true\"").contains("\"seed\":\"3\"").doesNotContain("Bearer");

        server.enqueue(WaveSpeedFixtures.completed("p1", pollUrl("p1"), Base64.getEncoder().encodeToString(png)));
        ImageResult result = client(builder().providerOption(ID, WaveSpeedOptions.BASE64_OUTPUT, "false"))
                .resume(ref).await(Duration.ofSeconds(10));

        assertThat(result.image().bytes()).isEqualTo(png);
        assertThat(lines(recorded())).containsExactly("POST " + SUBMIT_PATH, "GET " + POLL_PATH);
    }

    @Test
    void rateLimitedPollIsRetriedAndTheSubmitIsNotResent() throws Exception {
        server.enqueue(WaveSpeedFixtures.created("p1", pollUrl("p1")));
        server.enqueue(new MockResponse.Builder(WaveSpeedFixtures.error(429, "Too Many Requests", "rate limit exceeded"))
                .addHeader("Retry-After", "2").build());
        server.enqueue(WaveSpeedFixtures.completed("p1", pollUrl("p1"), url("/storage/x.png")));
        server.enqueue(WaveSpeedFixtures.image(TestImages.png(8, 8), "image/png"));

        ImageResult result = client().generate(request().build());

        assertThat(result.requestId()).hasValue("p1");
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(2));
        assertThat(lines(recorded())).containsExactly("POST " + SUBMIT_PATH, "GET " + POLL_PATH, "GET " + POLL_PATH, "GET /storage/x.png");
    }

    @Test
    void pollFailingWithServerErrorsAndABrokenBodyIsRetried() throws Exception {
        server.enqueue(WaveSpeedFixtures.created("p1", pollUrl("p1")));
        server.enqueue(WaveSpeedFixtures.error(502, "Bad Gateway", ""));
        server.enqueue(WaveSpeedFixtures.json(200, "{\"code\":200,\"data\":{\"id\":\"p1\",\"status\":"));
        server.enqueue(WaveSpeedFixtures.completed("p1", pollUrl("p1"), url("/storage/x.png")));
        server.enqueue(WaveSpeedFixtures.image(TestImages.png(8, 8), "image/png"));

        assertThat(client().generate(request().build()).requestId()).hasValue("p1");
        assertThat(lines(recorded())).containsExactly("POST " + SUBMIT_PATH, "GET " + POLL_PATH, "GET " + POLL_PATH,
                "GET " + POLL_PATH, "GET /storage/x.png");
    }

    @Test
    void submitAnsweredWith500IsOutcomeUnknownAndNotResent() throws Exception {
        server.enqueue(WaveSpeedFixtures.error(500, "Internal Server Error", "worker crashed"));
        server.enqueue(WaveSpeedFixtures.created("p2", pollUrl("p2")));

        assertThatThrownBy(() -> client().generate(request().build()))
                .isInstanceOfSatisfying(OutcomeUnknownException.class, e -> assertThat(e.httpStatus()).hasValue(500))
                .hasMessageContaining("worker crashed");
        assertThat(lines(recorded())).containsExactly("POST " + SUBMIT_PATH);
    }

    @Test
    void syncModeAnsweredCompletedNeedsNoPoll() throws Exception {
        byte[] png = TestImages.png(20, 20);
        server.enqueue(WaveSpeedFixtures.completed("p1", pollUrl("p1"), url("/storage/x.png")));
        server.enqueue(WaveSpeedFixtures.image(png, "image/png"));

        ImageClient c = client(builder().providerOption(ID, WaveSpeedOptions.SYNC_MODE, "true"));
        ImageResult result = c.generate(request().build());

        assertThat(result.image().bytes()).isEqualTo(png);
        assertThat(time.sleeps()).isEmpty();
        List<RecordedRequest> seen = recorded();
        assertThat(lines(seen)).containsExactly("POST " + SUBMIT_PATH, "GET /storage/x.png");
        assertThat(seen.get(0).getBody().utf8()).contains("\"enable_sync_mode\":true");
    }

    @Test
    void syncModeAnsweredCompletedMakesAFinishedJobOnSubmit() {
        server.enqueue(WaveSpeedFixtures.completed("p1", pollUrl("p1"), url("/storage/x.png")));
        server.enqueue(WaveSpeedFixtures.image(TestImages.png(8, 8), "image/png"));
        ImageJob job = client().submit(request().providerOption(ID, "enable_sync_mode", true).build());
        assertThat(job.status().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.id()).isEqualTo("p1");
    }

    @Test
    void syncModeTimeoutWithCode5004FallsBackToPolling() throws Exception {
        server.enqueue(WaveSpeedFixtures.syncTimedOut("p1", pollUrl("p1")));
        server.enqueue(WaveSpeedFixtures.completed("p1", pollUrl("p1"), url("/storage/x.png")));
        server.enqueue(WaveSpeedFixtures.image(TestImages.png(8, 8), "image/png"));

        ImageClient c = client(builder().providerOption(ID, WaveSpeedOptions.SYNC_MODE, "true"));
        ImageResult result = c.generate(request().build());

        assertThat(result.requestId()).hasValue("p1");
        assertThat(lines(recorded())).containsExactly("POST " + SUBMIT_PATH, "GET " + POLL_PATH, "GET /storage/x.png");
    }

    @Test
    void syncModeTimeoutSaidOnlyInTheMessageFallsBackToPollingEvenWhenMarkedFailed() throws Exception {
        server.enqueue(WaveSpeedFixtures.json(200, "{\"code\":200,\"message\":\"Sync mode timed out\","
                + "\"data\":{\"id\":\"p1\",\"status\":\"failed\",\"error\":\"Sync mode timed out\"}}"));
        server.enqueue(WaveSpeedFixtures.completed("p1", pollUrl("p1"), url("/storage/x.png")));
        server.enqueue(WaveSpeedFixtures.image(TestImages.png(8, 8), "image/png"));

        ImageClient c = client(builder().providerOption(ID, WaveSpeedOptions.SYNC_MODE, "true"));
        ImageJob job = c.submit(request().build());
        assertThat(job.status().state()).isEqualTo(JobState.RUNNING);
        assertThat(job.await(Duration.ofSeconds(10)).requestId()).hasValue("p1");
        // No urls.get in that answer: the provider's own result path is polled.
        assertThat(lines(recorded())).containsExactly("POST " + SUBMIT_PATH, "GET " + POLL_PATH, "GET /storage/x.png");
    }

    @Test
    void syncModeAnsweredProcessingFallsBackToPolling() throws Exception {
        server.enqueue(WaveSpeedFixtures.processing("p1", pollUrl("p1")));
        server.enqueue(WaveSpeedFixtures.completed("p1", pollUrl("p1"), url("/storage/x.png")));
        server.enqueue(WaveSpeedFixtures.image(TestImages.png(8, 8), "image/png"));

        ImageClient c = client(builder().providerOption(ID, WaveSpeedOptions.SYNC_MODE, "true"));
        ImageJob job = c.submit(request().build());
        assertThat(job.status().state()).isEqualTo(JobState.RUNNING);
        assertThat(job.await(Duration.ofSeconds(10)).requestId()).hasValue("p1");
        assertThat(lines(recorded())).containsExactly("POST " + SUBMIT_PATH, "GET " + POLL_PATH, "GET /storage/x.png");
    }

    @Test
    void syncModeGatewayTimeoutIsOutcomeUnknownBecauseThereIsNoIdToPoll() throws Exception {
        server.enqueue(new MockResponse.Builder().code(504).addHeader("Content-Type", "text/html")
                .body("<html><head><title>504 Gateway Time-out</title></head><body>nginx</body></html>").build());

        ImageClient c = client(builder().providerOption(ID, WaveSpeedOptions.SYNC_MODE, "true"));
        assertThatThrownBy(() -> c.generate(request().build()))
                .isInstanceOfSatisfying(OutcomeUnknownException.class, e -> assertThat(e.httpStatus()).hasValue(504))
                .hasMessageContaining("504 Gateway Time-out");
        assertThat(lines(recorded())).containsExactly("POST " + SUBMIT_PATH);
    }

    @Test
    void submitFailedAtOnceIsAGenerationFailedException() {
        server.enqueue(WaveSpeedFixtures.failed("p1", pollUrl("p1"), "prompt rejected"));
        assertThatThrownBy(() -> client().generate(request().build()))
                .isInstanceOfSatisfying(GenerationFailedException.class, e -> {
                    assertThat(e.vendorMessage()).hasValue("prompt rejected");
                    assertThat(e.requestId()).hasValue("p1");
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void pollUrlOnAnotherOriginIsReplacedByTheBaseUrlsResultPath() throws Exception {
        // The vendor names its own host; the client is configured for another (a proxy, an emulator): the key only
        // goes to the configured origin, so poll there.
        server.enqueue(WaveSpeedFixtures.created("p1", "https://api.wavespeed.ai/api/v2/predictions/p1/result"));
        server.enqueue(WaveSpeedFixtures.completed("p1", "", url("/storage/x.png")));
        server.enqueue(WaveSpeedFixtures.image(TestImages.png(8, 8), "image/png"));

        client().generate(request().build());

        List<RecordedRequest> seen = recorded();
        assertThat(lines(seen)).containsExactly("POST " + SUBMIT_PATH, "GET " + POLL_PATH, "GET /storage/x.png");
        assertThat(seen.get(1).getHeaders().get("Authorization")).isEqualTo("Bearer k");
    }

    @Test
    void errorCodeInsideA200EnvelopeIsTyped() {
        server.enqueue(WaveSpeedFixtures.json(200, "{\"code\":401,\"message\":\"Unauthorized: invalid token\",\"data\":null}"));
        assertThatThrownBy(() -> client().generate(request().build()))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("invalid token");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void cancelOnlyStopsPolling() throws Exception {
        server.enqueue(WaveSpeedFixtures.created("p1", pollUrl("p1")));
        ImageJob job = client().submit(request().build());
        job.cancel();
        assertThat(job.status().state()).isEqualTo(JobState.CANCELLED);
        assertThatThrownBy(() -> job.toFuture().join()).isInstanceOf(CancellationException.class);
        assertThat(lines(recorded())).containsExactly("POST " + SUBMIT_PATH);
    }

    /** A real PNG whose base64 form ends in padding, so that dropping the padding changes the text. */
    static byte[] pngNeedingPadding() {
        for (int w = 16; ; w++) {
            byte[] png = TestImages.png(w, 16);
            if (png.length % 3 != 0) {
                return png;
            }
        }
    }
}
