package dev.imagegen.it;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageRequest;
import dev.imagegen.RetryPolicy;
import dev.imagegen.it.logging.CapturedLogs;
import dev.imagegen.testing.CallMode;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A retry's WARN line says what an operator needs to act on it: the provider, what the request was, the wait, the
 * attempt, the operation id the client's events carry (to find the request's other lines and metrics), the vendor's
 * request id of the failed answer (to quote to the vendor), and why. Never the key.
 */
class RetryLogTest {

    private static final String KEY = "retry-log-test-key-5f3a9c";

    @StartStop
    final MockWebServer server = new MockWebServer();

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aRetryLineNamesProviderOperationAndRequestId(CallMode mode) {
        CapturedLogs.forbid(KEY);
        server.enqueue(new MockResponse.Builder().code(503).addHeader("x-request-id", "req-503-" + mode).build());
        server.enqueue(new MockResponse.Builder().code(429).build());
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
                .body(new Buffer().write(TestImages.png(8, 8))).build());
        List<ImageEventListener.Retry> retries = new CopyOnWriteArrayList<>();
        FakeTime time = new FakeTime();
        try (ImageClient client = ImageClient.builder().environment(Map.of()).apiKey("segmind", KEY)
                .baseUrl("segmind", server.url("/").toString()).retryPolicy(RetryPolicy.defaults().withJitter(false))
                .sleeper(time).clock(time).listener(new ImageEventListener() {
                    @Override
                    public void retry(Retry event) {
                        retries.add(event);
                    }
                }).build()) {
            mode.generate(client, ImageRequest.builder().provider("segmind").model("hidream-i1-fast").prompt("a panda").build());
        }

        assertThat(retries).hasSize(2);
        long op = retries.get(0).operationId();
        List<String> warnings = CapturedLogs.lines().stream()
                .filter(l -> l.startsWith("WARN dev.imagegen.http ") && l.contains(" of operation " + op + ",")).toList();
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).endsWith("retrying segmind generate POST localhost/v1/hidream-l1-fast in 500 ms: HTTP 503"
                + " (attempt 2 of operation " + op + ", request id req-503-" + mode + ")");
        assertThat(warnings.get(1)).endsWith("retrying segmind generate POST localhost/v1/hidream-l1-fast in 1000 ms: HTTP 429"
                + " (attempt 3 of operation " + op + ", no request id)");
        assertThat(CapturedLogs.leaks()).isEmpty();
    }
}
