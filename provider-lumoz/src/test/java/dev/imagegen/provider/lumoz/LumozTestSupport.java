package dev.imagegen.provider.lumoz;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.Fixtures;
import dev.imagegen.testing.ProviderTestClient;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A MockWebServer standing for LumozAI, a client on fake time pointed at it, and the fixtures. */
abstract class LumozTestSupport {

    static final String KEY = "lumoz-test-key-0123456789";
    static final String ID = "lumoz";
    static final String HIDREAM = "hidream-l1";
    static final String KAWAII = "flux-cute-3d-kawaii";

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakeTime time;
    final List<ImageClient> clients = new ArrayList<>();
    ImageClient client;

    @BeforeEach
    void createClient() {
        time = new FakeTime();
        client = client(Map.of());
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ImageClient::close);
    }

    /** A client with these provider options. */
    ImageClient client(Map<String, String> options) {
        ImageClient c = ProviderTestClient.builder(new LumozProviderFactory(), KEY, server.url("/").toString(), time,
                options).build();
        clients.add(c);
        return c;
    }

    static ImageRequest.Builder request(String model, String prompt) {
        return ImageRequest.builder().provider(ID).model(model).prompt(prompt);
    }

    /** A fixture file's text, exactly as stored, or with its {@code {{key}}} placeholders filled from the pairs given. */
    static String fixture(String path, String... keyValues) {
        return Fixtures.text(ID, path, keyValues);
    }

    /** A response fixture with the test server's root in place of {@code {{server}}}. */
    String answer(String name) {
        // the fixtures write "{{server}}/storage/...", so the root goes in without its own trailing slash
        String root = server.url("/").toString();
        return fixture("responses/" + name, "server", root.substring(0, root.length() - 1)).strip();
    }

    static MockResponse json(int code, String body) {
        return Fixtures.json(code, body);
    }

    static MockResponse json(String body) {
        return json(200, body);
    }

    static MockResponse png() {
        return Fixtures.image(TestImages.png(32, 32), "image/png");
    }

    /** Enqueues a run answer with an output URL on this server, then the image it points at. */
    void enqueueRunSuccess() {
        server.enqueue(json(answer("run-success.json")));
        server.enqueue(png());
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(r).as("a recorded request").isNotNull();
        return r;
    }
}
