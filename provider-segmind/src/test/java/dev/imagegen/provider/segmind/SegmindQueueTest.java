package dev.imagegen.provider.segmind;

import dev.imagegen.Cost;
import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.Fixtures;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The v2 queue (option {@code queue=true}): submit, poll the status, fetch the result; and its failures. */
class SegmindQueueTest {

    static final String JOB = "7f1d9c2e-3b4a-4f5e-9a1b-0c2d3e4f5a6b";

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakeTime time;
    ImageClient client;

    @BeforeEach
    void setUp() {
        time = new FakeTime();
        client = SegmindTestSupport.client(server, time, Map.of(SegmindOptions.QUEUE, "true"));
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private static ImageRequest request() {
        return ImageRequest.builder().model("hidream-i1-fast").prompt(SegmindRequestTest.PROMPT).seed(42L)
                .speedMode(dev.imagegen.SpeedMode.FAST).build();
    }

    private void enqueueSubmitAndStatuses(String... statuses) {
        server.enqueue(SegmindTestSupport.json(200, SegmindTestSupport.fixtureText("v2/submit.json")));
        for (String s : statuses) {
            server.enqueue(SegmindTestSupport.json(200, SegmindTestSupport.fixtureText("v2/status-" + s + ".json")));
        }
    }

    private List<RecordedRequest> recorded() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
            out.add(r);
        }
        return out;
    }

    @Test
    void queuedThenProcessingThenCompletedThenTheRawImageResult() throws Exception {
        byte[] png = TestImages.png(40, 30);
        enqueueSubmitAndStatuses("queued", "processing", "completed");
        server.enqueue(SegmindTestSupport.image(png, "image/png", JOB));

        ImageResult r = client.generate(request());

        assertThat(r.image().bytes()).isEqualTo(png);
        assertThat(r.requestId()).contains(JOB);
        assertThat(r.seed()).contains(123456789L);
        assertThat(r.cost()).contains(Cost.reported(new BigDecimal("0.0153")));
        assertThat(r.timings().inference()).contains(Duration.ofMillis(9750));
        List<RecordedRequest> reqs = recorded();
        assertThat(reqs).extracting(q -> q.getMethod() + " " + q.getUrl().encodedPath()).containsExactly(
                "POST /v2/hidream-l1-fast",
                "GET /v2/requests/" + JOB + "/status",
                "GET /v2/requests/" + JOB + "/status",
                "GET /v2/requests/" + JOB + "/status",
                "GET /v2/requests/" + JOB);
        assertThat(reqs.get(0).getBody().toByteArray()).as("the v2 body is the v1 body")
                .isEqualTo(SegmindTestSupport.fixture("request/speed-FAST.json"));
        assertThat(reqs).allSatisfy(q -> {
            assertThat(q.getHeaders().get("x-api-key")).isEqualTo(SegmindTestSupport.KEY);
            assertThat(q.getHeaders().get("Authorization")).isNull();
        });
        // one wait before each status poll, none before the result fetch
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(225));
    }

    @Test
    void theJobReportsQueuedRunningAndSucceededAndCanBeResumedFromItsRef() throws Exception {
        enqueueSubmitAndStatuses("queued");
        ImageJob job = client.submit(request());
        assertThat(job.id()).isEqualTo(JOB);
        assertThat(job.status().state()).isEqualTo(JobState.QUEUED);
        assertThat(job.poll().state()).isEqualTo(JobState.QUEUED);
        String ref = job.ref();
        assertThat(ref).doesNotContain(SegmindTestSupport.KEY);

        try (ImageClient other = SegmindTestSupport.client(server, new FakeTime(), Map.of(SegmindOptions.QUEUE, "true"))) {
            server.enqueue(SegmindTestSupport.json(200, SegmindTestSupport.fixtureText("v2/status-processing.json")));
            server.enqueue(SegmindTestSupport.json(200, SegmindTestSupport.fixtureText("v2/status-completed.json")));
            server.enqueue(SegmindTestSupport.image(TestImages.png(8, 8), "image/png", JOB));
            ImageJob resumed = other.resume(ref);
            List<JobStatus> seen = new ArrayList<>();
            resumed.onStatus(seen::add);
            ImageResult r = resumed.await(Duration.ofSeconds(30));
            assertThat(r.images()).hasSize(1);
            assertThat(seen).extracting(JobStatus::state).contains(JobState.SUCCEEDED);
        }
    }

    @Test
    void aFailedStatusIsAGenerationFailure() {
        enqueueSubmitAndStatuses("processing", "failed");
        assertThatThrownBy(() -> client.generate(request()))
                .isInstanceOfSatisfying(GenerationFailedException.class, e -> {
                    assertThat(e.vendorMessage()).contains("NSFW content detected in the prompt");
                    assertThat(e.requestId()).contains(JOB);
                });
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void a422FailedResultIsAGenerationFailureWithTheVendorError() {
        enqueueSubmitAndStatuses("completed");
        server.enqueue(SegmindTestSupport.json(422, SegmindTestSupport.fixtureText("v2/result-failed.json")));
        assertThatThrownBy(() -> client.generate(request()))
                .isInstanceOfSatisfying(GenerationFailedException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(422);
                    assertThat(e.vendorMessage()).contains("Generation failed: invalid resolution");
                    assertThat(e.requestId()).contains(JOB);
                });
        assertThat(server.getRequestCount()).as("a 422 result is not retried").isEqualTo(3);
    }

    @Test
    void aJsonResultWithAnOutputUrlIsDownloadedWithoutTheKey() throws Exception {
        enqueueSubmitAndStatuses("completed");
        String url = server.url("/outputs/image-1.png").toString();
        server.enqueue(SegmindTestSupport.json(200, SegmindTestSupport.fixtureText("v2/result-url.json").replace("__URL__", url)));
        byte[] png = TestImages.png(16, 16);
        server.enqueue(Fixtures.image(png, "image/png"));

        ImageResult r = client.generate(request());

        assertThat(r.image().url()).contains(url);
        assertThat(r.image().bytes()).isEqualTo(png);
        assertThat(r.requestId()).contains(JOB);
        assertThat(r.cost()).contains(Cost.reported(new BigDecimal("0.0153")));
        assertThat(r.timings().inference()).contains(Duration.ofMillis(9750));
        assertThat(r.metadata()).containsEntry("remainingCredits", "12.3456").containsEntry("queueTime", "2.5")
                .containsEntry("totalTime", "12.31");
        List<RecordedRequest> reqs = recorded();
        RecordedRequest download = reqs.get(reqs.size() - 1);
        assertThat(download.getUrl().encodedPath()).isEqualTo("/outputs/image-1.png");
        assertThat(download.getHeaders().get("x-api-key")).isNull();
    }

    @Test
    void aJsonResultWithBase64IsDecoded() {
        byte[] png = TestImages.png(12, 10);
        enqueueSubmitAndStatuses("completed");
        server.enqueue(SegmindTestSupport.json(200, SegmindTestSupport.fixtureText("v2/result-base64.json")
                .replace("__B64__", Base64.getEncoder().withoutPadding().encodeToString(png))));
        ImageResult r = client.generate(request());
        assertThat(r.image().bytes()).isEqualTo(png);
        assertThat(r.cost()).contains(Cost.reported(new BigDecimal("0.0071")));
        assertThat(r.timings().inference()).contains(Duration.ofMillis(4500));
        assertThat(r.metadata()).containsEntry("remainingCredits", "9.99");
    }

    @Test
    void aJsonResultWithADataUriInAnArrayOfObjectsIsDecoded() {
        byte[] png = TestImages.png(9, 9);
        enqueueSubmitAndStatuses("completed");
        server.enqueue(SegmindTestSupport.json(200, SegmindTestSupport.fixtureText("v2/result-data-uri.json")
                .replace("__B64__", Base64.getEncoder().encodeToString(png))));
        ImageResult r = client.generate(request());
        assertThat(r.image().bytes()).isEqualTo(png);
        assertThat(r.cost()).as("no cost in the metrics: the catalog estimate")
                .contains(Cost.estimated(new BigDecimal("0.015")));
    }

    @Test
    void aResultWithoutImageOrStatusIsAnInvalidResponse() {
        enqueueSubmitAndStatuses("completed");
        server.enqueue(SegmindTestSupport.json(200, "{\"status\":\"COMPLETED\",\"metrics\":{\"cost\":0.01}}"));
        assertThatThrownBy(() -> client.generate(request()))
                .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                    assertThat(e.getMessage()).contains("holds no image");
                    assertThat(e.requestId()).contains(JOB);
                });
    }

    @Test
    void aSubmitAnswerWithoutRequestIdIsAnInvalidResponse() {
        server.enqueue(SegmindTestSupport.json(200, "{\"status\":\"QUEUED\"}"));
        assertThatThrownBy(() -> client.generate(request()))
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("request_id");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void theV2PathsAreOptions() throws Exception {
        try (ImageClient custom = SegmindTestSupport.client(server, time, Map.of(
                SegmindOptions.QUEUE, "true",
                SegmindOptions.V2_SUBMIT_PATH, "/queue/{model}/submit",
                SegmindOptions.V2_STATUS_PATH, "/queue/jobs/{id}",
                SegmindOptions.V2_RESULT_PATH, "/queue/jobs/{id}/output"))) {
            enqueueSubmitAndStatuses("completed");
            server.enqueue(SegmindTestSupport.image(TestImages.png(8, 8), "image/png", JOB));
            custom.generate(request());
            assertThat(recorded()).extracting(q -> q.getMethod() + " " + q.getUrl().encodedPath()).containsExactly(
                    "POST /queue/hidream-l1-fast/submit",
                    "GET /queue/jobs/" + JOB,
                    "GET /queue/jobs/" + JOB + "/output");
        }
    }

    @Test
    void aPathOptionWithoutItsPlaceholderIsRefused() {
        assertThatThrownBy(() -> SegmindTestSupport.client(server, time, Map.of(SegmindOptions.V2_STATUS_PATH, "/status")))
                .hasMessageContaining("v2StatusPath").hasMessageContaining("{id}");
    }

    @Test
    void withoutTheOptionTheV1EndpointIsUsed() throws Exception {
        try (ImageClient v1 = SegmindTestSupport.client(server, time, Map.of(SegmindOptions.QUEUE, "false"))) {
            server.enqueue(SegmindTestSupport.image(TestImages.png(8, 8), "image/png", "r"));
            v1.generate(request());
            assertThat(server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath()).isEqualTo("/v1/hidream-l1-fast");
        }
    }

    @Test
    void statusWordsMapToNeutralStates() {
        assertThat(SegmindResponseParser.status("QUEUED", null).state()).isEqualTo(JobState.QUEUED);
        assertThat(SegmindResponseParser.status("PROCESSING", null).state()).isEqualTo(JobState.RUNNING);
        assertThat(SegmindResponseParser.status("COMPLETED", null).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(SegmindResponseParser.status("FAILED", null).state()).isEqualTo(JobState.FAILED);
        assertThat(SegmindResponseParser.status("WARMING_UP", null)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(JobState.RUNNING);
            assertThat(s.vendorStatus()).isEqualTo("WARMING_UP");
        });
    }
}
