package dev.imagegen.pipeline;

import dev.imagegen.DeadlineExceededException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.ModelNotFoundException;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;
import dev.imagegen.RequestProgress;
import dev.imagegen.testing.CallMode;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one job driver, as every operation with a job sees it: progress for the caller's own request (queue position,
 * progress, log lines), {@code fetchNow}, and the vendor's cancel endpoint: sent once when the caller cancels, never
 * when a deadline passes (the job stays resumable).
 */
class JobDriverTest extends PipelineFixture {

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aJobsProgressReachesTheCallersOwnListener(CallMode mode) {
        server.enqueue(json(200, "{\"id\":\"j1\",\"status\":\"queued\"}"));
        server.enqueue(json(200, "{\"id\":\"j1\",\"status\":\"queued\",\"position\":3}"));
        server.enqueue(json(200, "{\"id\":\"j1\",\"status\":\"running\",\"progress\":0.5,\"logs\":[\"loading weights\"]}"));
        server.enqueue(json(200, "{\"id\":\"j1\",\"status\":\"running\",\"progress\":0.5,\"logs\":[\"loading weights\"]}"));
        server.enqueue(json(200, "{\"id\":\"j1\",\"status\":\"running\",\"progress\":1.0,"
                + "\"logs\":[\"loading weights\",\"step 16/16\"]}"));
        server.enqueue(done("j1"));
        List<RequestProgress> seen = new CopyOnWriteArrayList<>();
        ImageResult r = mode.generate(client(), job(), seen::add);
        assertThat(r.images()).hasSize(1);
        assertThat(seen).extracting(p -> p.status().toString()).containsExactly(
                "RUNNING", "QUEUED (queued)", "QUEUED (queued) #3", "RUNNING (running) 50% [1 log line]",
                "RUNNING (running) 100% [2 log lines]", "SUCCEEDED (done)");
        assertThat(seen.get(0).job()).as("no job before the vendor accepted one").isEmpty();
        assertThat(seen.subList(1, seen.size())).allSatisfy(p -> assertThat(p.job()).contains("j1"));
        assertThat(seen).allSatisfy(p -> {
            assertThat(p.provider()).isEqualTo("fake");
            assertThat(p.call()).isZero();
            assertThat(p.calls()).isEqualTo(1);
        });
        assertThat(seen.get(4).status().logs()).containsExactly("loading weights", "step 16/16");
        assertThat(seen.get(4).status().fractionDone()).contains(1.0);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aPollAnswered404IsAnInvalidResponseWithTheRefNeverModelNotFound(CallMode mode) {
        server.enqueue(json(200, "{\"id\":\"j7\",\"status\":\"queued\"}"));
        server.enqueue(json(404, "{\"error\":{\"message\":\"not found\"}}"));
        assertThatThrownBy(() -> mode.generate(client(), job())).isInstanceOfSatisfying(InvalidResponseException.class, e -> {
            assertThat(e.getMessage()).contains("polling job j7 at /jobs/j7 was answered HTTP 404")
                    .contains("the vendor does not know the job, or the poll path is wrong");
            assertThat(e.getCause()).as("the provider's own reading, kept as the cause").isInstanceOf(ModelNotFoundException.class);
            assertThat(e.jobRef()).as("the paid job stays resumable").isPresent();
            assertThat(e.isRetryable()).isFalse();
        });
        assertThat(server.getRequestCount()).as("the submission and one poll, not retried").isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aSynchronousCallReportsRunningThenItsEnd(CallMode mode) {
        server.enqueue(ok());
        List<RequestProgress> seen = new CopyOnWriteArrayList<>();
        mode.generate(client(), sync(), seen::add);
        assertThat(seen).extracting(p -> p.status().state()).containsExactly(JobState.RUNNING, JobState.SUCCEEDED);
    }

    @Test
    void aSubmittedJobsProgressGoesOnAfterSubmitReturns() {
        server.enqueue(json(200, "{\"id\":\"j2\",\"status\":\"queued\",\"position\":1}"));
        List<JobStatus> seen = new CopyOnWriteArrayList<>();
        ImageJob job = client().submit(job(), p -> seen.add(p.status()));
        assertThat(seen).extracting(JobStatus::toString).containsExactly("RUNNING", "QUEUED (queued) #1");
        server.enqueue(json(200, "{\"id\":\"j2\",\"status\":\"running\",\"logs\":[\"warming up\"]}"));
        server.enqueue(done("j2"));
        job.await(Duration.ofSeconds(10));
        assertThat(seen).extracting(JobStatus::toString).endsWith("RUNNING (running) [1 log line]", "SUCCEEDED (done)");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void fetchNowIsReportedAsRunningUntilTheResultIsInHand(CallMode mode) throws Exception {
        server.enqueue(json(200, "{\"id\":\"j3\",\"status\":\"queued\"}"));
        server.enqueue(json(200, "{\"id\":\"j3\",\"status\":\"fetch\",\"next\":\"/jobs/j3/result\"}"));
        server.enqueue(done("j3"));
        List<JobStatus> seen = new CopyOnWriteArrayList<>();
        mode.generate(client(), job(), p -> seen.add(p.status()));
        // the vendor said "done, fetch it there": not done for the caller until the result answer arrives
        assertThat(seen).extracting(JobStatus::toString).containsExactly("RUNNING", "QUEUED (queued)",
                "RUNNING (fetch)", "SUCCEEDED (done)");
        assertThat(time.sleeps()).as("one poll interval; the result is fetched at once").containsExactly(Duration.ofMillis(100));
        assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/jobs/j3");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/jobs/j3/result");
    }

    @Test
    void cancellingTheFutureCancelsTheJobAtTheVendorOnce() throws Exception {
        server.setDispatcher(jobThatRuns("j4"));
        time.holdTasks();
        CompletableFuture<ImageResult> f = client().generateAsync(job());
        awaitHeld(1);
        assertThat(f.cancel(true)).isTrue();
        assertThat(f.cancel(true)).isFalse();
        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getMethod()).isEqualTo("POST");
        RecordedRequest cancel = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(cancel.getMethod() + " " + cancel.getUrl().encodedPath()).isEqualTo("PUT /jobs/j4/cancel");
        assertThat(cancel.getHeaders().get("x-api-key")).as("the cancel carries the credential").isEqualTo(KEY);
        assertThat(server.takeRequest(200, TimeUnit.MILLISECONDS)).as("one PUT, no poll").isNull();
    }

    @Test
    void cancellingASubmittedJobCancelsItAtTheVendorOnce() throws Exception {
        server.setDispatcher(jobThatRuns("j5"));
        ImageJob job = client().submit(job());
        job.cancel();
        job.cancel();
        assertThat(job.status().state()).isEqualTo(JobState.CANCELLED);
        assertThat(job.toFuture()).isCancelled();
        job.toFuture().cancel(true);
        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getMethod()).isEqualTo("POST");
        RecordedRequest cancel = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(cancel.getMethod() + " " + cancel.getUrl().encodedPath()).isEqualTo("PUT /jobs/j5/cancel");
        assertThat(server.takeRequest(300, TimeUnit.MILLISECONDS)).as("one PUT, after cancel() twice and toFuture()").isNull();
    }

    @Test
    void aCancelWhileTheSubmissionIsOnTheWireCancelsTheJobItStarts() throws Exception {
        CountDownLatch submitted = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (request.getMethod().equals("POST")) {
                    submitted.countDown();
                    answer.await(5, TimeUnit.SECONDS);
                    return json(200, "{\"id\":\"j6\",\"status\":\"queued\"}");
                }
                return json(200, "{\"id\":\"j6\",\"status\":\"running\"}");
            }
        });
        CompletableFuture<ImageResult> f = client().generateAsync(job());
        assertThat(submitted.await(5, TimeUnit.SECONDS)).isTrue();
        f.cancel(true);
        answer.countDown();
        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getMethod()).isEqualTo("POST");
        RecordedRequest cancel = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(cancel).as("the job the submission started, cancelled at the vendor").isNotNull();
        assertThat(cancel.getMethod() + " " + cancel.getUrl().encodedPath()).isEqualTo("PUT /jobs/j6/cancel");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aDeadlineLeavesTheJobRunningAtTheVendorAndResumable(CallMode mode) throws Exception {
        server.setDispatcher(jobThatRuns("j7"));
        ImageClient c = client();
        assertThatThrownBy(() -> mode.generate(c, job().toBuilder().timeout(Duration.ofSeconds(2)).build()))
                .isInstanceOfSatisfying(DeadlineExceededException.class, e -> assertThat(e.jobRef()).isPresent());
        List<String> methods = new ArrayList<>();
        for (int i = server.getRequestCount(); i > 0; i--) {
            methods.add(server.takeRequest().getMethod());
        }
        assertThat(methods).as("no cancel when the deadline passes").doesNotContain("PUT").contains("POST");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aPollThatKeepsFailingLeavesTheJobResumableNotResubmittable(CallMode mode) {
        server.enqueue(json(200, "{\"id\":\"j8\",\"status\":\"queued\"}"));
        for (int i = 0; i < 4; i++) {
            server.enqueue(json(500, "{\"error\":{\"message\":\"poll backend down\"}}"));
        }
        ImageClient c = client();
        assertThatThrownBy(() -> mode.generate(c, job()))
                .isInstanceOfSatisfying(dev.imagegen.ProviderServerException.class, e -> {
                    assertThat(e.jobRef()).as("the accepted job's ref").isPresent();
                    assertThat(e.isRetryable()).as("retry means resume, not submit again").isFalse();
                    assertThat(e.getMessage()).contains("resume it with jobRef()");
                    assertThat(c.resume(e.jobRef().get()).id()).isEqualTo("j8");
                });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aTruncatedPollAnswerLeavesTheJobResumable(CallMode mode) {
        server.enqueue(json(200, "{\"id\":\"j9\",\"status\":\"queued\"}"));
        for (int i = 0; i < 4; i++) {
            server.enqueue(json(200, "{\"id\":\"j9\",\"sta"));
        }
        ImageClient c = client();
        assertThatThrownBy(() -> mode.generate(c, job()))
                .isInstanceOfSatisfying(dev.imagegen.InvalidResponseException.class, e -> assertThat(e.jobRef()).isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aJobTheVendorSaysFailedCarriesNoRef(CallMode mode) {
        server.enqueue(json(200, "{\"id\":\"j10\",\"status\":\"queued\"}"));
        server.enqueue(json(200, "{\"id\":\"j10\",\"status\":\"failed\",\"error\":\"NSFW\"}"));
        ImageClient c = client();
        assertThatThrownBy(() -> mode.generate(c, job()))
                .isInstanceOfSatisfying(dev.imagegen.GenerationFailedException.class, e -> assertThat(e.jobRef()).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void whatTheVendorEchoesOfTheKeyIsScrubbed(CallMode mode) {
        server.enqueue(json(200, "{\"id\":\"j11\",\"status\":\"queued\"}"));
        server.enqueue(json(200, "{\"id\":\"j11\",\"status\":\"running\",\"logs\":[\"auth with " + KEY + " ok\"]}"));
        server.enqueue(json(401, "{\"error\":{\"message\":\"key " + KEY + " revoked\",\"code\":\"" + KEY + "\"}}"));
        List<JobStatus> seen = new CopyOnWriteArrayList<>();
        ImageClient c = client();
        assertThatThrownBy(() -> mode.generate(c, job(), p -> seen.add(p.status())))
                .isInstanceOfSatisfying(dev.imagegen.AuthenticationException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain(KEY).contains("key *** revoked");
                    assertThat(e.vendorMessage()).contains("key *** revoked");
                    assertThat(e.vendorCode()).contains("***");
                    assertThat(e.toString()).doesNotContain(KEY);
                });
        assertThat(seen).extracting(s -> String.join(" ", s.logs())).contains("auth with *** ok")
                .noneMatch(l -> l.contains(KEY));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aJobIsNeverPolledOffTheApiOrigin(CallMode mode) throws Exception {
        server.enqueue(json(200, "{\"id\":\"j12\",\"status\":\"queued\"}"));
        server.enqueue(json(200, "{\"id\":\"j12\",\"status\":\"fetch\",\"next\":\"http://169.254.169.254/latest/meta-data\"}"));
        ImageClient c = client();
        assertThatThrownBy(() -> mode.generate(c, job()))
                .isInstanceOfSatisfying(dev.imagegen.InvalidResponseException.class, e -> {
                    assertThat(e.getMessage()).contains("refused to poll the job at http://169.254.169.254:80, which is not the API origin");
                    assertThat(e.jobRef()).isPresent();
                });
        assertThat(server.getRequestCount()).isEqualTo(2);

        String edited = dev.imagegen.internal.JobRefs.encode(new dev.imagegen.spi.JobHandle("fake", "fake-job", "j12",
                "http://169.254.169.254/latest/meta-data", java.util.Map.of()));
        assertThatThrownBy(() -> c.resume(edited))
                .isInstanceOfSatisfying(dev.imagegen.InvalidRequestException.class, e -> assertThat(e.field()).contains("ref"))
                .hasMessageContaining("polls http://169.254.169.254:80, which is not the API origin of fake");
        assertThat(server.getRequestCount()).as("nothing sent for the edited ref").isEqualTo(2);
    }

    private static Dispatcher jobThatRuns(String id) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return json(200, request.getMethod().equals("POST") ? "{\"id\":\"" + id + "\",\"status\":\"queued\"}"
                        : "{\"id\":\"" + id + "\",\"status\":\"running\"}");
            }
        };
    }

    private void awaitHeld(int n) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (time.heldCount() < n && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(time.heldCount()).isGreaterThanOrEqualTo(n);
    }
}
