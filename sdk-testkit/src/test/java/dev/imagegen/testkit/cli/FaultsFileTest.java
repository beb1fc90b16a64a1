package dev.imagegen.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen.testkit.FaultPlan;
import dev.imagegen.testkit.ProviderEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultsFileTest {
    @TempDir
    Path dir;

    @Test
    void everyFaultKindLoadsInFileOrder() throws Exception {
        Path file = write("""
                [
                  {"route": "segmind.generate", "times": 2, "fault": "status", "status": 429,
                   "headers": {"Retry-After": "1"}},
                  {"route": "lumenfall.generations", "fault": "status", "status": 400, "body": "{\\"error\\":\\"no\\"}"},
                  {"route": "wavespeed.result", "times": "always", "fault": "delay", "delayMs": 20},
                  {"route": "*", "times": "always", "probability": 0.1, "probabilitySeed": 42,
                   "fault": "dropConnection"},
                  {"route": "storage", "fault": "dropMidBody", "afterDelayMs": 5},
                  {"route": "storage", "fault": "truncatedBody"},
                  {"route": "fal.result", "fault": "malformedBody"},
                  {"route": "fal.status", "fault": "malformedBody", "body": "{\\"status\\":"},
                  {"route": "lumoz.run", "fault": "oversizedBody", "bytes": 1000},
                  {"route": "lumoz.check", "fault": "slowBody", "perChunkMs": 1},
                  {"route": "fal.submit", "fault": "jobNeverFinishes"},
                  {"route": "wavespeed.submit", "fault": "jobFails", "message": "NSFW content detected"}
                ]
                """);
        FaultPlan plan = newPlan();

        assertThat(FaultsFile.load(file, plan)).isEqualTo(12);

        assertThat(plan.rules()).extracting(FaultPlan.Rule::route).containsExactly("segmind.generate",
                "lumenfall.generations", "wavespeed.result", null /* any route */, "storage", "storage", "fal.result", "fal.status",
                "lumoz.run", "lumoz.check", "fal.submit", "wavespeed.submit");
        assertThat(plan.rules().get(0).fault().toString()).contains("429").contains("Retry-After");
        assertThat(plan.rules().get(11).fault().toString()).contains("NSFW content detected");
    }

    @Test
    void aBadRuleIsNamedAndNothingIsAdded() throws Exception {
        FaultPlan plan = newPlan();
        String good = "{\"route\": \"storage\", \"fault\": \"dropConnection\"}";

        assertInvalid(plan, "[" + good + ", {\"route\": \"segmind.v1\", \"fault\": \"dropConnection\"}]",
                "rule 2: unknown route 'segmind.v1'; routes are \"*\" and lumoz.run, lumoz.check");
        assertInvalid(plan, "[{\"route\": \"storage\", \"fault\": \"explode\"}]",
                "rule 1: unknown fault 'explode'; faults are delay, dropConnection");
        assertInvalid(plan, "[{\"route\": \"storage\", \"fault\": \"delay\", \"delayMs\": 5, \"status\": 500}]",
                "rule 1: 'status' is not a parameter of fault 'delay' (it takes delayMs)");
        assertInvalid(plan, "[{\"route\": \"storage\", \"fault\": \"status\"}]", "rule 1: 'status' is required");
        assertInvalid(plan, "[{\"route\": \"storage\", \"fault\": \"status\", \"status\": 99}]",
                "rule 1: 'status' must be 200..599 (got 99)");
        assertInvalid(plan, "[{\"route\": \"storage\", \"fault\": \"delay\", \"delayMs\": \"5\"}]",
                "rule 1: 'delayMs' must be a whole number >= 0");
        assertInvalid(plan, "[{\"route\": \"storage\", \"fault\": \"dropConnection\", \"times\": 0}]",
                "rule 1: 'times' must be a number >= 1 or \"always\"");
        assertInvalid(plan, "[{\"route\": \"storage\", \"fault\": \"dropConnection\", \"probability\": 2}]",
                "rule 1: 'probability' must be a number in 0..1");
        assertInvalid(plan, "[{\"route\": \"storage\", \"fault\": \"dropConnection\", \"headers\": [\"a\"]}]",
                "rule 1: 'headers' must be an object of name: value");
        assertInvalid(plan, "[{\"fault\": \"dropConnection\"}]", "rule 1: 'route' is required");
        assertInvalid(plan, "[\"storage\"]", "rule 1: must be a JSON object");
        assertInvalid(plan, "{\"route\": \"storage\"}", ": must be a JSON array of rules");
        assertInvalid(plan, "[{\"route\": ", ": not valid JSON: ");
        assertThat(plan.rules()).isEmpty();
    }

    @Test
    void aMissingFileIsSaidToBeMissing() {
        Path missing = dir.resolve("nope.json");

        assertThatThrownBy(() -> FaultsFile.load(missing, newPlan()))
                .isInstanceOf(FaultsFile.InvalidFaultsFileException.class)
                .hasMessage(missing + ": no such file");
    }

    private void assertInvalid(FaultPlan plan, String json, String message) throws IOException {
        Path file = write(json);
        assertThatThrownBy(() -> FaultsFile.load(file, plan))
                .isInstanceOf(FaultsFile.InvalidFaultsFileException.class)
                .hasMessageStartingWith(file + ": " + message.split(": ", 2)[0])
                .hasMessageContaining(message);
    }

    private Path write(String json) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "faults", ".json"), json, StandardCharsets.UTF_8);
    }

    /** A plan of an emulator that is closed at once: rules can still be added and read. */
    private static FaultPlan newPlan() {
        try (ProviderEmulator emu = ProviderEmulator.start()) {
            return emu.faults();
        }
    }
}
