package dev.imagegen.provider.wavespeed;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.ProviderTestClient;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A MockWebServer standing in for api.wavespeed.ai, fake time, and clients pointed at it. */
abstract class WaveSpeedTestBase {

    static final String ID = "wavespeed";

    @StartStop
    final MockWebServer server = new MockWebServer();

    final FakeTime time = new FakeTime();
    private final List<ImageClient> clients = new ArrayList<>();

    /**
     * A builder for a client of this provider only, on the test server, with fake time and no jitter, polling on the
     * client's default schedule.
     */
    ImageClient.Builder builder() {
        // the job tests assert the default poll schedule (500 ms, half again each time, up to 5 s), so the test
        // client's shorter one is put back; its 5 min deadline is kept, no test waits that long
        return ProviderTestClient.builder(new WaveSpeedProviderFactory(), "k", server.url("/").toString(), time)
                .pollInterval(Duration.ofMillis(500), Duration.ofSeconds(5));
    }

    /** A client built from {@code b}, closed after the test. */
    ImageClient client(ImageClient.Builder b) {
        ImageClient c = b.build();
        clients.add(c);
        return c;
    }

    ImageClient client() {
        return client(builder());
    }

    static ImageRequest.Builder request() {
        return ImageRequest.builder().provider(ID).model("hidream-i1-dev").prompt("a red fox in the snow");
    }

    String url(String path) {
        return server.url(path).toString();
    }

    String pollUrl(String id) {
        return url("/api/v2/predictions/" + id + "/result");
    }

    /** Every request the server saw so far (waiting briefly for stragglers). */
    List<RecordedRequest> recorded() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            out.add(r);
        }
        return out;
    }

    static List<String> lines(List<RecordedRequest> requests) {
        return requests.stream().map(r -> r.getMethod() + " " + r.getUrl().encodedPath()).toList();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ImageClient::close);
    }
}
