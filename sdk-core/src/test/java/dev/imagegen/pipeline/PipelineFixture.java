package dev.imagegen.pipeline;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageRequest;
import dev.imagegen.RetryPolicy;
import dev.imagegen.fake.FakeProviderFactory;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The fake provider on a MockWebServer with fake time: what the pipeline tests share. */
abstract class PipelineFixture {

    static final String KEY = "pipeline-test-key-0123456789";

    @StartStop
    final MockWebServer server = new MockWebServer();

    final FakeTime time = new FakeTime();
    final List<ImageClient> clients = new ArrayList<>();

    ImageClient.Builder builder() {
        return builder(new FakeProviderFactory());
    }

    ImageClient.Builder builder(ImageProviderFactory factory) {
        return ImageClient.builder().discoverProviders(false).addProvider(factory).environment(Map.of())
                .apiKey(factory.id(), KEY).baseUrl(factory.id(), server.url("/").toString())
                .retryPolicy(RetryPolicy.defaults().withJitter(false)).sleeper(time).clock(time)
                .pollInterval(Duration.ofMillis(100), Duration.ofMillis(400));
    }

    ImageClient client(ImageClient.Builder b) {
        ImageClient c = b.build();
        clients.add(c);
        return c;
    }

    ImageClient client() {
        return client(builder());
    }

    ImageClient client(ImageEventListener listener) {
        return client(builder().listener(listener));
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ImageClient::close);
    }

    static ImageRequest sync() {
        return ImageRequest.builder().model("fake-sync").prompt("a lighthouse").build();
    }

    static ImageRequest job() {
        return ImageRequest.builder().model("fake-job").prompt("a lighthouse").build();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse ok() {
        return json(200, "{\"id\":\"r1\",\"images\":[{\"b64\":\"" + b64Png() + "\"}]}");
    }

    static MockResponse done(String id) {
        return json(200, "{\"id\":\"" + id + "\",\"status\":\"done\",\"images\":[{\"b64\":\"" + b64Png() + "\"}]}");
    }

    static MockResponse redirect(int code, String location) {
        return new MockResponse.Builder().code(code).addHeader("Location", location).build();
    }

    static String b64Png() {
        return Base64.getEncoder().encodeToString(TestImages.png(8, 8));
    }
}
