package dev.imagegen.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;

import static dev.imagegen.examples.ExampleTestSupport.decodes;
import static org.assertj.core.api.Assertions.assertThat;

/** Each example's main logic on the emulator, with an empty environment (no key), writing to a temporary folder. */
@Timeout(60)
class ExamplesSmokeTest {

    @TempDir
    Path dir;

    private final ExampleTestSupport io = new ExampleTestSupport();
    private final Map<String, String> noKeys = Map.of();

    private String[] args() {
        return new String[] {dir.toString()};
    }

    @Test
    void asyncBatch() {
        int code = AsyncBatch.run(args(), io.out, io.err, noKeys);

        assertThat(code).as(io.err()).isZero();
        assertThat(io.out()).contains("No API key set for segmind, lumoz, wavespeed, lumenfall").contains("[" + "#".repeat(30) + "] 8/8")
                .contains("8 of 8 images written");
        for (int i = 0; i < AsyncBatch.PROMPTS.size(); i++) {
            String provider = AsyncBatch.PROVIDERS.get(i % AsyncBatch.PROVIDERS.size());
            BufferedImage img = decodes(dir.resolve(String.format("%02d-%s.png", i + 1, provider)));
            assertThat(img.getWidth()).isEqualTo(1024);
            assertThat(io.out()).contains(provider);
        }
    }

    @Test
    void imageToImage() {
        int code = ImageToImage.run(args(), io.out, io.err, noKeys);

        assertThat(code).as(io.err()).isZero();
        decodes(dir.resolve("source.png"));
        BufferedImage img = decodes(dir.resolve("kawaii.png"));
        assertThat(img.getWidth()).isEqualTo(512);
        assertThat(img.getHeight()).isEqualTo(512);
        assertThat(io.out()).contains("No LUMOZ_API_KEY set").contains("flux-cute-3d-kawaii");
    }

    @Test
    void editImage() {
        int code = EditImage.run(args(), io.out, io.err, noKeys);

        assertThat(code).as(io.err()).isZero();
        decodes(dir.resolve("mask.png"));
        assertThat(decodes(dir.resolve("edited.png")).getWidth()).isEqualTo(1024);
        assertThat(io.out()).contains("No LUMENFALL_API_KEY set").contains("hidream-i1-full");
    }

    @Test
    void submitAndResume() {
        int code = SubmitAndResume.run(args(), io.out, io.err, noKeys);

        assertThat(code).as(io.err()).isZero();
        BufferedImage img = decodes(dir.resolve("resumed.png"));
        assertThat(img.getWidth()).isEqualTo(1024);
        assertThat(img.getHeight()).isEqualTo(768);
        assertThat(io.out()).contains("ref:      ").contains("submitted job").contains("resumed job");
    }

    @Test
    void contactSheet() {
        int code = ContactSheet.run(args(), io.out, io.err, noKeys);

        assertThat(code).as(io.err()).isZero();
        BufferedImage sheet = decodes(dir.resolve("contact-sheet.png"));
        int tiles = ExampleSession.ALL_PROVIDERS.size();
        assertThat(sheet.getWidth()).isEqualTo(ContactSheet.GAP + tiles * (ContactSheet.TILE + ContactSheet.GAP));
        assertThat(io.out()).doesNotContain("FAILED");
        ExampleSession.ALL_PROVIDERS.forEach(p -> assertThat(io.out()).contains(p));
    }

    @Test
    void errorHandling() {
        int code = ErrorHandling.run(new String[0], io.out, io.err, noKeys);

        assertThat(code).as(io.out() + io.err()).isZero();
        assertThat(io.out()).contains("AuthenticationException", "InvalidRequestException", "RateLimitedException",
                        "OutcomeUnknownException", "DeadlineExceededException", "GenerationFailedException")
                .contains("jobRef=")
                .contains("Every error was the expected type.")
                .doesNotContain("UNEXPECTED");
    }

    @Test
    void sessionUsesTheRealVendorOnlyWithAKey() {
        try (ExampleSession s = ExampleSession.open(Map.of(), io.out, "segmind")) {
            assertThat(s.isEmulated("segmind")).isTrue();
            assertThat(s.emulator()).isPresent();
        }
        try (ExampleSession s = ExampleSession.open(Map.of("SEGMIND_API_KEY", "k", "SEGMIND_BASE_URL",
                "http://127.0.0.1:9"), io.out, "segmind")) {
            assertThat(s.isEmulated("segmind")).isFalse();
            assertThat(s.emulator()).isEmpty();
            assertThat(s.client().providers()).containsExactly("segmind");
        }
        assertThat(io.out()).contains("No SEGMIND_API_KEY set").contains("Using the real API of segmind");
        assertThat(io.out()).doesNotContain("k\n");
    }
}
