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
 * Benchmark 1, the fair floor: one generation through the SDK against the same call written by hand as a careful engineer would
 * ({@link Workloads#floorLumenfall}, {@link Workloads#floorSegmind}), and the naive hand-written call as a labelled
 * row, at every image size, for the three kinds of answer: {@code b64_json} and {@code url} (Lumenfall, the OpenAI
 * shape) and raw bytes (Segmind). Who calls is a parameter, {@code who}, so that JMH runs the SDK, the floor and the
 * naive call for one size and answer one after the other (the machine's state drifts less between them than between
 * methods run minutes apart). The other careful base64 variant, streamed with {@code readBinaryValue}, is
 * {@link Base64FloorBenchmark}; the report takes the faster of the two as the floor. Run with {@code -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class FairFloorBenchmark {

    @Param({"b64_json", "url", "bytes"})
    public String answer;

    @Param({"16384", "65536", "262144", "1572864", "16777216"})
    public int imageBytes;

    /** {@code sdk}: {@code generate(request).image().bytes()}; {@code floor}: by hand, carefully; {@code naive}: by hand. */
    @Param({"sdk", "floor", "naive"})
    public String who;

    private LoopbackServer server;
    private ImageClient client;
    private OkHttpClient http;
    private ImageRequest request;
    private String provider;
    private String base;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        server = new LoopbackServer(Workloads.image(imageBytes));
        provider = answer.equals("bytes") ? "segmind" : "lumenfall";
        client = Workloads.client(server, 0, answer.equals("url") ? "url" : "b64_json", true);
        http = Workloads.rawClient();
        request = Workloads.request(provider);
        base = server.baseUrl(provider);
        check(generate(), who);
    }

    private void check(byte[] image, String who) {
        if (image.length != imageBytes) {
            throw new IllegalStateException(answer + " " + who + ": got " + image.length + " bytes, expected " + imageBytes);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        client.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        server.close();
    }

    /** One image, by {@link #who}. */
    @Benchmark
    public byte[] generate() throws IOException {
        boolean bytes = answer.equals("bytes");
        return switch (who) {
            case "sdk" -> Workloads.sdk(client, request);
            case "floor" -> bytes ? Workloads.floorSegmind(http, base) : Workloads.floorLumenfall(http, base, answer);
            case "naive" -> bytes ? Workloads.rawSegmind(http, base) : Workloads.rawLumenfall(http, base, answer);
            default -> throw new IllegalArgumentException(who);
        };
    }
}
