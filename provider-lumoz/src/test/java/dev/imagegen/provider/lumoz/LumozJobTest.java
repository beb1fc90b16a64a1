package dev.imagegen.provider.lumoz;

import dev.imagegen.Cost;
import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.JobState;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A run answer with only a request id: the job is polled at the (unverified, configurable) check endpoint. */
class LumozJobTest extends LumozTestSupport {

    static final String JOB_ID = "212121212121212";

    void assertCheck(RecordedRequest check, String method, String pathAndQuery) {
        assertThat(check.getMethod()).isEqualTo(method);
        assertThat(check.getUrl().encodedPath() + (check.getUrl().encodedQuery() == null ? "" : "?" + check.getUrl().encodedQuery()))
                .isEqualTo(pathAndQuery);
        assertThat(check.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(check.getHeaders().get("Accept")).isEqualTo("application/json");
    }

    @Test
    void aRunWithOnlyARequestIdIsPolledByPostUntilItHasAnOutput() throws Exception {
        server.enqueue(json(answer("run-pending.json")));
        server.enqueue(json(answer("check-queued.json")));
        server.enqueue(json(answer("check-processing.json")));
        server.enqueue(json(answer("check-completed.json")));
        server.enqueue(png());

        ImageResult result = client.generate(request(HIDREAM, "a fox").build());

        assertThat(result.requestId()).contains(JOB_ID);
        assertThat(result.model()).isEqualTo("hidream-l1");
        assertThat(result.image().bytes()).isNotEmpty();
        RecordedRequest run = take();
        assertThat(run.getUrl().encodedPath()).isEqualTo("/api/v4/run");
        for (int i = 0; i < 3; i++) {
            RecordedRequest check = take();
            assertCheck(check, "POST", "/api/v4/check");
            assertThat(check.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
            assertThat(check.getBody().utf8()).isEqualTo("request_id=" + JOB_ID);
        }
        RecordedRequest download = take();
        assertThat(download.getUrl().encodedPath()).isEqualTo("/storage/outputs/image_12345.jpg");
        assertThat(download.getHeaders().get("Authorization")).isNull();
        assertThat(time.sleeps()).as("one wait before each check").hasSize(3);
    }

    @Test
    void theCheckPathAndMethodAreOptions() throws Exception {
        ImageClient c = client(Map.of(LumozOptions.CHECK_PATH, "/api/v4/status", LumozOptions.CHECK_METHOD, "get"));
        server.enqueue(json(answer("run-pending.json")));
        server.enqueue(json(answer("check-processing.json")));
        server.enqueue(json(answer("check-completed.json")));
        server.enqueue(png());

        assertThat(c.generate(request(HIDREAM, "a fox").build()).requestId()).contains(JOB_ID);

        take();
        for (int i = 0; i < 2; i++) {
            RecordedRequest check = take();
            assertCheck(check, "GET", "/api/v4/status?request_id=" + JOB_ID);
            assertThat(check.getBody() == null ? 0 : check.getBody().size()).isZero();
        }
    }

    @Test
    void aRequestIdPlaceholderInTheCheckPathIsFilledIn() throws Exception {
        ImageClient c = client(Map.of(LumozOptions.CHECK_PATH, "/api/v4/requests/{request_id}", LumozOptions.CHECK_METHOD, "GET"));
        server.enqueue(json(answer("run-pending.json")));
        server.enqueue(json(answer("check-completed.json")));
        server.enqueue(png());
        c.generate(request(HIDREAM, "a fox").build());
        take();
        assertCheck(take(), "GET", "/api/v4/requests/" + JOB_ID);
    }

    @Test
    void aFailedStatusIsAGenerationFailureWithTheVendorReason() {
        server.enqueue(json(answer("run-pending.json")));
        server.enqueue(json(answer("check-processing.json")));
        server.enqueue(json(answer("check-failed.json")));
        assertThatThrownBy(() -> client.generate(request(HIDREAM, "a fox").build()))
                .isInstanceOfSatisfying(GenerationFailedException.class, e -> {
                    assertThat(e.vendorMessage()).contains("NSFW content detected");
                    assertThat(e.requestId()).contains(JOB_ID);
                });
    }

    @Test
    void successFalseFromTheCheckIsAGenerationFailure() {
        server.enqueue(json(answer("run-pending.json")));
        server.enqueue(json(answer("check-success-false.json")));
        assertThatThrownBy(() -> client.generate(request(HIDREAM, "a fox").build()))
                .isInstanceOfSatisfying(GenerationFailedException.class, e -> {
                    assertThat(e.vendorMessage()).contains("Generation failed: CUDA out of memory");
                    assertThat(e.requestId()).contains(JOB_ID);
                });
    }

    @Test
    void aCompletedStatusWithoutAnOutputIsAnInvalidResponse() {
        server.enqueue(json(answer("run-pending.json")));
        server.enqueue(json("{\"success\":true,\"data\":{\"request_id\":" + JOB_ID + ",\"status\":\"completed\"}}"));
        assertThatThrownBy(() -> client.generate(request(HIDREAM, "a fox").build()))
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining(JOB_ID);
    }

    @Test
    void aCheckAnswered404IsAnInvalidResponseCarryingTheRefNotAnUnknownModel() {
        server.enqueue(json(answer("run-pending.json")));
        server.enqueue(json(404, "{\"success\":false,\"message\":\"Request not found: " + JOB_ID + "\"}"));
        assertThatThrownBy(() -> client.generate(request(HIDREAM, "a fox").build()))
                .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                    assertThat(e.getMessage()).contains("polling job " + JOB_ID + " at /api/v4/check was answered HTTP 404")
                            .contains("Request not found");
                    assertThat(e.jobRef()).isPresent();
                });
    }

    @Test
    void anEmptyOutputThenA404OnTheCheckKeepsTheJobsRef() {
        // a run answered with output "" and a request id is a job still running; its check then answered 404
        server.enqueue(json("{\"success\":true,\"data\":{\"request_id\":" + JOB_ID + ",\"output\":\"\"}}"));
        server.enqueue(json(404, "{\"success\":false,\"message\":\"Not Found\"}"));
        assertThatThrownBy(() -> client.generate(request(HIDREAM, "a fox").build()))
                .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                    assertThat(e.jobRef()).as("the paid job is resumed, not submitted again").isPresent();
                    assertThat(e.isRetryable()).isFalse();
                });
    }

    @Test
    void aSubmittedJobResumesFromItsRefOnAnotherClient() throws Exception {
        server.enqueue(json(answer("run-pending.json")));
        ImageJob job = client.submit(request(KAWAII, "Cute 3d Kawaii, a cat").build());
        assertThat(job.status().state()).isEqualTo(JobState.RUNNING);
        String ref = job.ref();
        assertThat(ref).doesNotContain(KEY);

        ImageClient other = client(Map.of(LumozOptions.FLUX_PRICE_PER_IMAGE, "0.05"));
        server.enqueue(json(answer("check-completed.json")));
        server.enqueue(png());
        ImageResult result = other.resume(ref).await(Duration.ofMinutes(1));

        assertThat(result.requestId()).contains(JOB_ID);
        assertThat(result.model()).isEqualTo("flux-cute-3d-kawaii");
        assertThat(result.cost()).hasValueSatisfying(c -> {
            assertThat(c.kind()).isEqualTo(Cost.Kind.ESTIMATED);
            assertThat(c.amount()).isEqualByComparingTo("0.05");
        });
        take();
        RecordedRequest check = take();
        assertCheck(check, "POST", "/api/v4/check");
        assertThat(check.getBody().utf8()).isEqualTo("request_id=" + JOB_ID);
    }
}
