package dev.imagegen.provider.fal;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.Fixtures;
import dev.imagegen.testing.ProviderTestClient;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A MockWebServer standing in for queue.fal.run, fake time, clients pointed at it, and fal-shaped answers. */
abstract class FalTestBase {

    static final String ID = "fal";
    static final String KEY = "fal-test-key-0123";

    @StartStop
    final MockWebServer server = new MockWebServer();

    final FakeTime time = new FakeTime();
    private final List<ImageClient> clients = new ArrayList<>();

    ImageClient.Builder builder() {
        return ProviderTestClient.builder(new FalProviderFactory(), KEY, base(), time);
    }

    ImageClient client(ImageClient.Builder b) {
        ImageClient c = b.build();
        clients.add(c);
        return c;
    }

    ImageClient client() {
        return client(builder());
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ImageClient::close);
    }

    String base() {
        String s = server.url("/").toString();
        return s.substring(0, s.length() - 1);
    }

    static ImageRequest.Builder request(String model) {
        return ImageRequest.builder().provider(ID).model(model).prompt("a red fox in the snow");
    }

    static ImageRequest.Builder request() {
        return request("hidream-i1-dev");
    }

    /** A fixture with {{base}} and {{app}} filled for the dev model, and the given pairs. */
    String fixture(String name, String... pairs) {
        return modelFixture("hidream-i1-dev", name, pairs);
    }

    String modelFixture(String model, String name, String... pairs) {
        String[] all = new String[pairs.length + 4];
        all[0] = "base";
        all[1] = base();
        all[2] = "app";
        all[3] = model;
        System.arraycopy(pairs, 0, all, 4, pairs.length);
        return Fixtures.text(ID, name, all);
    }

    MockResponse submitted(String id, int position) {
        return Fixtures.json(200, fixture("submit.json", "id", id, "position", String.valueOf(position)));
    }

    MockResponse inQueue(String id, int position) {
        return Fixtures.json(202, fixture("status-in-queue.json", "id", id, "position", String.valueOf(position)));
    }

    MockResponse inProgress(String id, String log1, String log2) {
        return Fixtures.json(202, fixture("status-in-progress.json", "id", id, "log1", log1, "log2", log2));
    }

    MockResponse completed(String id) {
        return Fixtures.json(200, fixture("status-completed.json", "id", id));
    }

    MockResponse result(String id, String url) {
        return new MockResponse.Builder(Fixtures.json(200, Fixtures.text(ID, "result.json", "url", url, "width", "1024",
                "height", "1024", "nsfw", "false"))).addHeader("x-fal-request-id", id).build();
    }

    String statusPath(String id) {
        return "/fal-ai/hidream-i1-dev/requests/" + id + "/status";
    }

    String resultPath(String id) {
        return "/fal-ai/hidream-i1-dev/requests/" + id;
    }

    /** Every request the server saw so far (waiting briefly for stragglers). */
    List<RecordedRequest> recorded() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(150, TimeUnit.MILLISECONDS)) != null) {
            out.add(r);
        }
        return out;
    }

    static List<String> lines(List<RecordedRequest> requests) {
        return requests.stream().map(r -> r.getMethod() + " " + r.getUrl().encodedPath()
                + (r.getUrl().encodedQuery() == null ? "" : "?" + r.getUrl().encodedQuery())).toList();
    }
}
