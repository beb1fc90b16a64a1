package dev.imagegen.benchmarks;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every benchmark once at minimal settings, so the build proves they compile, start and produce a report. No
 * timing is asserted: numbers from one short iteration mean nothing.
 */
class BenchmarksSmokeTest {

    @Test
    void everyBenchmarkRunsOnceAndTheReportEndsWithTheSummaryLine() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "smoke"));
        Path json = dir.resolve("jmh.json");
        Options opts = new OptionsBuilder()
                .include("OverheadBenchmark|PeerBenchmark|LargeImageBenchmark")
                .param("imageBytes", "65536")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .addProfiler("gc")
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .build();
        int results = new Runner(opts).run().size();
        assertEquals(4 * 2 + 2 * 2 + 3 * 2, results, "one result per benchmark method and parameter");

        Path concurrency = dir.resolve("concurrency.txt");
        ConcurrencyScenario.Result c = ConcurrencyScenario.run(40, 20, 1, 16);
        Files.writeString(concurrency, "concurrency.c256.max=" + c.concurrency() + "\nconcurrency.c256.wall_ms=" + c.wallMs()
                + "\nconcurrency.c256.ideal_ms=" + c.idealMs() + "\nconcurrency.c256.ratio=" + c.ratio()
                + "\nconcurrency.c256.peak_threads=" + c.peakThreads() + "\n");
        assertTrue(c.wallMs() >= c.idealMs(), "a burst cannot beat the ideal time");

        Path polling = dir.resolve("polling.txt");
        Files.writeString(polling, PollingScenario.run(8, 300, 0));
        Path cold = dir.resolve("coldstart.txt");
        Files.writeString(cold, ColdStart.run(1));

        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Report.main(new String[] {json.toString(), concurrency.toString(), polling.toString(), cold.toString()});
        } finally {
            System.setOut(old);
        }
        String report = buf.toString(StandardCharsets.UTF_8);
        System.out.print(report);
        String[] lines = report.strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.matches("overhead=\\S+ peer=\\S+ concurrency=\\S+ base64_alloc=\\S+ poll_threads=\\d+"), last);
        assertTrue(report.contains("| 1 overhead"), report);
        assertTrue(report.contains("| 5 polling"), report);
    }
}
