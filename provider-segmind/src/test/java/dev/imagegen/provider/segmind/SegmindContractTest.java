package dev.imagegen.provider.segmind;

import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.testing.ProviderContractTest;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockResponse;

/** Segmind (v1, raw image answers) passes the shared provider contract. */
class SegmindContractTest extends ProviderContractTest {

    @Override
    protected ImageProviderFactory factory() {
        return new SegmindProviderFactory();
    }

    @Override
    protected void enqueueSuccess(ModelInfo model) {
        server.enqueue(SegmindTestSupport.image(TestImages.png(64, 48), "image/png", "req-contract-1"));
    }

    @Override
    protected void enqueueError(int status, String message) {
        server.enqueue(new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                .addHeader("x-request-id", "req-err-" + status)
                .body("{\"error\":\"" + message + "\"}").build());
    }
}
