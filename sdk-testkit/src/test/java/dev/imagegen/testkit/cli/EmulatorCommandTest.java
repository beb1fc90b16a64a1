package dev.imagegen.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program in-process: what it prints, what it serves, how it fails. The jar itself is run by integration-tests. */
class EmulatorCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @Test
    void printsEveryVendorsBaseUrlAndServesAnyNonBlankKey() throws Exception {
        try (ProviderEmulator emu = start("--port", "0")) {
            String root = "http://127.0.0.1:" + emu.port();
            assertThat(out()).isEqualTo(String.join("\n",
                    "imagegen emulator listening on " + root + " (any non-blank API key is accepted)",
                    String.format("  %-10s %-45s instead of https://lumozai.com", "lumoz", root),
                    String.format("  %-10s %-45s instead of https://api.segmind.com", "segmind", root),
                    String.format("  %-10s %-45s instead of https://api.wavespeed.ai", "wavespeed", root),
                    String.format("  %-10s %-45s instead of https://api.lumenfall.ai/openai/v1", "lumenfall",
                            root + "/openai/v1"),
                    String.format("  %-10s %-45s instead of https://queue.fal.run", "fal", root),
                    "Press Ctrl-C to stop.", ""));
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();

            assertThat(dryRun(emu, "Bearer whatever-my-client-sends").statusCode()).isEqualTo(200);
            assertThat(dryRun(emu, "Bearer  ").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void onEveryInterfaceItSaysToCallItByThisMachinesAddress() throws Exception {
        try (ProviderEmulator emu = start("--host", "0.0.0.0", "--port", "0")) {
            assertThat(out()).contains("It listens on every interface (0.0.0.0): from another machine, use this"
                    + " machine's address instead of 127.0.0.1; the URLs in its answers name the host you call it by.");
            assertThat(dryRun(emu, "Bearer any").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aGivenKeyIsTheOnlyOneAcceptedAndFaultsComeFromTheFile() throws Exception {
        Path faults = Files.writeString(dir.resolve("faults.json"),
                "[{\"route\": \"lumenfall.generations\", \"fault\": \"status\", \"status\": 503}]");
        try (ProviderEmulator emu = start("--port=0", "--api-key", "sk-only", "--processing-ms", "5",
                "--faults", faults.toString())) {
            assertThat(out()).contains("(API key: sk-only)").contains("Each generation takes 5 ms.")
                    .contains("1 fault rule from " + faults);

            assertThat(dryRun(emu, "Bearer sk-only").statusCode()).as("the file's fault").isEqualTo(503);
            assertThat(dryRun(emu, "Bearer sk-only").statusCode()).isEqualTo(200);
            assertThat(dryRun(emu, "Bearer other").statusCode()).isEqualTo(401);
            assertThat(emu.requestCount(Routes.LUMENFALL_GENERATIONS)).isEqualTo(3);
        }
    }

    @Test
    void helpPrintsTheOptionsAndTheFaultsFileFormat() throws Exception {
        assertThat(start("--help")).isNull();

        assertThat(out()).startsWith("Usage: java -jar imagegen-emulator.jar [options]")
                .contains("--api-key KEY", "--processing-ms N", "--faults FILE", "Faults file (--faults FILE)",
                        "jobFails", "segmind.generate");
    }

    @Test
    void aBadCommandLineOrFaultsFileExitsWith2AndSaysWhy() throws IOException {
        assertExit(2, "imagegen-emulator: unknown option '--prot'\nTry --help.\n", "--prot", "8080");

        Path bad = Files.writeString(dir.resolve("bad.json"), "[{\"route\": \"storage\"}]");
        assertExit(2, "imagegen-emulator: faults file " + bad + ": rule 1: 'fault' is required\n",
                "--port", "0", "--faults", bad.toString());
    }

    @Test
    void aPortInUseExitsWith1() {
        try (ProviderEmulator taken = ProviderEmulator.start()) {
            assertThatThrownBy(() -> EmulatorCommand.start(new String[] {"--port", String.valueOf(taken.port())},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                    .isInstanceOfSatisfying(EmulatorCommand.Exit.class, e -> assertThat(e.status).isEqualTo(1));
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .startsWith("imagegen-emulator: could not start the provider emulator on 127.0.0.1:" + taken.port());
        }
    }

    private void assertExit(int status, String message, String... args) {
        out.reset();
        err.reset();
        assertThatThrownBy(() -> start(args)).isInstanceOfSatisfying(EmulatorCommand.Exit.class,
                e -> assertThat(e.status).isEqualTo(status));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(message);
        assertThat(out()).isEmpty();
    }

    private ProviderEmulator start(String... args) throws EmulatorCommand.Exit {
        return EmulatorCommand.start(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private static HttpResponse<String> dryRun(ProviderEmulator emu, String authorization) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(emu.baseUrl("lumenfall") + "/images/generations?dryRun=true"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"hidream-i1-fast\",\"prompt\":\"x\"}")).build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
    }
}
