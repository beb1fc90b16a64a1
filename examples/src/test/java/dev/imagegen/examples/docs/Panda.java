package dev.imagegen.examples.docs;

// Compiled twin of the snippet in docs/getting-started.md, "3. Generate": everything below is the snippet verbatim.
// DocSnippetsTest fails when the two differ; change both together.

import dev.imagegen.*;
import java.io.IOException;
import java.nio.file.Path;

class Panda {
    public static void main(String[] args) throws IOException {
        try (ImageClient client = ImageClient.fromEnv()) {          // every provider whose <ID>_API_KEY is set
            ImageResult result = client.generate(ImageRequest.builder()
                    .model("hidream-i1-fast")                         // canonical id, or a vendor's own id
                    .prompt("a cute panda holding a sign that says \"Keep Calm\"")
                    .size(1024, 1024)                                 // or .aspectRatio("16:9")
                    .seed(42L)
                    .outputFormat(OutputFormat.PNG)
                    .build());
            result.image().writeTo(Path.of("panda.png"));
            System.out.println(result.provider() + " " + result.image().size() + " " + result.cost().orElse(null));
        }
    }
}
