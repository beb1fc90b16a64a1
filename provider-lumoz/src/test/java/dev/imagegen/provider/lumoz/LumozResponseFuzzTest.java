package dev.imagegen.provider.lumoz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagegen.ImageRequest;
import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.JobHandle;
import dev.imagegen.spi.ProviderConfig;
import dev.imagegen.testing.StubResponse;

import java.util.List;
import java.util.Map;

/**
 * Fuzzes every answer this provider parses (success, job and error bodies, and the headers it reads): whatever the
 * bytes, the parser returns or throws one of the SDK's typed exceptions (see {@link StubResponse#expectTypedOutcome}).
 * Committed inputs under {@code src/test/resources/dev/imagegen/provider/lumoz/LumozResponseFuzzTestInputs/<method>/} run
 * in every build; {@code benchmarks/fuzz.sh} runs a campaign and explains how a finding becomes such an input.
 */
class LumozResponseFuzzTest {

    static final ImageProvider PROVIDER = new LumozProviderFactory().create(
            new ProviderConfig("lumoz", "https://api.example.test", Map.of()));
    static final List<ModelInfo> MODELS = List.copyOf(new LumozProviderFactory().models());
    static final List<String> HEADERS = List.of("Content-Type", "x-request-id", "Retry-After");

    @FuzzTest(maxDuration = "30s")
    void runAnswer(FuzzedDataProvider data) {
        ModelInfo model = MODELS.get(data.consumeInt(0, MODELS.size() - 1));
        ImageRequest request = request(model, data);
        StubResponse r = response(data, 200, 299);
        StubResponse.expectTypedOutcome(() -> PROVIDER.parse(request, model, r));
    }

    @FuzzTest(maxDuration = "30s")
    void checkAnswer(FuzzedDataProvider data) {
        ModelInfo model = MODELS.get(data.consumeInt(0, MODELS.size() - 1));
        JobHandle job = new JobHandle(PROVIDER.id(), model.id(), "212121212121212", "https://api.example.test/api/v4/check",
                Map.of());
        StubResponse r = response(data, 200, 299);
        StubResponse.expectTypedOutcome(() -> PROVIDER.parsePoll(job, r));
    }

    @FuzzTest(maxDuration = "30s")
    void errorAnswer(FuzzedDataProvider data) {
        StubResponse r = response(data, 300, 599);
        StubResponse.expectTypedOutcome(() -> {
            if (PROVIDER.mapError(r) == null) {
                throw new IllegalStateException("mapError returned null");
            }
        });
    }

    /** Headers the parsers read, with fuzzed values, then a fuzzed status and the rest of the input as the body. */
    static StubResponse response(FuzzedDataProvider data, int minStatus, int maxStatus) {
        int status = data.consumeInt(minStatus, maxStatus);
        int n = data.consumeInt(0, HEADERS.size());
        StubResponse r = null;
        String[][] hs = new String[n][];
        for (int i = 0; i < n; i++) {
            hs[i] = new String[] {HEADERS.get(data.consumeInt(0, HEADERS.size() - 1)), data.consumeString(60)};
        }
        r = StubResponse.of(status, data.consumeRemainingAsBytes());
        for (String[] h : hs) {
            r.header(h[0], h[1]);
        }
        return r;
    }

    static ImageRequest request(ModelInfo model, FuzzedDataProvider data) {
        ImageRequest.Builder b = ImageRequest.builder().provider(PROVIDER.id()).model(model.id()).prompt("a fox");
        if (data.consumeBoolean()) {
            b.seed(data.consumeLong());
        }
        return b.build();
    }
}
