package dev.imagegen.provider.wavespeed;

import dev.imagegen.testing.Fixtures;
import mockwebserver3.MockResponse;

/** Vendor-shaped bodies from {@code src/test/resources/fixtures/wavespeed/}, with {@code {{name}}} placeholders. */
final class WaveSpeedFixtures {

    static final String MODEL_DEV = "wavespeed-ai/hidream-i1-dev";

    private WaveSpeedFixtures() {
    }

    /** A fixture with {@code {{key}}} replaced by value, for each key/value pair given. */
    static String load(String name, String... keyValues) {
        return Fixtures.text(WaveSpeedTestBase.ID, name, keyValues);
    }

    static MockResponse json(int code, String body) {
        return Fixtures.json(code, body);
    }

    static MockResponse created(String id, String getUrl) {
        return json(200, load("submit-created.json", "id", id, "model", MODEL_DEV, "get", getUrl));
    }

    static MockResponse processing(String id, String getUrl) {
        return json(200, load("prediction-processing.json", "id", id, "model", MODEL_DEV, "get", getUrl));
    }

    static MockResponse completed(String id, String getUrl, String output) {
        return json(200, completedBody(id, getUrl, output, "false"));
    }

    static String completedBody(String id, String getUrl, String output, String nsfw) {
        return load("prediction-completed.json", "id", id, "model", MODEL_DEV, "get", getUrl, "output", output, "nsfw", nsfw);
    }

    static MockResponse failed(String id, String getUrl, String error) {
        return json(200, load("prediction-failed.json", "id", id, "model", MODEL_DEV, "get", getUrl, "error", error));
    }

    static MockResponse syncTimedOut(String id, String getUrl) {
        return json(200, load("sync-timed-out.json", "id", id, "model", MODEL_DEV, "get", getUrl));
    }

    static MockResponse error(int status, String message, String error) {
        return json(status, load("error.json", "code", String.valueOf(status), "message", message, "error", error));
    }

    static MockResponse image(byte[] bytes, String mediaType) {
        return Fixtures.image(bytes, mediaType);
    }
}
