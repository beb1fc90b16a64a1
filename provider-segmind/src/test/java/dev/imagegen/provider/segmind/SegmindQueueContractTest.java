package dev.imagegen.provider.segmind;

import dev.imagegen.ImageClient;
import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.testing.ProviderContractTest;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockResponse;

import java.util.Map;

/** Segmind with the v2 queue switched on passes the shared provider contract too. */
class SegmindQueueContractTest extends ProviderContractTest {

    @Override
    protected ImageProviderFactory factory() {
        return new SegmindProviderFactory();
    }

    @Override
    protected ImageClient newClient() {
        return ImageClient.builder()
                .discoverProviders(false)
                .addProvider(factory())
                .environment(Map.of())
                .apiKey(factory().id(), KEY)
                .baseUrl(factory().id(), server.url(basePath()).toString())
                .providerOption(factory().id(), SegmindOptions.QUEUE, "true")
                .retryPolicy(dev.imagegen.RetryPolicy.defaults().withJitter(false))
                .sleeper(time)
                .clock(time)
                .pollInterval(java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(400))
                .timeout(java.time.Duration.ofMinutes(5))
                .build();
    }

    @Override
    protected void enqueueSuccess(ModelInfo model) {
        server.enqueue(SegmindTestSupport.json(200, SegmindTestSupport.fixtureText("v2/submit.json")));
        server.enqueue(SegmindTestSupport.json(200, SegmindTestSupport.fixtureText("v2/status-processing.json")));
        server.enqueue(SegmindTestSupport.json(200, SegmindTestSupport.fixtureText("v2/status-completed.json")));
        server.enqueue(SegmindTestSupport.image(TestImages.png(64, 48), "image/png", "req-contract-1"));
    }

    @Override
    protected void enqueueError(int status, String message) {
        server.enqueue(new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                .body("{\"error\":\"" + message + "\"}").build());
    }
}
