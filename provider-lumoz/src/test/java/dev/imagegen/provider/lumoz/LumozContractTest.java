package dev.imagegen.provider.lumoz;

import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.testing.ProviderContractTest;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockResponse;

/** LumozAI passes the shared provider contract. */
class LumozContractTest extends ProviderContractTest {

    @Override
    protected ImageProviderFactory factory() {
        return new LumozProviderFactory();
    }

    @Override
    protected void enqueueSuccess(ModelInfo model) {
        server.enqueue(json(200, "{\"success\":true,\"data\":{\"request_id\":212121212121212,\"output\":\""
                + serverUrl("/storage/x.png") + "\",\"output_type\":\"image\"}}"));
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
                .body(new okio.Buffer().write(TestImages.png(64, 48))).build());
    }

    @Override
    protected void enqueueError(int status, String message) {
        server.enqueue(json(status, "{\"success\":false,\"message\":\"" + message + "\"}"));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }
}
