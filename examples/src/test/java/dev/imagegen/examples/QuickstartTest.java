package dev.imagegen.examples;

import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.imagegen.examples.ExampleTestSupport.decodes;
import static org.assertj.core.api.Assertions.assertThat;

/** The Quickstart command line on the emulator (an empty environment: no key, so never a real vendor). */
@Timeout(60)
class QuickstartTest {

    @TempDir
    Path dir;

    private final ExampleTestSupport io = new ExampleTestSupport();

    private int run(String... args) {
        return Quickstart.run(args, io.out, io.err, Map.of());
    }

    @Test
    void defaultsWriteAPngWithSegmindOnTheEmulator() {
        Path out = dir.resolve("quickstart.png");

        int code = run("--out", out.toString());

        assertThat(code).as(io.err()).isZero();
        BufferedImage img = decodes(out);
        assertThat(img.getWidth()).isEqualTo(1024);
        assertThat(img.getHeight()).isEqualTo(1024);
        assertThat(io.out().lines().filter(l -> l.contains("emulator"))).hasSize(1);
        assertThat(io.out()).contains("No SEGMIND_API_KEY set")
                .contains("provider: segmind")
                .contains("model:    hidream-i1-fast (segmind: hidream-l1-fast)")
                .contains("size:     1024x1024 (image/png)")
                .contains("cost:     0.0123 USD (reported)")
                .contains("wrote:    " + out);
        assertThat(io.err()).isEmpty();
    }

    @Test
    void falWritesAPngWithHiDreamFastOnTheEmulator() {
        Path out = dir.resolve("fal.png");

        int code = run("--provider", "fal", "--out", out.toString());

        assertThat(code).as(io.err()).isZero();
        BufferedImage img = decodes(out);
        assertThat(img.getWidth()).isEqualTo(1024);
        assertThat(img.getHeight()).isEqualTo(1024);
        assertThat(io.out()).contains("No FAL_KEY set")
                .contains("provider: fal")
                .contains("model:    hidream-i1-fast (fal: fal-ai/hidream-i1-fast)")
                .contains("size:     1024x1024 (image/png)")
                .contains("cost:     0.010486 USD (estimated)")
                .contains("wrote:    " + out);
        assertThat(io.err()).isEmpty();
    }

    @Test
    void falTakesEitherKeyVariableAndItsSettings() {
        try (ProviderEmulator vendor = ProviderEmulator.start()) {
            for (String variable : new String[] {"FAL_KEY", "FAL_API_KEY"}) {
                Path out = dir.resolve(variable + ".jpg");
                int code = Quickstart.run(new String[] {"--provider", "fal", "--model", "hidream-i1-full", "--steps", "30",
                        "--guidance", "4", "--size", "1344x768", "--seed", "9", "--out", out.toString()}, io.out, io.err,
                        Map.of(variable, vendor.apiKey(), "FAL_BASE_URL", vendor.baseUrl("fal")));
                assertThat(code).as(io.err()).isZero();
                assertThat(decodes(out).getWidth()).isEqualTo(1344);
            }
            assertThat(io.out()).contains("Using the real API of fal").contains("seed:     9")
                    .contains("size:     1344x768 (image/jpeg)").doesNotContain(vendor.apiKey());
            assertThat(vendor.requestCount(Routes.FAL_SUBMIT)).isEqualTo(2);
            assertThat(vendor.requests().get(0).bodyAsString()).contains("\"guidance_scale\":4.0")
                    .contains("\"num_inference_steps\":30");
        }
    }

    @Test
    void guidanceOnFalsDevModelIsAUsageError() {
        int code = run("--provider", "fal", "--model", "hidream-i1-dev", "--guidance", "3", "--out",
                dir.resolve("g.png").toString());

        assertThat(code).isEqualTo(2);
        assertThat(io.err()).contains("guidanceScale");
    }

    @Test
    void everyOptionReachesTheRequest() {
        Path out = dir.resolve("fox.jpg");

        int code = run("--provider", "segmind", "--model", "hidream-i1-fast", "--prompt", "a red fox",
                "--size", "1360x768", "--seed", "77", "--format", "jpeg", "--quality", "90", "--speed", "fastest",
                "--out", out.toString());

        assertThat(code).as(io.err()).isZero();
        assertThat(decodes(out).getWidth()).isEqualTo(1360);
        assertThat(io.out()).contains("seed:     77").contains("size:     1360x768 (image/jpeg)");
    }

    @Test
    void countWritesNumberedFiles() {
        int code = run("--provider", "lumenfall", "--count", "2", "--size", "512x512", "--out",
                dir.resolve("pair.png").toString());

        assertThat(code).as(io.err()).isZero();
        assertThat(decodes(dir.resolve("pair-1.png")).getWidth()).isEqualTo(512);
        assertThat(decodes(dir.resolve("pair-2.png")).getWidth()).isEqualTo(512);
        assertThat(dir.resolve("pair.png")).doesNotExist();
    }

    @Test
    void imageToImageWithAspectRatioOnLumozFlux() throws Exception {
        Path source = dir.resolve("source.png");
        Files.write(source, ExampleFiles.drawScene(256, 256));
        Path out = dir.resolve("kawaii.png");

        int code = run("--provider", "lumoz", "--model", "flux-cute-3d-kawaii", "--aspect-ratio", "16:9",
                "--megapixels", "0.25", "--lora-scale", "0.8", "--image", source.toString(), "--strength", "0.5",
                "--out", out.toString());

        assertThat(code).as(io.err()).isZero();
        BufferedImage img = decodes(out);
        assertThat(img.getWidth()).isEqualTo(672);
        assertThat(img.getHeight()).isEqualTo(384);
    }

    @Test
    void helpDocumentsEveryOption() {
        assertThat(run("--help")).isZero();
        for (String option : new String[] {"--provider", "--model", "--prompt", "--size", "--aspect-ratio", "--seed",
                "--format", "--quality", "--speed", "--steps", "--guidance", "--lora-scale", "--image", "--strength",
                "--count", "--out", "--mask", "--negative-prompt", "--nearest-size", "--provider-option", "--version"}) {
            assertThat(io.out()).contains(option);
        }
        assertThat(io.out()).as("the help must be true: an edit takes --image with --mask, no --strength")
                .doesNotContain("needs --strength").contains("with --mask");
    }

    @Test
    void badArgumentsExitWithTwoAndNameTheOption() {
        assertThat(run("--size", "big")).isEqualTo(2);
        assertThat(io.err()).contains("--size").contains("--help");
        assertThat(run("--size", "0x0")).as("a side below 1 is a usage error too, not a stack trace").isEqualTo(2);
        assertThat(io.err()).contains("--size: expected WIDTHxHEIGHT");
        assertThat(run("--seed", "x")).isEqualTo(2);
        assertThat(io.err()).contains("--seed");
        assertThat(run("--provider", "acme")).isEqualTo(2);
        assertThat(io.err()).contains("--provider").contains("segmind, lumoz, wavespeed, lumenfall, fal");
        assertThat(run("--bogus", "1")).isEqualTo(2);
        assertThat(run("--size", "1024x1024", "--aspect-ratio", "1:1")).isEqualTo(2);
        assertThat(run("--strength", "0.5")).isEqualTo(2);
        assertThat(io.err()).doesNotContain("Exception\n\tat ");
    }

    @Test
    void aSizeTheModelCannotMakeIsAUsageErrorNamingTheAllowedSizes() {
        int code = run("--size", "1000x1000", "--out", dir.resolve("x.png").toString());

        assertThat(code).isEqualTo(2);
        assertThat(io.err()).contains("--size").contains("1024x1024").contains("--help");
        assertThat(io.err().split("allowed:", -1)).as("the allowed sizes are printed once").hasSize(2);
        assertThat(io.out()).as("checked before the emulator starts").doesNotContain("emulator");
        assertThat(dir.resolve("x.png")).doesNotExist();
    }

    @Test
    void aRealKeyIsNeverPrinted() {
        // A key for another provider only: segmind still runs on the emulator; the lumenfall key must not leak.
        int code = Quickstart.run(new String[] {"--out", dir.resolve("k.png").toString()}, io.out, io.err,
                Map.of("LUMENFALL_API_KEY", "sk-secret-123"));

        assertThat(code).isZero();
        assertThat(io.out() + io.err()).doesNotContain("sk-secret-123");
    }

    @Test
    void withAKeyItUsesTheConfiguredVendorAndItsBaseUrl() {
        // The "real vendor" path, pointed at an emulator through SEGMIND_BASE_URL, as ImageClient.fromEnv() would be.
        try (ProviderEmulator vendor = ProviderEmulator.start()) {
            Path out = dir.resolve("real.png");
            int code = Quickstart.run(new String[] {"--out", out.toString()}, io.out, io.err,
                    Map.of("SEGMIND_API_KEY", vendor.apiKey(), "SEGMIND_BASE_URL", vendor.baseUrl("segmind")));

            assertThat(code).as(io.err()).isZero();
            assertThat(io.out()).contains("Using the real API of segmind").doesNotContain("emulator at");
            assertThat(vendor.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(1);
            decodes(out);
        }
    }

    @Test
    void aRejectedKeyIsAGenerationErrorThatNeverShowsTheKey() {
        try (ProviderEmulator vendor = ProviderEmulator.start()) {
            int code = Quickstart.run(new String[] {"--out", dir.resolve("no.png").toString()}, io.out, io.err,
                    Map.of("SEGMIND_API_KEY", "sk-wrong-456", "SEGMIND_BASE_URL", vendor.baseUrl("segmind")));

            assertThat(code).isEqualTo(1);
            assertThat(io.err()).startsWith("error: AuthenticationException: [segmind] authentication failed")
                    .doesNotContain("\tat ");
            assertThat(io.out() + io.err()).doesNotContain("sk-wrong-456");
            assertThat(dir.resolve("no.png")).doesNotExist();
        }
    }

    @Test
    void numberedNamesKeepTheExtension() {
        assertThat(Quickstart.numbered(Path.of("a/out.png"), 2)).isEqualTo(Path.of("a/out-2.png"));
        assertThat(Quickstart.numbered(Path.of("out"), 1)).isEqualTo(Path.of("out-1"));
    }
}
