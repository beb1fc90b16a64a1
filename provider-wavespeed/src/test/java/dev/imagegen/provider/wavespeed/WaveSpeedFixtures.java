package dev.imagegen.provider.wavespeed;

import mockwebserver3.MockResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Vendor-shaped bodies from {@code src/test/resources/fixtures/wavespeed/}, with {@code {{name}}} placeholders. */
final class WaveSpeedFixtures {

    static final String MODEL_DEV = "wavespeed-ai/hidream-i1-dev";

    private WaveSpeedFixtures() {
    }

    /** A fixture with {@code {{key}}} replaced by value, for each key/value pair given. */
    static String load(String name, String... keyValues) {
        String text;
        try (InputStream in = WaveSpeedFixtures.class.getResourceAsStream("/fixtures/wavespeed/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            text = text.replace("{{" + keyValues[i] + "}}", keyValues[i + 1]);
        }
        if (text.contains("{{")) {
            throw new IllegalArgumentException("unfilled placeholder in " + name + ": " + text);
        }
        return text;
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
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
        return new MockResponse.Builder().code(200).addHeader("Content-Type", mediaType)
                .body(new okio.Buffer().write(bytes)).build();
    }
}
