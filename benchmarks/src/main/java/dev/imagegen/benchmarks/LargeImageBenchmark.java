package dev.imagegen.benchmarks;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
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
 * Benchmark 4: a 16 MiB image as base64 JSON (WaveSpeed and Lumenfall shapes) and as raw bytes (Segmind). The figure
 * that matters is {@code gc.alloc.rate.norm} (from {@code -prof gc}) divided by the image size; the hand-written
 * version is there for comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class LargeImageBenchmark {

    @Param({"wavespeed", "lumenfall", "segmind"})
    public String provider;

    @Param({"16777216"})
    public int imageBytes;

    private LoopbackServer server;
    private ImageClient client;
    private OkHttpClient http;
    private ImageRequest request;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        server = new LoopbackServer(Workloads.image(imageBytes));
        client = Workloads.client(server, 0, "b64_json", true);
        http = Workloads.rawClient();
        request = Workloads.request(provider);
        if (sdk().length != imageBytes || raw().length != imageBytes) {
            throw new IllegalStateException(provider + ": wrong image size");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        client.close();
        http.dispatcher().executorService().shutdown();
        server.close();
    }

    /** Through the SDK. */
    @Benchmark
    public byte[] sdk() {
        return Workloads.sdk(client, request);
    }

    /** By hand (OkHttp {@code bytes()}, Jackson tree plus {@code Base64.getDecoder()}). */
    @Benchmark
    public byte[] raw() throws IOException {
        return Workloads.raw(http, server, provider);
    }
}
