package dev.imagegen.provider.fal;

import dev.imagegen.DeadlineExceededException;
import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;
import dev.imagegen.RequestProgress;
import dev.imagegen.testing.CallMode;
import dev.imagegen.testing.Fixtures;
import dev.imagegen.testing.TestImages;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Submit, status with queue position and logs, COMPLETED, result; failures, cancel, deadlines and resuming. */
class FalJobTest extends FalTestBase {

    private static final String SUBMIT = "POST /fal-ai/hidream-i1-dev";

    private String status(String id) {
        return "GET " + statusPath(id) + "?logs=1";
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void queuePositionCountsDownThenLogsThenTheResult(CallMode mode) throws Exception {
        byte[] png = TestImages.png(64, 48);
        server.enqueue(submitted("r1", 2));
        server.enqueue(inQueue("r1", 1));
        server.enqueue(inQueue("r1", 0));
        server.enqueue(inProgress("r1", "Loading weights", "step 8/28"));
        server.enqueue(completed("r1"));
        server.enqueue(result("r1", base() + "/storage/r1.png"));
        server.enqueue(Fixtures.image(png, "image/png"));
        List<RequestProgress> seen = new CopyOnWriteArrayList<>();

        ImageResult r = mode.generate(client(), request().seed(7L).build(), seen::add);

        assertThat(r.provider()).isEqualTo("fal");
        assertThat(r.model()).isEqualTo("fal-ai/hidream-i1-dev");
        assertThat(r.requestId()).hasValue("r1");
        assertThat(r.seed()).as("fal's seed, above 2^53, read exactly").hasValue(196619188014358660L);
        assertThat(r.timings().inference()).hasValue(Duration.ofMillis(2500));
        assertThat(r.image().nsfw()).hasValue(false);
        assertThat(r.image().url()).hasValue(base() + "/storage/r1.png");
        assertThat(r.image().bytes()).isEqualTo(png);
        assertThat(r.cost()).hasValueSatisfying(c -> assertThat(c.amount()).isEqualByComparingTo("0.031457"));

        List<JobStatus> statuses = seen.stream().map(RequestProgress::status).toList();
        assertThat(statuses.stream().map(s -> s.position().orElse(null)).filter(p -> p != null).toList())
                .containsExactly(2, 1, 0);
        assertThat(statuses).anySatisfy(s -> {
            assertThat(s.state()).isEqualTo(JobState.RUNNING);
            assertThat(s.vendorStatus()).isEqualTo("IN_PROGRESS");
            assertThat(s.logs()).containsExactly("Loading weights", "step 8/28");
        });
        assertThat(statuses.get(statuses.size() - 1).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(seen).allSatisfy(p -> assertThat(p.provider()).isEqualTo("fal"));
        assertThat(seen).filteredOn(p -> p.job().isPresent()).allSatisfy(p -> assertThat(p.jobId()).isEqualTo("r1"));
        assertThat(time.sleeps()).as("status polls; the result is fetched at once after COMPLETED")
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(225), Duration.ofMillis(337));

        List<RecordedRequest> all = recorded();
        assertThat(lines(all)).containsExactly(SUBMIT, status("r1"), status("r1"), status("r1"), status("r1"),
                "GET " + resultPath("r1"), "GET /storage/r1.png");
        assertThat(all.subList(0, 6)).allSatisfy(q -> assertThat(q.getHeaders().get("Authorization")).isEqualTo("Key " + KEY));
        assertThat(all.get(6).getHeaders().get("Authorization")).as("no key on the download").isNull();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void completedWithAnErrorIsAGenerationFailedExceptionAndNoResultIsFetched(CallMode mode) throws Exception {
        server.enqueue(submitted("r2", 0));
        server.enqueue(Fixtures.json(200, fixture("status-completed-error.json", "id", "r2", "error", "Runner disconnected",
                "type", "runner_disconnected")));

        GenerationFailedException e = catchThrowableOfType(GenerationFailedException.class,
                () -> mode.generate(client(), request().build()));

        assertThat(e).isNotNull();
        assertThat(e.vendorMessage()).hasValue("Runner disconnected");
        assertThat(e.vendorCode()).hasValue("runner_disconnected");
        assertThat(e.requestId()).hasValue("r2");
        assertThat(e.providerId()).hasValue("fal");
        assertThat(lines(recorded())).containsExactly(SUBMIT, status("r2"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void anUnknownStatusIsAnInvalidResponse(CallMode mode) throws Exception {
        server.enqueue(submitted("r3", 0));
        server.enqueue(Fixtures.json(200, "{\"status\":\"CANCELED\",\"request_id\":\"r3\"}"));

        assertThatThrownBy(() -> mode.generate(client(), request().build()))
                .isInstanceOf(InvalidResponseException.class).hasMessageContaining("CANCELED");
        assertThat(lines(recorded())).containsExactly(SUBMIT, status("r3"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aResultWithoutTimingsOrRequestIdHeaderUsesTheMetricsAndTheJobId(CallMode mode) {
        server.enqueue(submitted("r4", 0));
        server.enqueue(completed("r4"));
        server.enqueue(Fixtures.json(200, "{\"images\":[{\"url\":\"" + base() + "/storage/r4.jpg\"}],\"seed\":5}"));
        server.enqueue(Fixtures.image(TestImages.jpeg(8, 8), "image/jpeg"));

        ImageResult r = mode.generate(client(), request().build());

        assertThat(r.requestId()).hasValue("r4");
        assertThat(r.timings().inference()).hasValue(Duration.ofMillis(1500));
        assertThat(r.seed()).hasValue(5L);
        assertThat(r.image().nsfw()).isEmpty();
        assertThat(r.cost()).as("the catalog estimate: no size reported").hasValueSatisfying(
                c -> assertThat(c.amount()).isEqualByComparingTo("0.031457"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aResultWithoutImagesIsAnInvalidResponse(CallMode mode) {
        server.enqueue(submitted("r5", 0));
        server.enqueue(completed("r5"));
        server.enqueue(Fixtures.json(200, "{\"images\":[],\"seed\":5}"));
        assertThatThrownBy(() -> mode.generate(client(), request().build()))
                .isInstanceOf(InvalidResponseException.class).hasMessageContaining("no images");
    }

    @Test
    void urlsOffTheApiOriginAreBuiltFromTheBaseUrl() throws Exception {
        server.enqueue(Fixtures.json(200, "{\"status\":\"IN_QUEUE\",\"request_id\":\"r6\",\"queue_position\":0,"
                + "\"status_url\":\"https://queue.fal.run/fal-ai/hidream-i1-dev/requests/r6/status\","
                + "\"response_url\":\"https://queue.fal.run/fal-ai/hidream-i1-dev/requests/r6\","
                + "\"cancel_url\":\"https://queue.fal.run/fal-ai/hidream-i1-dev/requests/r6/cancel\"}"));
        server.enqueue(completed("r6"));
        server.enqueue(result("r6", "https://v3.fal.media/files/r6.jpg"));

        // fal's CDN is not on this machine: the output is kept as a URL, unfetched
        ImageResult r = client().generate(request().downloadOutputs(false).build());

        assertThat(r.image().url()).hasValue("https://v3.fal.media/files/r6.jpg");
        List<RecordedRequest> all = recorded();
        assertThat(lines(all)).containsExactly(SUBMIT, status("r6"), "GET " + resultPath("r6"));
        assertThat(all.get(2).getHeaders().get("Authorization")).isEqualTo("Key " + KEY);
    }

    @Test
    void cancellingTheFutureSendsOnePutToTheCancelUrl() throws Exception {
        server.setDispatcher(queuedForever("r7", "CANCELLATION_REQUESTED"));
        time.holdTasks();
        CompletableFuture<ImageResult> f = client().generateAsync(request().build());
        awaitHeld();
        assertThat(f.cancel(true)).isTrue();
        assertThat(f.cancel(true)).isFalse();

        RecordedRequest submit = server.takeRequest(5, TimeUnit.SECONDS);
        RecordedRequest cancel = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(lines(List.of(submit, cancel))).containsExactly(SUBMIT, "PUT " + resultPath("r7") + "/cancel");
        assertThat(cancel.getHeaders().get("Authorization")).isEqualTo("Key " + KEY);
        assertThat(server.takeRequest(200, TimeUnit.MILLISECONDS)).as("one PUT, and no poll after it").isNull();
    }

    @Test
    void cancellingTheJobSendsOnePutEvenWhenCalledTwice() throws Exception {
        server.setDispatcher(queuedForever("r8", "CANCELLATION_REQUESTED"));
        ImageJob job = client().submit(request().build());
        job.cancel();
        job.cancel();
        assertThat(job.status().state()).isEqualTo(JobState.CANCELLED);
        assertThat(lines(recorded())).containsExactly(SUBMIT, "PUT " + resultPath("r8") + "/cancel");
    }

    @Test
    void aCancelAnsweredAlreadyCompletedIsOnlyLogged() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                return r.getMethod().equals("PUT") ? Fixtures.json(400, "{\"status\":\"ALREADY_COMPLETED\"}") : submitted("r9", 0);
            }
        });
        ImageJob job = client().submit(request().build());
        job.cancel();
        assertThat(job.status().state()).isEqualTo(JobState.CANCELLED);
        assertThat(lines(recorded())).containsExactly(SUBMIT, "PUT " + resultPath("r9") + "/cancel");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aDeadlineSendsNoCancelAndTheRefResumesInASecondClient(CallMode mode) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        byte[] png = TestImages.png(20, 20);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String path = r.getUrl().encodedPath();
                if (r.getMethod().equals("POST")) {
                    return submitted("r10", 3);
                }
                if (path.equals(statusPath("r10"))) {
                    return done.get() ? completed("r10") : inQueue("r10", 3);
                }
                if (path.equals(resultPath("r10"))) {
                    return result("r10", base() + "/storage/r10.png");
                }
                return path.equals("/storage/r10.png") ? Fixtures.image(png, "image/png") : new MockResponse.Builder().code(404).build();
            }
        });
        // The clock is fake (polls move it at once), but the submit's HTTP exchange is bounded by the same deadline in
        // real time: 2 s was too tight for a JVM's first exchange on a loaded machine (no ref yet, test failed).
        DeadlineExceededException timedOut = catchThrowableOfType(DeadlineExceededException.class,
                () -> mode.generate(client(), request().timeout(Duration.ofSeconds(20)).build()));
        assertThat(timedOut).isNotNull();
        assertThat(timedOut.jobRef()).isPresent();
        List<String> before = lines(recorded());
        assertThat(before).first().isEqualTo(SUBMIT);
        assertThat(before).as("no cancel when the deadline passes").noneMatch(l -> l.startsWith("PUT"));

        done.set(true);
        ImageClient second = client(builder());
        ImageResult r = second.resume(timedOut.jobRef().get()).await(Duration.ofSeconds(10));
        assertThat(r.requestId()).hasValue("r10");
        assertThat(r.image().bytes()).isEqualTo(png);
        assertThat(lines(recorded())).containsExactly(status("r10"), "GET " + resultPath("r10"), "GET /storage/r10.png");
    }

    @Test
    void aSubmittedJobIsAwaitedByAnotherClientAndPositionsAreVisibleToOnStatus() throws Exception {
        server.enqueue(submitted("r11", 1));
        ImageJob first = client().submit(request().build());
        assertThat(first.status().state()).isEqualTo(JobState.QUEUED);
        assertThat(first.status().position()).hasValue(1);
        String ref = first.ref();

        server.enqueue(inQueue("r11", 0));
        server.enqueue(inProgress("r11", "a", "b"));
        server.enqueue(completed("r11"));
        server.enqueue(result("r11", base() + "/storage/r11.png"));
        server.enqueue(Fixtures.image(TestImages.png(8, 8), "image/png"));
        ImageJob resumed = client(builder()).resume(ref);
        List<JobStatus> seen = new ArrayList<>();
        resumed.onStatus(seen::add);
        assertThat(resumed.poll().position()).hasValue(0);
        assertThat(resumed.poll().logs()).containsExactly("a", "b");
        ImageResult r = resumed.await(Duration.ofSeconds(10));
        assertThat(r.requestId()).hasValue("r11");
        assertThat(seen).extracting(JobStatus::state).contains(JobState.QUEUED, JobState.RUNNING, JobState.SUCCEEDED);
        assertThat(lines(recorded())).containsExactly(SUBMIT, status("r11"), status("r11"), status("r11"),
                "GET " + resultPath("r11"), "GET /storage/r11.png");
    }

    @Test
    void aRateLimitedStatusPollIsRetriedAndTheSubmitIsNotResent() throws Exception {
        server.enqueue(submitted("r12", 0));
        server.enqueue(new MockResponse.Builder(Fixtures.json(429, "{\"detail\":\"Too many requests\"}"))
                .addHeader("Retry-After", "2").build());
        server.enqueue(completed("r12"));
        server.enqueue(result("r12", base() + "/storage/r12.png"));
        server.enqueue(Fixtures.image(TestImages.png(8, 8), "image/png"));
        assertThat(client().generate(request().build()).requestId()).hasValue("r12");
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofSeconds(2));
        assertThat(lines(recorded())).containsExactly(SUBMIT, status("r12"), status("r12"), "GET " + resultPath("r12"),
                "GET /storage/r12.png");
    }

    private Dispatcher queuedForever(String id, String cancelAnswer) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                if (r.getMethod().equals("PUT")) {
                    return Fixtures.json(202, Fixtures.text(ID, "cancel.json", "status", cancelAnswer));
                }
                return r.getMethod().equals("POST") ? submitted(id, 4) : inQueue(id, 4);
            }
        };
    }

    private void awaitHeld() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (time.heldCount() < 1 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertThat(time.heldCount()).isPositive();
    }
}
