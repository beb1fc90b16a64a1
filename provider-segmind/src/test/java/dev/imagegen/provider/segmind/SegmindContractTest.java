package dev.imagegen.provider.segmind;

import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.testing.ProviderContractTest;
import dev.imagegen.testing.TestImages;

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
        server.enqueue(SegmindTestSupport.json(status, "{\"error\":\"" + message + "\"}").newBuilder()
                .addHeader("x-request-id", "req-err-" + status).build());
    }
}
