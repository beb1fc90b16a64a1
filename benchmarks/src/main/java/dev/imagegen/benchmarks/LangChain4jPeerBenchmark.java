package dev.imagegen.benchmarks;

import dev.langchain4j.model.openai.OpenAiImageModel;
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
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * The second peer: LangChain4j's {@code OpenAiImageModel} (1.19, over the JDK HttpClient) on Lumenfall's
 * OpenAI-compatible endpoint, {@code b64_json} (it has no response-format setting; the server answers base64 when not
 * asked for a URL), decoded to bytes with {@code java.util.Base64} as a user would. Beside {@link PeerBenchmark#ours}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class LangChain4jPeerBenchmark {

    @Param({"1572864"})
    public int imageBytes;

    private LoopbackServer server;
    private OpenAiImageModel model;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        server = new LoopbackServer(Workloads.image(imageBytes));
        model = model(server.baseUrl("lumenfall"));
        if (generate().length != imageBytes) {
            throw new IllegalStateException("langchain4j: wrong image size");
        }
    }

    static OpenAiImageModel model(String baseUrl) {
        return OpenAiImageModel.builder().baseUrl(baseUrl).apiKey(Workloads.KEY).modelName("hidream-i1-full")
                .maxRetries(0).timeout(java.time.Duration.ofMinutes(2)).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        server.close();
    }

    /** LangChain4j, {@code b64_json}. */
    @Benchmark
    public byte[] generate() {
        return Base64.getDecoder().decode(model.generate(Workloads.PROMPT).content().base64Data());
    }
}
