package dev.imagegen.it.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The emulator program's whole life as a user sees it: {@code java -jar imagegen-emulator.jar}, its banner, one
 * answer, and a clean stop on Ctrl-C (SIGINT) or SIGTERM with exit status 0.
 */
class EmulatorProgramIT {

    @Test
    void printsEveryVendorServesAnyKeyAndStopsCleanlyOnCtrlC() throws Exception {
        try (EmulatorProcess emu = EmulatorProcess.start("--port", "0")) {
            String root = emu.root();
            assertThat(root).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(emu.stdout().get(0))
                    .isEqualTo("imagegen emulator listening on " + root + " (any non-blank API key is accepted)");
            assertThat(emu.baseUrls).containsExactly(
                    java.util.Map.entry("lumoz", root), java.util.Map.entry("segmind", root),
                    java.util.Map.entry("wavespeed", root), java.util.Map.entry("lumenfall", root + "/openai/v1"),
                    java.util.Map.entry("fal", root));
            assertThat(dryRun(emu.baseUrls.get("lumenfall"), "Bearer my-own-key").statusCode()).isEqualTo(200);

            // A process started in the background by a non-interactive shell inherits SIGINT ignored, and nothing
            // can then deliver Ctrl-C to it; the SIGTERM test below still covers the shutdown path.
            assumeThat(ignoresSigint(emu.process.pid()))
                    .as("SIGINT is ignored in this process tree (inherited from the shell that started the build)")
                    .isFalse();
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(emu.process.pid())).start();
            assertThat(kill.waitFor()).isZero();

            assertThat(emu.awaitExit()).as("exit status after Ctrl-C").isZero();
            assertThat(emu.stdout()).last().isEqualTo("imagegen emulator stopped");
            assertThat(emu.stderr()).isEmpty();
            int port = URI.create(root).getPort();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void sigtermStopsItWithStatusZeroToo() {
        try (EmulatorProcess emu = EmulatorProcess.start("--port", "0", "--api-key", "sk-test")) {
            assertThat(emu.stdout().get(0)).endsWith("(API key: sk-test)");

            // SIGTERM, what `docker stop` and CI runners send (through the handle: Process.destroy() would also close
            // the pipes and lose the program's last line)
            assertThat(emu.process.toHandle().destroy()).isTrue();

            assertThat(emu.awaitExit()).isZero();
            assertThat(emu.stdout()).last().isEqualTo("imagegen emulator stopped");
        }
    }

    @Test
    void aBadOptionEndsWithStatusTwoAndAMessage() {
        try (EmulatorProcess emu = EmulatorProcess.launch("--prot", "8080")) {
            assertThat(emu.awaitExit()).isEqualTo(2);
            assertThat(emu.stderr()).containsExactly("imagegen-emulator: unknown option '--prot'", "Try --help.");
            assertThat(emu.stdout()).isEmpty();
        }
    }

    @Test
    void aFaultsFileIsApplied(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path faults = Files.writeString(dir.resolve("faults.json"),
                "[{\"route\": \"lumenfall.generations\", \"times\": 2, \"fault\": \"status\", \"status\": 429,"
                        + " \"headers\": {\"Retry-After\": \"1\"}}]");
        try (EmulatorProcess emu = EmulatorProcess.start("--port", "0", "--faults", faults.toString())) {
            assertThat(emu.stdout()).contains("1 fault rule from " + faults);
            String lumenfall = emu.baseUrls.get("lumenfall");

            HttpResponse<String> limited = dryRun(lumenfall, "Bearer k");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(dryRun(lumenfall, "Bearer k").statusCode()).isEqualTo(429);
            assertThat(dryRun(lumenfall, "Bearer k").statusCode()).isEqualTo(200);
        }
    }

    /** Whether the process ignores SIGINT (bit 1 of the SigIgn mask in /proc/PID/status, Linux). */
    private static boolean ignoresSigint(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:"))
                .map(l -> new BigInteger(l.substring("SigIgn:".length()).trim(), 16).testBit(1))
                .findFirst().orElse(false);
    }

    static HttpResponse<String> dryRun(String lumenfallBase, String authorization) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(lumenfallBase + "/images/generations?dryRun=true"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"hidream-i1-fast\",\"prompt\":\"x\"}")).build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
    }
}
