package dev.imagegen.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.imagegen.examples.ExampleTestSupport.decodes;
import static org.assertj.core.api.Assertions.assertThat;

/** The failover example on the emulator: Segmind answers 429, WaveSpeed serves, Segmind's circuit opens. */
@Timeout(60)
class FailoverTest {

    @TempDir
    Path dir;

    private final ExampleTestSupport io = new ExampleTestSupport();

    @Test
    void failsOverFromSegmindToWaveSpeedAndPrintsTheMetrics() {
        int code = Failover.run(new String[] {dir.toString()}, io.out, io.err, Map.of());

        assertThat(code).as(io.err()).isZero();
        assertThat(io.out())
                .contains("request 1: served by wavespeed")
                .contains("   attempts: segmind:RateLimitedException,wavespeed:ok")
                .contains("request 4: served by wavespeed")
                .contains("   attempts: segmind:CircuitOpenException,wavespeed:ok")
                .contains("Segmind saw 6 paid POSTs")
                .containsPattern("http\\.segmind\\.generate\\.429 +6")
                .containsPattern("failovers\\.segmind->wavespeed\\.RateLimitedException +3")
                .containsPattern("failovers\\.segmind->wavespeed\\.CircuitOpenException +1")
                .containsPattern("requests\\.wavespeed\\.ok +4");
        assertThat(decodes(dir.resolve("failover.png")).getWidth()).isPositive();
    }
}
