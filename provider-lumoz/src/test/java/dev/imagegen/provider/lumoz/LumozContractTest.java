package dev.imagegen.provider.lumoz;

import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.testing.Fixtures;
import dev.imagegen.testing.ProviderContractTest;
import dev.imagegen.testing.TestImages;

/** LumozAI passes the shared provider contract. */
class LumozContractTest extends ProviderContractTest {

    @Override
    protected ImageProviderFactory factory() {
        return new LumozProviderFactory();
    }

    @Override
    protected void enqueueSuccess(ModelInfo model) {
        server.enqueue(Fixtures.json(200, "{\"success\":true,\"data\":{\"request_id\":212121212121212,\"output\":\""
                + serverUrl("/storage/x.png") + "\",\"output_type\":\"image\"}}"));
        server.enqueue(Fixtures.image(TestImages.png(64, 48), "image/png"));
    }

    @Override
    protected void enqueueError(int status, String message) {
        server.enqueue(Fixtures.json(status, "{\"success\":false,\"message\":\"" + message + "\"}"));
    }
}
