package dev.imagegen.examples.docs;

import dev.imagegen.GeneratedImage;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;

/** The "your code, given the client" of docs/testing-with-the-emulator.md's {@link ThumbnailServiceTest}. */
final class ThumbnailService {

    private final ImageClient client;

    ThumbnailService(ImageClient client) {
        this.client = client;
    }

    GeneratedImage render(String prompt) {
        return client.generate(ImageRequest.builder()
                .provider("segmind").model("hidream-i1-fast").prompt(prompt).size(1024, 1024).build()).image();
    }
}
