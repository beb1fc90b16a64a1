package dev.imagegen.examples;

import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

import static dev.imagegen.examples.ExampleTestSupport.decodes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Quickstart's command line (issue 15, part 3): strict parsing, the new options, formats and extensions, checks
 * before the emulator starts, errors printed once, seeds. Every run is in-process against an emulator (the CLI's own,
 * or one standing in for the real vendor through {@code <ID>_BASE_URL}), writing into a temporary folder.
 */
@Timeout(60)
class QuickstartCommandLineTest {

    @TempDir
    Path dir;

    private final ExampleTestSupport io = new ExampleTestSupport();

    private int run(String... args) {
        return Quickstart.run(args, io.out, io.err, Map.of());
    }

    /** Runs against {@code vendor} as if it were the real {@code provider}. */
    private int runAgainst(ProviderEmulator vendor, String provider, String... args) {
        String prefix = provider.toUpperCase(Locale.ROOT);
        String keyVariable = provider.equals("fal") ? "FAL_KEY" : prefix + "_API_KEY";
        String[] all = new String[args.length + 2];
        all[0] = "--provider";
        all[1] = provider;
        System.arraycopy(args, 0, all, 2, args.length);
        return Quickstart.run(all, io.out, io.err,
                Map.of(keyVariable, vendor.apiKey(), prefix + "_BASE_URL", vendor.baseUrl(provider)));
    }

    private void assertUsageErrorBeforeTheEmulator(int code, String... inMessage) {
        assertThat(code).as(io.err()).isEqualTo(Quickstart.USAGE);
        assertThat(io.err()).startsWith("error: ").contains(inMessage).contains("Run with --help")
                .doesNotContain("\tat ");
        assertThat(io.err().lines().filter(l -> l.startsWith("error: "))).as("the error is printed once").hasSize(1);
        assertThat(io.out()).as("nothing started").isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).as("nothing written").isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's first bytes are those of the format its extension names. */
    static void assertMagicMatchesExtension(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String ascii = new String(b, 0, Math.min(b.length, 12), StandardCharsets.ISO_8859_1);
        switch (ext) {
            case "png" -> assertThat(Arrays.copyOf(b, 8)).as(name)
                    .isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            case "jpg", "jpeg" -> assertThat(Arrays.copyOf(b, 3)).as(name).isEqualTo(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff});
            case "webp" -> assertThat(ascii).as(name).startsWith("RIFF").endsWith("WEBP");
            case "gif" -> assertThat(ascii).as(name).startsWith("GIF8");
            case "avif" -> assertThat(ascii.substring(4)).as(name).isEqualTo("ftypavif");
            default -> throw new AssertionError("no image extension: " + name);
        }
    }

    @Test
    void anOptionIsNeverTakenAsTheValueOfTheOneBefore() {
        assertUsageErrorBeforeTheEmulator(run("--prompt", "--out", dir.resolve("x.png").toString()),
                "--prompt", "--out");
    }

    @Test
    void aSingleValueOptionGivenTwiceIsAnError() {
        assertUsageErrorBeforeTheEmulator(run("--out", dir.resolve("a.png").toString(), "--out", dir.resolve("b.png").toString()),
                "'--out'", "only once");
    }

    @Test
    void unknownOptionsAndMissingValuesAreErrors() {
        assertUsageErrorBeforeTheEmulator(run("--bogus", "1"), "--bogus");
        io.outBytes.reset();
        io.errBytes.reset();
        assertUsageErrorBeforeTheEmulator(run("--seed"), "--seed");
    }

    @Test
    void wordsAfterDoubleDashAreThePromptEvenWhenTheyStartWithADash() {
        try (ProviderEmulator vendor = ProviderEmulator.start()) {
            Path out = dir.resolve("dash.png");

            int code = runAgainst(vendor, "segmind", "--out", out.toString(), "--", "--not-an-option", "red", "fox");

            assertThat(code).as(io.err()).isZero();
            assertThat(vendor.requests().get(0).bodyAsString()).contains("\"prompt\":\"--not-an-option red fox\"");
            decodes(out);
        }
    }

    @Test
    void aStrayWordOrAPromptGivenTwiceIsAnError() {
        assertUsageErrorBeforeTheEmulator(run("--steps", "30", "40"), "unexpected argument '40'");
        io.outBytes.reset();
        io.errBytes.reset();
        assertUsageErrorBeforeTheEmulator(run("--prompt", "a fox", "--", "a cat"), "given twice");
    }

    @Test
    void formatAndExtensionThatDisagreeAreAnErrorBeforeAnything() {
        assertUsageErrorBeforeTheEmulator(run("--format", "png", "--out", dir.resolve("pic.gif").toString()),
                "--format png", "disagree");
    }

    @Test
    void anExtensionThatIsNoImageFormatIsAnError() {
        assertUsageErrorBeforeTheEmulator(run("--out", dir.resolve("pic.bmp").toString()), "--out", ".bmp", ".avif");
    }

    @Test
    void aFormatTheModelDoesNotMakeIsRefusedBeforeTheEmulatorNamingTheAllowedOnesOnce() {
        assertUsageErrorBeforeTheEmulator(run("--out", dir.resolve("pic.gif").toString()), "--format", "webp, png, jpeg");
        assertThat(io.err().split("allowed:", -1)).hasSize(2);
    }

    @Test
    void inputFilesAreCheckedBeforeTheEmulator() {
        assertUsageErrorBeforeTheEmulator(run("--provider", "lumenfall", "--model", "hidream-i1-full", "--image",
                dir.resolve("missing.png").toString()), "--image", "missing.png");
        io.outBytes.reset();
        io.errBytes.reset();
        assertUsageErrorBeforeTheEmulator(run("--mask", dir.resolve("m.png").toString()), "--mask needs --image");
    }

    @Test
    void aProviderOptionMustBeNameEqualsValue() {
        assertUsageErrorBeforeTheEmulator(run("--provider-option", "novalue"), "--provider-option", "KEY=VALUE");
    }

    @ParameterizedTest
    @CsvSource({"pic.gif, image/gif", "pic.avif, image/avif", "pic.webp, image/webp", "pic.jpeg, image/jpeg"})
    void theExtensionChoosesTheFormatAndTheBytesMatchIt(String name, String mediaType) throws IOException {
        Path out = dir.resolve(name);

        int code = run("--provider", "lumenfall", "--size", "512x512", "--out", out.toString());

        assertThat(code).as(io.err()).isZero();
        assertThat(io.out()).contains("(" + mediaType + ")").contains("wrote:    " + out);
        assertMagicMatchesExtension(out);
    }

    @Test
    void anotherFormatThanAskedIsWrittenUnderItsOwnExtension() throws IOException {
        try (ProviderEmulator vendor = ProviderEmulator.start()) {
            String png = Base64.getEncoder().encodeToString(ExampleFiles.drawScene(64, 64));
            vendor.faults().on(Routes.LUMENFALL_GENERATIONS).once()
                    .respond(Fault.malformedBody("{\"created\":1,\"data\":[{\"b64_json\":\"" + png + "\"}]}"));
            Path asked = dir.resolve("pic.gif");

            int code = runAgainst(vendor, "lumenfall", "--size", "512x512", "--out", asked.toString());

            assertThat(code).as(io.err()).isZero();
            assertThat(asked).doesNotExist();
            assertMagicMatchesExtension(dir.resolve("pic.png"));
            assertThat(io.out()).contains("warning:  asked for gif, lumenfall returned image/png: writing "
                    + dir.resolve("pic.png") + " instead of " + asked);
        }
    }

    @Test
    void anEditWithAMaskOnLumenfall() throws IOException {
        Path image = dir.resolve("scene.png");
        Path mask = dir.resolve("mask.png");
        Files.write(image, ExampleFiles.drawScene(512, 512));
        Files.write(mask, ExampleFiles.drawSkyMask(512, 512));
        try (ProviderEmulator vendor = ProviderEmulator.start()) {
            Path out = dir.resolve("edit.png");

            int code = runAgainst(vendor, "lumenfall", "--model", "hidream-i1-full", "--image", image.toString(),
                    "--mask", mask.toString(), "--size", "1024x1024", "--out", out.toString(), "--", "a balloon in the sky");

            assertThat(code).as(io.err()).isZero();
            assertThat(vendor.requestCount(Routes.LUMENFALL_EDITS)).isEqualTo(1);
            assertMagicMatchesExtension(out);
        }
    }

    @Test
    void negativePromptAndProviderOptionsReachTheVendor() {
        try (ProviderEmulator vendor = ProviderEmulator.start()) {
            int code = runAgainst(vendor, "lumenfall", "--negative-prompt", "blurry", "--provider-option", "user=cli-test",
                    "--provider-option", "n_extra=3", "--size", "512x512", "--out", dir.resolve("n.png").toString());

            assertThat(code).as(io.err()).isZero();
            assertThat(vendor.requests().get(0).bodyAsString()).contains("\"negative_prompt\":\"blurry\"")
                    .contains("\"user\":\"cli-test\"").contains("\"n_extra\":3");
        }
    }

    @Test
    void nearestSizeTurnsASizeTheModelCannotMakeIntoOneItCan() {
        Path out = dir.resolve("near.png");

        int code = run("--size", "1000x1000", "--nearest-size", "--out", out.toString());

        assertThat(code).as(io.err()).isZero();
        assertThat(io.out()).contains("warning:  ").contains("size:     1024x1024");
        assertThat(decodes(out).getWidth()).isEqualTo(1024);
    }

    @Test
    void withoutASeedTheCommandFixesNoneAndTheUsersSeedGoesThrough() {
        try (ProviderEmulator vendor = ProviderEmulator.start()) {
            assertThat(runAgainst(vendor, "segmind", "--out", dir.resolve("a.png").toString())).as(io.err()).isZero();
            assertThat(runAgainst(vendor, "segmind", "--seed", "4242", "--out", dir.resolve("b.png").toString()))
                    .as(io.err()).isZero();

            assertThat(vendor.requests().get(0).bodyAsString()).as("Segmind's word for 'draw one'")
                    .contains("\"seed\":-1,");
            assertThat(vendor.requests().get(1).bodyAsString()).contains("\"seed\":4242");
            assertThat(io.out()).contains("(drawn by the vendor; --seed ").contains("seed:     4242\n");
        }
    }

    @Test
    void versionPrintsTheBuildsVersion() {
        assertThat(run("--version")).isZero();
        assertThat(io.out()).startsWith("imagegen-java examples ").doesNotContain("${");
    }
}
