package dev.imagegen.routing;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageRequest;
import dev.imagegen.RetryPolicy;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/** Two fake vendors, alpha and beta, each on its own MockWebServer, serving the same model ids. */
abstract class RoutingFixture {

    @StartStop
    final MockWebServer alpha = new MockWebServer();

    @StartStop
    final MockWebServer beta = new MockWebServer();

    final FakeTime time = new FakeTime();
    final List<ImageClient> clients = new ArrayList<>();
    final List<ImageEventListener.Failover> failovers = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(ImageClient::close);
    }

    /** alpha at 0.02 per image, beta at 0.01, in that provider order; one retry, no jitter, fake time. */
    ImageClient.Builder builder() {
        return builder(new NamedFakeProvider("alpha", "0.02"), new NamedFakeProvider("beta", "0.01"));
    }

    ImageClient.Builder builder(NamedFakeProvider a, NamedFakeProvider b) {
        return ImageClient.builder().discoverProviders(false).environment(Map.of()).systemProperties(new Properties())
                .addProvider(a).addProvider(b)
                .apiKey("alpha", "ka").apiKey("beta", "kb")
                .baseUrl("alpha", alpha.url("/").toString()).baseUrl("beta", beta.url("/").toString())
                .retryPolicy(RetryPolicy.defaults().withJitter(false).withMaxRetries(1))
                .sleeper(time).clock(time)
                .listener(new ImageEventListener() {
                    @Override
                    public void failover(Failover event) {
                        failovers.add(event);
                    }
                });
    }

    ImageClient client(ImageClient.Builder b) {
        ImageClient c = b.build();
        clients.add(c);
        return c;
    }

    static ImageRequest.Builder sync() {
        return ImageRequest.builder().model("fake-sync").prompt("a teapot");
    }

    static MockResponse ok(String id) {
        String png = Base64.getEncoder().encodeToString(TestImages.png(8, 8));
        return json(200, "{\"id\":\"" + id + "\",\"images\":[{\"b64\":\"" + png + "\"}]}");
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse error(int code, String message) {
        return json(code, "{\"error\":{\"message\":\"" + message + "\"}}");
    }
}
