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
 * Benchmark 1: one generation of a 1 MB image through {@code ImageClient.generate} against the same vendor request
 * written by hand with OkHttp and Jackson, both against one loopback server. Per provider; run with {@code -prof gc}
 * for allocation per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class OverheadBenchmark {

    @Param({"lumoz", "segmind", "wavespeed", "lumenfall"})
    public String provider;

    @Param({"1048576"})
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
        check(Workloads.sdk(client, request));
        check(Workloads.raw(http, server, provider));
    }

    private void check(byte[] image) {
        if (image.length != imageBytes) {
            throw new IllegalStateException(provider + ": got " + image.length + " bytes, expected " + imageBytes);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        client.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        server.close();
    }

    /** Through the SDK. */
    @Benchmark
    public byte[] sdk() {
        return Workloads.sdk(client, request);
    }

    /** By hand. */
    @Benchmark
    public byte[] raw() throws IOException {
        return Workloads.raw(http, server, provider);
    }
}
