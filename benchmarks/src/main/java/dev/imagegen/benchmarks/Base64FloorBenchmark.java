package dev.imagegen.benchmarks;

import okhttp3.OkHttpClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The second careful way to read a {@code b64_json} answer by hand: a streaming parser over the body and
 * {@code readBinaryValue} ({@link Workloads#floorLumenfallStreamed}). Beside {@link FairFloorBenchmark#floor}, which
 * decodes from the body's bytes; the report's floor is the faster of the two at each size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class Base64FloorBenchmark {

    @Param({"16384", "65536", "262144", "1572864", "16777216"})
    public int imageBytes;

    private LoopbackServer server;
    private OkHttpClient http;
    private String base;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        server = new LoopbackServer(Workloads.image(imageBytes));
        http = Workloads.rawClient();
        base = server.baseUrl("lumenfall");
        if (streamed().length != imageBytes) {
            throw new IllegalStateException("streamed: wrong image size");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        server.close();
    }

    /** By hand: {@code readBinaryValue} from the body's stream. */
    @Benchmark
    public byte[] streamed() throws IOException {
        return Workloads.floorLumenfallStreamed(http, base);
    }
}
