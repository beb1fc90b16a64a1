package dev.imagegen.it;

import dev.imagegen.DeadlineExceededException;
import dev.imagegen.GeneratedImage;
import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.RateLimitedException;
import dev.imagegen.internal.http.HttpPipeline;
import dev.imagegen.it.logging.CapturedLogs;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.TestImages;
import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.RecordedCall;
import dev.imagegen.testkit.Routes;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The fault matrix: every fault kind against every provider flow, in blocking and asynchronous mode, against the
 * emulator (a MockWebServer plays the foreign host of the redirect case). Each run asserts the typed outcome, the
 * time taken (real and fake clock) against the deadline, the paid POSTs the emulator saw, that the client's HTTP layer
 * is idle afterwards (no leaked response or connection), that no client thread survives {@code close()}, and that no
 * secret is in the error. The measured rows are written to {@code target/fault-matrix.md} for docs/reliability.md.
 */
class FaultMatrixTest {

    /** Deadline of every case but the stuck job. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Deadline of the stuck-job case: real waiting for synchronous vendors, fake-clock polling for jobs. */
    static final Duration STUCK_TIMEOUT = Duration.ofSeconds(1);
    static final Duration MARGIN = Duration.ofSeconds(1);
    static final Duration READ_TIMEOUT = Duration.ofMillis(300);
    static final long MAX_BODY = 256 * 1024;
    static final String FAILURE_TEXT = "the GPU caught fire";
    static final String PNG_DATA_URL = "data:image/png;base64," + Base64.getEncoder().encodeToString(TestImages.png(16, 16));

    static final Map<String, String> MEASURED = new ConcurrentHashMap<>();
    static MockWebServer foreignHost;

    enum Mode { BLOCKING, ASYNC }

    /** What a case expects: success (null type) or the exception type, and the paid POSTs the emulator may see. */
    record Expect(Class<? extends Throwable> type, int paidPosts, String vendorText, boolean requestId) {
        static Expect success(int posts) {
            return new Expect(null, posts, null, false);
        }

        static Expect error(Class<? extends Throwable> type, int posts) {
            return new Expect(type, posts, null, false);
        }

        Expect withVendorText(String text) {
            return new Expect(type, paidPosts, text, requestId);
        }

        Expect withRequestId() {
            return new Expect(type, paidPosts, vendorText, true);
        }

        @Override
        public String toString() {
            return (type == null ? "success" : type.getSimpleName()) + ", " + paidPosts + " paid POST" + (paidPosts == 1 ? "" : "s")
                    + (vendorText != null ? ", vendor text" : "") + (requestId ? ", request id" : "");
        }
    }

    enum Case {
        RATE_LIMITED_RETRY_AFTER("429 with Retry-After: 2, once"),
        RATE_LIMITED_BACKOFF("429 without Retry-After, once"),
        RATE_LIMITED_ALWAYS("429 on every attempt"),
        STATUS_500("500"),
        STATUS_502("502"),
        STATUS_503("503, once"),
        STATUS_504("504"),
        DROP_BEFORE_RESPONSE("connection dropped before the response"),
        DROP_MID_BODY("connection dropped in the middle of the body"),
        TRUNCATED_JSON("truncated body (Content-Length longer than sent)"),
        MALFORMED_JSON("malformed JSON (or not-an-image bytes)"),
        HTML_ERROR_PAGE("HTML error page (502 from a proxy)"),
        EMPTY_BODY("200 with an empty body"),
        WRONG_CONTENT_TYPE("200, right body, Content-Type text/html"),
        SLOW_BODY("body slower than the read timeout"),
        OVERSIZED_BODY("body over the size cap"),
        REDIRECT_OTHER_HOST("307 redirect to another host"),
        REDIRECT_SAME_URL("307 redirect back to the same URL, on every answer"),
        POLL_REDIRECT_LOOP("poll answered 307 back to itself, on every answer"),
        OUTPUT_HTTP_NOT_LOOPBACK("output URL http://cdn.invalid/..."),
        OUTPUT_FILE_URL("output URL file:///etc/passwd"),
        JOB_STUCK("job stuck in processing past the deadline"),
        JOB_FAILS("job fails"),
        POLL_503("poll answered 503, once"),
        POLL_DROPPED("poll connection dropped, once"),
        DOWNLOAD_DROPPED("output download dropped mid-body, once");

        final String label;

        Case(String label) {
            this.label = label;
        }
    }

    static boolean applies(Profile p, Case c) {
        return switch (c) {
            case OUTPUT_HTTP_NOT_LOOPBACK, OUTPUT_FILE_URL, DOWNLOAD_DROPPED -> p.urlOutputs();
            case POLL_503, POLL_DROPPED, POLL_REDIRECT_LOOP -> p.isJob();
            default -> true;
        };
    }

    /** The expected outcome, from the transport rules (maxRetries 3: at most 4 attempts). */
    static Expect expected(Profile p, Case c) {
        return switch (c) {
            case RATE_LIMITED_RETRY_AFTER, RATE_LIMITED_BACKOFF, STATUS_503 -> Expect.success(2);
            case RATE_LIMITED_ALWAYS -> Expect.error(RateLimitedException.class, 4).withVendorText("");
            case STATUS_500, STATUS_502, STATUS_504 -> Expect.error(OutcomeUnknownException.class, 1).withVendorText("");
            case DROP_BEFORE_RESPONSE, DROP_MID_BODY, TRUNCATED_JSON, SLOW_BODY -> Expect.error(OutcomeUnknownException.class, 1);
            // Segmind v1 answers with the image itself: bytes that start like a PNG but hold no readable header are no
            // image, in an answer to a paid request: an unknown outcome like any other unreadable answer
            case MALFORMED_JSON -> Expect.error(OutcomeUnknownException.class, 1);
            case HTML_ERROR_PAGE -> Expect.error(OutcomeUnknownException.class, 1).withVendorText("Bad Gateway");
            // a readable but empty answer: the JSON parsers see unreadable JSON (unknown outcome); Segmind v1 sees an
            // answer that is not an image, Lumenfall one without images (invalid response, as their own tests define)
            case EMPTY_BODY -> p == Profile.SEGMIND || p == Profile.LUMENFALL
                    ? Expect.error(InvalidResponseException.class, 1) : Expect.error(OutcomeUnknownException.class, 1);
            case WRONG_CONTENT_TYPE, POLL_503, POLL_DROPPED, DOWNLOAD_DROPPED -> Expect.success(1);
            case OVERSIZED_BODY -> Expect.error(InvalidResponseException.class, 1);
            // a redirect answered to a paid POST is never followed: that would send it a second time
            case REDIRECT_OTHER_HOST, REDIRECT_SAME_URL -> Expect.error(InvalidResponseException.class, 1);
            // a GET follows at most 5 redirects, then the answer is refused
            case POLL_REDIRECT_LOOP -> Expect.error(InvalidResponseException.class, 1);
            // a URL the SDK refuses to download: the image was generated (the error says so), the download refused
            case OUTPUT_HTTP_NOT_LOOPBACK -> Expect.error(InvalidResponseException.class, 1);
            // not a URL at all, so no image: an unknown outcome in the answer to the paid request; in a poll's answer
            // an invalid response (carrying the job's ref)
            case OUTPUT_FILE_URL -> p.outputRoute().equals(p.paidRoute()) ? Expect.error(OutcomeUnknownException.class, 1)
                    : Expect.error(InvalidResponseException.class, 1);
            case JOB_STUCK -> Expect.error(DeadlineExceededException.class, 1);
            // synchronous vendors report a failed generation as an HTTP error: Segmind 422 (failed, nothing billed),
            // Lumoz 500 and Lumenfall 502 (after sending a paid request: the outcome is unknown)
            case JOB_FAILS -> p.isJob() ? Expect.error(GenerationFailedException.class, 1).withVendorText(FAILURE_TEXT).withRequestId()
                    : p == Profile.SEGMIND ? Expect.error(GenerationFailedException.class, 1).withVendorText(FAILURE_TEXT)
                    : Expect.error(OutcomeUnknownException.class, 1).withVendorText(FAILURE_TEXT);
        };
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Profile p : Profile.ALL) {
            for (Case c : Case.values()) {
                if (applies(p, c)) {
                    for (Mode m : Mode.values()) {
                        out.add(Arguments.of(p, c, m));
                    }
                }
            }
        }
        return out.stream();
    }

    @BeforeAll
    static void startForeignHost() throws IOException {
        foreignHost = new MockWebServer();
        foreignHost.start();
    }

    @AfterAll
    static void report() throws IOException {
        foreignHost.close();
        StringBuilder sb = new StringBuilder("| flow | case | expected | measured (blocking) | measured (async) |\n|---|---|---|---|---|\n");
        Map<String, String> sorted = new TreeMap<>();
        for (Profile p : Profile.ALL) {
            for (Case c : Case.values()) {
                if (applies(p, c)) {
                    String key = String.format("%d-%02d", Profile.ALL.indexOf(p), c.ordinal());
                    sorted.put(key, "| " + p.name() + " | " + c.label + " | " + expected(p, c) + " | "
                            + MEASURED.getOrDefault(p.name() + "|" + c + "|BLOCKING", "not run") + " | "
                            + MEASURED.getOrDefault(p.name() + "|" + c + "|ASYNC", "not run") + " |\n");
                }
            }
        }
        sorted.values().forEach(sb::append);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "fault-matrix.md"), sb);
        assertThat(CapturedLogs.leaks()).as("log lines containing the API key").isEmpty();
    }

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @MethodSource("cases")
    void faultCase(Profile p, Case c, Mode mode) throws Exception {
        ProviderEmulator emu = Emulators.forProfile(p);
        emu.faults().clear();
        emu.clearRequests();
        FakeTime time = new FakeTime();
        List<ImageEventListener.Attempt> attempts = new CopyOnWriteArrayList<>();
        ImageEventListener listener = new ImageEventListener() {
            @Override
            public void attempt(Attempt event) {
                attempts.add(event);
            }
        };
        Duration timeout = c == Case.JOB_STUCK ? STUCK_TIMEOUT : TIMEOUT;
        arrange(emu, p, c);
        Set<Thread> threadsBefore = Leaks.threads();
        // the stuck case must meet the deadline, not the read timeout (which the slow-body case exercises)
        Duration readTimeout = c == Case.JOB_STUCK ? STUCK_TIMEOUT.multipliedBy(10) : READ_TIMEOUT;
        ImageClient client = Emulators.client(p, time, listener).readTimeout(readTimeout).maxBodyBytes(MAX_BODY).build();
        int foreignBefore = foreignHost.getRequestCount();
        ImageRequest request = p.request(timeout);

        long realStart = System.nanoTime();
        long fakeStart = time.millis();
        Throwable error = null;
        ImageResult result = null;
        try {
            result = mode == Mode.BLOCKING ? client.generate(request)
                    : client.generateAsync(request).get(timeout.plus(MARGIN).plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
            for (GeneratedImage image : result.images()) {
                assertThat(image.isLoaded()).as("checked and in hand before the call returned").isTrue();
                assertThat(image.bytes()).isNotEmpty();
                assertThat(image.size().width()).isPositive();
            }
        } catch (ExecutionException e) {
            error = e.getCause();
        } catch (TimeoutException e) {
            fail("hung: no outcome within the deadline plus 10 s");
        } catch (RuntimeException e) {
            error = e;
        }
        Duration real = Duration.ofNanos(System.nanoTime() - realStart);
        Duration fake = Duration.ofMillis(time.millis() - fakeStart);
        HttpPipeline.Stats stats = Leaks.awaitIdle(client, Duration.ofSeconds(3));
        client.close();
        Set<String> leftThreads = Leaks.threadsLeftAfterClose(threadsBefore, Duration.ofSeconds(3));
        int paid = emu.requestCount(p.paidRoute());
        long downloads = attempts.stream().filter(a -> a.operation().equals("download")).count();

        MEASURED.put(p.name() + "|" + c + "|" + mode, (error == null ? "success" : error.getClass().getSimpleName()
                + (error instanceof ImageGenerationException ige && ige.httpStatus().isPresent() ? " (HTTP " + ige.httpStatus().getAsInt() + ")" : ""))
                + ", " + paid + " paid POST" + (paid == 1 ? "" : "s") + ", " + real.toMillis() + " ms"
                + (fake.toMillis() > 0 ? " (+" + fake.toMillis() + " ms fake)" : "")
                + (stats.idle() ? "" : ", NOT IDLE " + stats) + (leftThreads.isEmpty() ? "" : ", THREADS LEFT " + leftThreads));

        Expect expect = expected(p, c);
        if (expect.type() == null) {
            assertThat(error).as("outcome: %s", error).isNull();
            assertThat(result.images()).isNotEmpty();
        } else {
            assertThat(error).as("outcome: %s", error).isInstanceOf(expect.type());
            ImageGenerationException ige = (ImageGenerationException) error;
            assertThat(ige.providerId()).hasValue(p.providerId());
            if (expect.vendorText() != null) {
                assertThat(ige.vendorMessage()).as("vendor text").isPresent();
                assertThat(ige.getMessage()).contains(expect.vendorText());
            }
            if (expect.requestId()) {
                assertThat(ige.requestId()).as("request id").isPresent();
                assertThat(ige.getMessage()).contains(ige.requestId().get());
            }
            assertThat(ige.getMessage() + ige).doesNotContain(Emulators.API_KEY);
        }
        assertThat(paid).as("paid POSTs seen by the emulator").isEqualTo(expect.paidPosts());
        assertThat(real).as("real time taken").isLessThanOrEqualTo(timeout.plus(MARGIN));
        assertThat(fake).as("fake-clock time taken (retry and poll waits)").isLessThanOrEqualTo(timeout.plus(MARGIN));
        assertThat(stats.idle()).as("dispatcher and pool idle: " + stats).isTrue();
        assertThat(leftThreads).as("client threads left after close()").isEmpty();
        assertThat(ClientInternalsView.terminated(client)).as("dispatcher pool terminated").isTrue();
        for (RecordedCall call : emu.requests()) {
            if (call.route().equals(Routes.STORAGE)) {
                assertThat(call.header("Authorization")).as("credential on a download").isEmpty();
                assertThat(call.header("x-api-key")).as("credential on a download").isEmpty();
            }
        }
        switch (c) {
            case RATE_LIMITED_RETRY_AFTER -> assertThat(time.sleeps()).contains(Duration.ofSeconds(2));
            case RATE_LIMITED_BACKOFF -> assertThat(time.sleeps()).contains(Duration.ofMillis(500));
            case RATE_LIMITED_ALWAYS -> assertThat(((ImageGenerationException) error).isRetryable()).isTrue();
            case OUTPUT_HTTP_NOT_LOOPBACK, OUTPUT_FILE_URL -> assertThat(downloads).as("download attempts").isZero();
            case JOB_STUCK -> {
                if (p.isJob()) {
                    assertThat(((DeadlineExceededException) error).jobRef()).as("job ref to resume").isPresent();
                }
            }
            case REDIRECT_OTHER_HOST -> {
                assertThat(foreignHost.getRequestCount()).as("requests that reached the foreign host").isEqualTo(foreignBefore);
                assertThat(error).hasMessageContaining("redirecting to http://localhost:" + foreignHost.getPort() + "/elsewhere")
                        .hasMessageContaining("generated nothing");
            }
            case REDIRECT_SAME_URL -> assertThat(error).hasMessageContaining("never sent twice");
            case POLL_REDIRECT_LOOP -> {
                assertThat(error).hasMessageContaining("after 5 redirects");
                assertThat(emu.requestCount(p.pollRoute())).as("poll hops: the first and 5 redirects").isEqualTo(6);
            }
            default -> {
            }
        }
    }

    private static void arrange(ProviderEmulator emu, Profile p, Case c) {
        var faults = emu.faults();
        String paid = p.paidRoute();
        switch (c) {
            case RATE_LIMITED_RETRY_AFTER -> faults.on(paid).once().respond(Fault.status(429).header("Retry-After", "2"));
            case RATE_LIMITED_BACKOFF -> faults.on(paid).once().respond(Fault.status(429));
            case RATE_LIMITED_ALWAYS -> faults.on(paid).always().respond(Fault.status(429));
            case STATUS_500 -> faults.on(paid).once().respond(Fault.status(500));
            case STATUS_502 -> faults.on(paid).once().respond(Fault.status(502));
            case STATUS_503 -> faults.on(paid).once().respond(Fault.status(503));
            case STATUS_504 -> faults.on(paid).once().respond(Fault.status(504));
            case DROP_BEFORE_RESPONSE -> faults.on(paid).once().respond(Fault.dropConnection());
            case DROP_MID_BODY -> faults.on(paid).once().respond(Fault.dropMidBody());
            case TRUNCATED_JSON -> faults.on(paid).once().respond(Fault.truncatedBody());
            case MALFORMED_JSON -> faults.on(paid).once().respond(Fault.malformedBody());
            case HTML_ERROR_PAGE -> faults.on(paid).once().respond(Fault.status(502).body(
                    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
                            + "<hr><center>nginx</center></body></html>"));
            case EMPTY_BODY -> faults.on(paid).once().respond(Fault.status(200).body(new byte[0], "application/json"));
            case WRONG_CONTENT_TYPE -> faults.on(p.outputRoute()).once().respond(Fault.status(200)
                    .body(p.completedBody(PNG_DATA_URL), "text/html; charset=utf-8"));
            case SLOW_BODY -> faults.on(paid).once().respond(Fault.slowBody(READ_TIMEOUT.multipliedBy(3)));
            case OVERSIZED_BODY -> faults.on(paid).once().respond(Fault.oversizedBody(4 * MAX_BODY));
            case REDIRECT_OTHER_HOST -> {
                // "localhost" is another host than the emulator's 127.0.0.1 (another origin), and stays on loopback
                String location = "http://localhost:" + foreignHost.getPort() + "/elsewhere";
                faults.on(paid).once().respond(Fault.status(307).header("Location", location));
            }
            // "?again" resolves to the same path: a client that followed it would post to the same route again
            case REDIRECT_SAME_URL -> faults.on(paid).always().respond(Fault.status(307).header("Location", "?again"));
            case POLL_REDIRECT_LOOP -> faults.on(p.pollRoute()).always().respond(Fault.status(307).header("Location", "?again"));
            case OUTPUT_HTTP_NOT_LOOPBACK -> faults.on(p.outputRoute()).always().respond(Fault.status(200)
                    .body(p.completedBody("http://cdn.invalid/outputs/image.png"), "application/json"));
            case OUTPUT_FILE_URL -> faults.on(p.outputRoute()).always().respond(Fault.status(200)
                    .body(p.completedBody("file:///etc/passwd"), "application/json"));
            case JOB_STUCK -> faults.on(paid).once().respond(Fault.jobNeverFinishes());
            case JOB_FAILS -> faults.on(paid).once().respond(Fault.jobFails(FAILURE_TEXT));
            case POLL_503 -> faults.on(p.pollRoute()).once().respond(Fault.status(503));
            case POLL_DROPPED -> faults.on(p.pollRoute()).once().respond(Fault.dropConnection());
            case DOWNLOAD_DROPPED -> faults.on(Routes.STORAGE).once().respond(Fault.dropMidBody());
        }
    }
}
