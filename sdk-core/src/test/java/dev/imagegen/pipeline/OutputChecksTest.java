package dev.imagegen.pipeline;

import dev.imagegen.DeadlineExceededException;
import dev.imagegen.GeneratedImage;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ImageSize;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.RetryPolicy;
import dev.imagegen.testing.CallMode;
import dev.imagegen.testing.TestImages;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Only images are results: every output is checked as an image (magic number and a believable header) before it
 * becomes one, URL outputs are downloaded and checked within the request's deadline, once; a caller who opts out gets
 * the vendor's URLs, unchecked, each fetched once on first use within {@code downloadTimeout}. Each case in blocking
 * and asynchronous mode.
 */
class OutputChecksTest extends PipelineFixture {

    private static final byte[] TEXT = "<!doctype html><html><body>Bad gateway</body></html>".getBytes(StandardCharsets.UTF_8);

    /** What the paths of the fake vendor answer; every request's method and path, in order. */
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private void serve(String generateBody, String pollBody, MockResponse download) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                seen.add(r.getMethod() + " " + r.getUrl().encodedPath());
                String path = r.getUrl().encodedPath();
                if (path.equals("/generate")) {
                    return json(200, generateBody);
                }
                if (path.startsWith("/jobs/")) {
                    return json(200, pollBody);
                }
                return download;
            }
        });
    }

    private long paidPosts() {
        return seen.stream().filter(s -> s.equals("POST /generate")).count();
    }

    private long downloads() {
        return seen.stream().filter(s -> s.startsWith("GET /out/")).count();
    }

    private static MockResponse image(byte[] bytes, String type) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", type).body(new Buffer().write(bytes)).build();
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    /** A PNG signature and IHDR chunk claiming {@code side} x {@code side}, and nothing else. */
    private static byte[] pngHeaderClaiming(int side) {
        byte[] png = TestImages.png(4, 4);
        byte[] b = java.util.Arrays.copyOf(png, 33);
        for (int i = 0; i < 2; i++) {
            int at = 16 + 4 * i;
            b[at] = (byte) (side >>> 24);
            b[at + 1] = (byte) (side >>> 16);
            b[at + 2] = (byte) (side >>> 8);
            b[at + 3] = (byte) side;
        }
        return b;
    }

    static Stream<Arguments> junkInAPaidAnswer() {
        List<Arguments> out = new ArrayList<>();
        String[][] cases = {
                {"data: URL of text/html", "{\"url\":\"data:text/html;base64," + b64(TEXT) + "\"}", "data: URL of text/html"},
                {"data:image/png holding text", "{\"url\":\"data:image/png;base64," + b64(TEXT) + "\"}", "HTML or XML"},
                {"b64_json: \"string\" (an OpenAI spec mock)", "{\"b64\":\"string\"}", "not an image"},
                {"base64 of a few bytes of text", "{\"b64\":\"" + b64("hello".getBytes(StandardCharsets.UTF_8)) + "\"}", "bytes of text"},
                {"empty base64", "{\"b64\":\"\"}", "empty (0 bytes)"},
                {"PNG header claiming 2147483647 x 2147483647", "{\"b64\":\"" + b64(pngHeaderClaiming(Integer.MAX_VALUE)) + "\"}",
                        "2147483647x2147483647"},
                {"PNG signature without IHDR", "{\"b64\":\"" + b64(java.util.Arrays.copyOf(TestImages.png(4, 4), 8)) + "\"}",
                        "header gives no dimensions"},
                {"URL \"\"", "{\"url\":\"\"}", "neither image data nor an absolute http(s) URL"},
                {"URL //host/x", "{\"url\":\"//host/x\"}", "neither image data nor an absolute http(s) URL"},
                {"URL file:///etc/passwd", "{\"url\":\"file:///etc/passwd\"}", "neither image data nor an absolute http(s) URL"}};
        for (CallMode mode : CallMode.values()) {
            for (String[] c : cases) {
                out.add(Arguments.of(mode, c[0], c[1], c[2]));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("junkInAPaidAnswer")
    void aPaidAnswerThatHoldsNoImageIsAnUnknownOutcomeNeverASuccess(CallMode mode, String what, String output, String says) {
        serve("{\"id\":\"r1\",\"images\":[" + output + "]}", null, null);
        ImageClient c = client();

        assertThatThrownBy(() -> mode.generate(c, sync())).isInstanceOfSatisfying(OutcomeUnknownException.class, e -> {
            assertThat(e.getMessage()).contains("holds no usable image").contains(says).contains("may have generated and billed it");
            assertThat(e.isRetryable()).isFalse();
        });
        assertThat(paidPosts()).as("one paid POST, not retried").isEqualTo(1);
        assertThat(seen).hasSize(1);
    }

    static Stream<Arguments> junkDownloads() {
        List<Arguments> out = new ArrayList<>();
        Object[][] cases = {
                {"an empty 200", image(new byte[0], "image/png"), "empty (0 bytes)"},
                {"an HTML page", image(TEXT, "text/html"), "HTML or XML"},
                {"cut JSON", image("{\"error\":{\"mess".getBytes(StandardCharsets.UTF_8), "application/json"), "JSON"},
                {"text labelled image/png", image("not really a png".getBytes(StandardCharsets.UTF_8), "image/png"), "bytes of text"},
                {"a PNG header claiming 2147483647 x 2147483647", image(pngHeaderClaiming(Integer.MAX_VALUE), "image/png"),
                        "beyond 65535"}};
        for (CallMode mode : CallMode.values()) {
            for (Object[] c : cases) {
                out.add(Arguments.of(mode, c[0], c[1], c[2]));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("junkDownloads")
    void aDownloadThatIsNotAnImageFailsTheRequestSayingTheOutputWasGenerated(CallMode mode, String what, MockResponse download,
                                                                             String says) {
        serve("{\"id\":\"r1\",\"images\":[{\"url\":\"" + server.url("/out/a.png") + "\"}]}", null, download);
        ImageClient c = client(builder().retryPolicy(RetryPolicy.defaults().withJitter(false).withMaxRetries(1)));

        assertThatThrownBy(() -> mode.generate(c, sync())).isInstanceOfSatisfying(InvalidResponseException.class, e -> {
            assertThat(e.getMessage()).contains("the output was generated but could not be downloaded from "
                    + server.url("/out/a.png")).contains(says).contains("do not submit the request again");
            assertThat(e.isRetryable()).as("submitting again would pay again").isFalse();
        });
        assertThat(paidPosts()).isEqualTo(1);
        assertThat(downloads()).as("the download, retried once like any unreadable GET").isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(CallMode.class)
    void aPollAnswerThatHoldsNoImageIsAnInvalidResponseCarryingTheJobsRef(CallMode mode) {
        serve("{\"id\":\"j1\",\"status\":\"queued\"}", "{\"id\":\"j1\",\"status\":\"done\",\"images\":[{\"url\":\"\"}]}", null);
        ImageClient c = client(builder().retryPolicy(RetryPolicy.defaults().withJitter(false).withMaxRetries(0)));

        assertThatThrownBy(() -> mode.generate(c, job())).isInstanceOfSatisfying(InvalidResponseException.class, e -> {
            assertThat(e.getMessage()).contains("holds no usable image").contains("neither image data nor an absolute http(s) URL");
            assertThat(e.jobRef()).as("the paid job can be resumed, never submitted again").isPresent();
            assertThat(e.isRetryable()).isFalse();
        });
        assertThat(paidPosts()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(CallMode.class)
    void aJobsUrlOutputIsDownloadedAndCheckedBeforeItsResultIsHandedBack(CallMode mode) {
        byte[] png = TestImages.png(24, 16);
        serve("{\"id\":\"j1\",\"status\":\"queued\"}", "{\"id\":\"j1\",\"status\":\"done\",\"images\":[{\"url\":\""
                + server.url("/out/j1.png") + "\"},{\"url\":\"" + server.url("/out/j2.png") + "\"}]}", image(png, "image/png"));
        ImageClient c = client();

        ImageResult r = mode.generate(c, job());
        assertThat(r.images()).hasSize(2).allMatch(GeneratedImage::isLoaded);
        assertThat(r.images()).extracting(GeneratedImage::size).containsOnly(ImageSize.of(24, 16));
        assertThat(r.images().get(1).url()).contains(server.url("/out/j2.png").toString());
        assertThat(downloads()).isEqualTo(2);

        // a submitted job's result too, and a resumed one's
        seen.clear();
        ImageResult viaJob = c.submit(job()).await(Duration.ofSeconds(10));
        assertThat(viaJob.images()).allMatch(GeneratedImage::isLoaded);
        ImageResult resumed = c.resume(c.submit(job()).ref()).await(Duration.ofSeconds(10));
        assertThat(resumed.images()).allMatch(GeneratedImage::isLoaded);
        assertThat(downloads()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(CallMode.class)
    void theRequestsDeadlineBoundsItsDownloadsAndTheErrorSaysSo(CallMode mode) {
        MockResponse slow = new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
                .body(new Buffer().write(TestImages.png(4, 4))).headersDelay(20, TimeUnit.SECONDS).build();
        serve("{\"id\":\"r1\",\"images\":[{\"url\":\"" + server.url("/out/a.png") + "\"}]}", null, slow);
        ImageClient c = client(builder().downloadTimeout(Duration.ofMinutes(2)));

        long start = System.nanoTime();
        assertThatThrownBy(() -> mode.generate(c, sync().toBuilder().timeout(Duration.ofMillis(800)).build()))
                .isInstanceOfSatisfying(DeadlineExceededException.class, e -> assertThat(e.getMessage())
                        .contains("deadline passed while downloading the output from " + server.url("/out/a.png") + ", which was generated"));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(ms).as("ended at the request's deadline (800 ms), not the download timeout (2 min)").isLessThan(2_000);
    }

    @Test
    void aDeferredDownloadIsBoundedByDownloadTimeoutAndTheErrorNamesIt() {
        MockResponse slow = new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
                .body(new Buffer().write(TestImages.png(4, 4))).headersDelay(20, TimeUnit.SECONDS).build();
        serve("{\"id\":\"r1\",\"images\":[{\"url\":\"" + server.url("/out/a.png") + "\"}]}", null, slow);
        ImageClient c = client(builder().downloadTimeout(Duration.ofMillis(500)));
        ImageResult r = c.generate(sync().toBuilder().downloadOutputs(false).timeout(Duration.ofSeconds(30)).build());

        long start = System.nanoTime();
        assertThatThrownBy(() -> r.image().bytes()).isInstanceOfSatisfying(DeadlineExceededException.class,
                e -> assertThat(e.getMessage()).contains("downloadTimeout (500 ms) passed while downloading the output"));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(CallMode.class)
    void optingOutFetchesNothingChecksNothingAndSaysSo(CallMode mode, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] png = TestImages.png(12, 10);
        serve("{\"id\":\"r1\",\"images\":[{\"url\":\"" + server.url("/out/a.png") + "\"}]}", null, image(png, "image/png"));
        ImageClient c = client();

        ImageResult r = mode.generate(c, sync().toBuilder().downloadOutputs(false).build());
        assertThat(r.warnings()).anyMatch(w -> w.contains("not downloaded or checked with the request"));
        assertThat(r.image().isLoaded()).isFalse();
        assertThat(downloads()).isZero();

        r.image().writeTo(dir.resolve("a.png"));
        assertThat(r.image().size()).isEqualTo(ImageSize.of(12, 10));
        assertThat(r.image().bytes()).isEqualTo(png);
        assertThat(Files.readAllBytes(dir.resolve("a.png"))).isEqualTo(png);
        assertThat(downloads()).as("once, whatever the caller does").isEqualTo(1);
    }

    /**
     * Concurrent first uses of a deferred image share one download; a caller waiting for another's download can be
     * interrupted (it once waited on a monitor, which also pinned a virtual thread's carrier for the whole download).
     */
    @Test
    void concurrentCallersShareOneDeferredDownloadAndAWaitingOneCanBeInterrupted() throws Exception {
        byte[] png = TestImages.png(6, 6);
        java.util.concurrent.CountDownLatch downloadArrived = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
                seen.add(r.getMethod() + " " + r.getUrl().encodedPath());
                if (r.getUrl().encodedPath().equals("/generate")) {
                    return json(200, "{\"id\":\"r1\",\"images\":[{\"url\":\"" + server.url("/out/a.png") + "\"}]}");
                }
                downloadArrived.countDown();
                answer.await(10, TimeUnit.SECONDS);
                return image(png, "image/png");
            }
        });
        ImageClient c = client();
        GeneratedImage image = c.generate(sync().toBuilder().downloadOutputs(false).build()).image();

        java.util.concurrent.CompletableFuture<byte[]> first = java.util.concurrent.CompletableFuture.supplyAsync(image::bytes);
        assertThat(downloadArrived.await(5, TimeUnit.SECONDS)).as("the first caller's download reached the server").isTrue();
        java.util.concurrent.CompletableFuture<Throwable> waiterOutcome = new java.util.concurrent.CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                image.bytes();
                waiterOutcome.complete(null);
            } catch (RuntimeException e) {
                waiterOutcome.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("interrupt flag lost", e));
            }
        });
        waiter.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(waiter.getState() == Thread.State.WAITING && java.util.Arrays.stream(waiter.getStackTrace())
                .anyMatch(f -> f.getClassName().startsWith("java.util.concurrent.locks.")))) {
            assertThat(System.nanoTime()).as("the second caller waits for the first one's download").isLessThan(until);
            Thread.onSpinWait();
        }
        waiter.interrupt();
        assertThat(waiterOutcome.get(5, TimeUnit.SECONDS)).isInstanceOf(ImageGenerationException.class)
                .hasMessageContaining("interrupted while another caller downloaded the image");

        answer.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(png);
        assertThat(image.bytes()).isSameAs(first.get());
        assertThat(downloads()).as("once, whatever the callers did").isEqualTo(1);
    }

    @Test
    void aDeferredDownloadOfJunkWritesNoFile(@org.junit.jupiter.api.io.TempDir Path dir) {
        serve("{\"id\":\"r1\",\"images\":[{\"url\":\"" + server.url("/out/a.png") + "\"}]}", null, image(TEXT, "image/png"));
        ImageClient c = client(builder().retryPolicy(RetryPolicy.defaults().withJitter(false).withMaxRetries(0)));
        ImageResult r = c.generate(sync().toBuilder().downloadOutputs(false).build());

        assertThatThrownBy(() -> r.image().writeTo(dir.resolve("a.png"))).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("HTML or XML");
        assertThat(dir.resolve("a.png")).doesNotExist();
        assertThat(dir.toFile().list()).as("no temporary file left").isEmpty();
    }

    @Test
    void aWebhooksOutputIsCheckedToo() {
        ImageClient c = client();
        assertThatThrownBy(() -> c.parseUnverifiedWebhook("fake", ("{\"id\":\"j1\",\"status\":\"done\",\"images\":[{\"b64\":\""
                + b64(TEXT) + "\"}]}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidResponseException.class, e -> assertThat(e.getMessage())
                        .contains("the webhook payload holds no usable image"));
    }

    @Test
    void everyOutputOfASplitRequestIsNamedInItsError() {
        byte[] png = TestImages.png(4, 4);
        serve("{\"id\":\"r1\",\"images\":[{\"b64\":\"" + b64(png) + "\"},{\"b64\":\"" + b64(TEXT) + "\"}]}", null, null);
        ImageClient c = client();
        assertThatThrownBy(() -> c.generate(sync().toBuilder().count(2).build()))
                .isInstanceOf(ImageGenerationException.class).hasMessageContaining("output 2 of 2 is not an image");
    }

    static ImageRequest sync() {
        return PipelineFixture.sync();
    }
}
