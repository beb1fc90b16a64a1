package dev.imagegen.provider.wavespeed;

import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.testing.ProviderContractTest;
import dev.imagegen.testing.TestImages;

/** WaveSpeed passes the shared provider contract. */
class WaveSpeedContractTest extends ProviderContractTest {

    private int jobs;

    @Override
    protected ImageProviderFactory factory() {
        return new WaveSpeedProviderFactory();
    }

    @Override
    protected void enqueueSuccess(ModelInfo model) {
        String id = "pred-" + (++jobs);
        String get = serverUrl("/api/v2/predictions/" + id + "/result");
        server.enqueue(WaveSpeedFixtures.json(200, WaveSpeedFixtures.load("submit-created.json",
                "id", id, "model", model.vendorId(), "get", get)));
        server.enqueue(WaveSpeedFixtures.json(200, WaveSpeedFixtures.load("prediction-processing.json",
                "id", id, "model", model.vendorId(), "get", get)));
        server.enqueue(WaveSpeedFixtures.json(200, WaveSpeedFixtures.load("prediction-completed.json",
                "id", id, "model", model.vendorId(), "get", get, "output", serverUrl("/storage/x.png"), "nsfw", "false")));
        server.enqueue(WaveSpeedFixtures.image(TestImages.png(64, 48), "image/png"));
    }

    @Override
    protected void enqueueError(int status, String message) {
        server.enqueue(WaveSpeedFixtures.json(status, "{\"code\":" + status + ",\"message\":\"" + message + "\",\"data\":null}"));
    }
}
