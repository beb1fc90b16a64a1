package dev.imagegen.fake;

import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.testing.ProviderContractTest;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockResponse;

import java.util.Base64;

/** The core's own fake provider passes the shared contract; proves the contract test itself runs end to end. */
class FakeProviderContractTest extends ProviderContractTest {

    @Override
    protected ImageProviderFactory factory() {
        return new FakeProviderFactory();
    }

    @Override
    protected void enqueueSuccess(ModelInfo model) {
        String b64 = Base64.getEncoder().encodeToString(TestImages.png(64, 48));
        if (model.asynchronous()) {
            server.enqueue(json("{\"id\":\"job-1\",\"status\":\"queued\"}"));
            server.enqueue(json("{\"id\":\"job-1\",\"status\":\"running\"}"));
            server.enqueue(json("{\"id\":\"job-1\",\"status\":\"done\",\"images\":[{\"url\":\"" + serverUrl("/storage/a.png") + "\"}]}"));
            server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
                    .body(new okio.Buffer().write(TestImages.png(64, 48))).build());
        } else {
            server.enqueue(json("{\"id\":\"req-1\",\"seed\":7,\"images\":[{\"b64\":\"" + b64 + "\"}]}"));
        }
    }

    @Override
    protected void enqueueError(int status, String message) {
        server.enqueue(new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"" + message + "\",\"code\":\"E" + status + "\"}}").build());
    }

    static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }
}
