package dev.imagegen.provider.segmind;

import dev.imagegen.ImageClient;
import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.testing.ProviderContractTest;
import dev.imagegen.testing.ProviderTestClient;
import dev.imagegen.testing.TestImages;

import java.util.Map;

/** Segmind with the v2 queue switched on passes the shared provider contract too. */
class SegmindQueueContractTest extends ProviderContractTest {

    @Override
    protected ImageProviderFactory factory() {
        return new SegmindProviderFactory();
    }

    @Override
    protected ImageClient newClient() {
        return ProviderTestClient.builder(factory(), KEY, server.url(basePath()).toString(), time,
                Map.of(SegmindOptions.QUEUE, "true")).build();
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
        server.enqueue(SegmindTestSupport.json(status, "{\"error\":\"" + message + "\"}"));
    }
}
