package dev.imagegen.benchmarks;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.images.Image;
import com.openai.models.images.ImageGenerateParams;
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
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 2: the Lumenfall provider against the official OpenAI Java client ({@code com.openai:openai-java}) on the
 * same OpenAI-compatible endpoint, model {@code hidream-i1-full}, 1.5 MiB image. {@code b64_json}: both decode the
 * inline image. {@code url}: openai-java returns the URL, so the peer downloads it with a plain OkHttp GET, which is
 * what the SDK does when {@code bytes()} is called. LangChain4j, the second peer, is {@link LangChain4jPeerBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PeerBenchmark {

    @Param({"b64_json", "url"})
    public String format;

    @Param({"1572864"})
    public int imageBytes;

    private LoopbackServer server;
    private ImageClient client;
    private OpenAIClient openai;
    private OkHttpClient http;
    private ImageRequest request;
    private ImageGenerateParams params;

    @Setup(Level.Trial)
    @SuppressWarnings("deprecation") // response_format: the OpenAI spec deprecates it, Lumenfall still serves b64_json by it
    public void setUp() throws IOException {
        server = new LoopbackServer(Workloads.image(imageBytes));
        client = Workloads.client(server, 0, format, true);
        http = Workloads.rawClient();
        openai = OpenAIOkHttpClient.builder().apiKey(Workloads.KEY).baseUrl(server.baseUrl("lumenfall")).build();
        request = Workloads.request("lumenfall");
        params = ImageGenerateParams.builder()
                .model("hidream-i1-full")
                .prompt(Workloads.PROMPT)
                .n(1L)
                .responseFormat(ImageGenerateParams.ResponseFormat.of(format))
                .putAdditionalBodyProperty("seed", JsonValue.from(42))
                .build();
        check(ours());
        check(openai());
    }

    private void check(byte[] image) {
        if (image.length != imageBytes) {
            throw new IllegalStateException(format + ": got " + image.length + " bytes, expected " + imageBytes);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        client.close();
        openai.close();
        http.dispatcher().executorService().shutdown();
        server.close();
    }

    /** imagegen-java's Lumenfall provider. */
    @Benchmark
    public byte[] ours() {
        return Workloads.sdk(client, request);
    }

    /** openai-java. */
    @Benchmark
    public byte[] openai() {
        Image image = openai.images().generate(params).data().orElseThrow().get(0);
        if (image.b64Json().isPresent()) {
            return Base64.getDecoder().decode(image.b64Json().get());
        }
        try {
            return Workloads.download(http, image.url().orElseThrow());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
