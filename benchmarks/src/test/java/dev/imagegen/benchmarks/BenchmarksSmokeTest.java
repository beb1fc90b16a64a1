package dev.imagegen.benchmarks;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every benchmark and scenario once at minimal settings, so the build proves they compile, start and feed the
 * report. It prints only which ran: figures from one 50 ms iteration on a busy build machine mean nothing, and
 * verdicts drawn from them would mislead. The figures come from {@code benchmarks/run.sh}.
 */
class BenchmarksSmokeTest {

    @Test
    void everyBenchmarkRunsOnceAndTheReportReadsThem() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "smoke"));
        Path json = dir.resolve("jmh.json");
        Options opts = new OptionsBuilder()
                .include("FairFloorBenchmark|Base64FloorBenchmark|PeerBenchmark|LangChain4jPeerBenchmark")
                .param("imageBytes", "16384")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .addProfiler("gc")
                .addProfiler(CpuProfiler.class)
                .verbosity(VerboseMode.SILENT)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .build();
        PrintStream silent = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Collection<RunResult> results = new Runner(opts, OutputFormatFactory.createFormatInstance(silent, VerboseMode.SILENT)).run();
        assertEquals(3 * 3 + 1 + 2 * 2 + 1, results.size(), "one result per benchmark and parameter set");
        TreeSet<String> ran = new TreeSet<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            ran.add(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1));
        }

        Path concurrency = dir.resolve("concurrency.txt");
        ConcurrencyScenario.Result c = ConcurrencyScenario.run(40, 20, 1, 16);
        Files.writeString(concurrency, c.text(40, 20).replace("concurrency.c16.", "concurrency.c256."));
        assertTrue(c.wallMs() >= c.idealMs(), "a burst cannot beat the ideal time");
        ConcurrencyScenario.Result floor = ConcurrencyScenario.runFloor(40, 20, 1, 16);
        Files.writeString(concurrency, floor.text(40, 20).replace("concurrency.floor16.", "concurrency.floor256."),
                java.nio.file.StandardOpenOption.APPEND);
        assertEquals(0, floor.failures(), "the hand-written floor fails no call");
        ran.add("ConcurrencyScenario");
        Path polling = dir.resolve("polling.txt");
        Files.writeString(polling, PollingScenario.run(8, 300, 0));
        ran.add("PollingScenario");
        Path cold = dir.resolve("coldstart.txt");
        Files.writeString(cold, ColdStart.run(1));
        ran.add("ColdStart");

        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Report.main(new String[] {json.toString(), concurrency.toString(), polling.toString(), cold.toString()});
        } finally {
            System.setOut(old);
        }
        String report = buf.toString(StandardCharsets.UTF_8);
        String[] lines = report.strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.matches("floor_time=\\S+ floor_cpu=\\S+ floor_alloc=\\S+ openai_speedup=\\S+ concurrency=\\S+ poll_threads=\\d+ coldstart=\\S+"), last);
        for (String row : new String[] {"| 1 fair floor, 16 KiB", "| 2 peer", "| 3 concurrency", "| 4 pending jobs", "| 5 cold start"}) {
            assertTrue(report.contains(row), row + " missing from:\n" + report);
        }
        System.out.println("benchmarks smoke run: each ran once (" + String.join(", ", ran) + "); the report reads them");
        System.out.println("benchmarks smoke run: no figures here; they come from benchmarks/run.sh (see docs/performance.md)");
    }
}
