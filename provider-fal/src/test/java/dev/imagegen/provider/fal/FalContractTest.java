package dev.imagegen.provider.fal;

import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.testing.Fixtures;
import dev.imagegen.testing.ProviderContractTest;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockResponse;

/** fal passes the shared provider contract: submit, one IN_QUEUE and one IN_PROGRESS poll, COMPLETED, result, download. */
class FalContractTest extends ProviderContractTest {

    private int jobs;

    @Override
    protected ImageProviderFactory factory() {
        return new FalProviderFactory();
    }

    @Override
    protected void enqueueSuccess(ModelInfo model) {
        String id = "req-" + (++jobs);
        String base = serverUrl("/").replaceAll("/$", "");
        String app = model.id();
        server.enqueue(Fixtures.json(200, Fixtures.text("fal", "submit.json", "base", base, "app", app, "id", id, "position", "1")));
        server.enqueue(Fixtures.json(202, Fixtures.text("fal", "status-in-queue.json", "base", base, "app", app, "id", id,
                "position", "0")));
        server.enqueue(Fixtures.json(202, Fixtures.text("fal", "status-in-progress.json", "base", base, "app", app, "id", id,
                "log1", "loading", "log2", "step 1/16")));
        server.enqueue(Fixtures.json(200, Fixtures.text("fal", "status-completed.json", "base", base, "app", app, "id", id)));
        server.enqueue(new MockResponse.Builder(Fixtures.json(200, Fixtures.text("fal", "result.json", "url",
                serverUrl("/storage/" + id + ".png"), "width", "64", "height", "48", "nsfw", "false")))
                .addHeader("x-fal-request-id", id).build());
        server.enqueue(Fixtures.image(TestImages.png(64, 48), "image/png"));
    }

    @Override
    protected void enqueueError(int status, String message) {
        server.enqueue(Fixtures.json(status, Fixtures.text("fal", "error-detail.json", "message", message)));
    }
}
