package dev.imagegen.provider.lumoz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imagegen.ImageRequest;
import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.JobHandle;
import dev.imagegen.spi.ProviderConfig;
import dev.imagegen.testing.FuzzInputs;
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
        ImageRequest request = FuzzInputs.request(PROVIDER.id(), model, data);
        StubResponse r = FuzzInputs.response(data, HEADERS, 200, 299);
        StubResponse.expectTypedOutcome(() -> PROVIDER.parse(request, model, r));
    }

    @FuzzTest(maxDuration = "30s")
    void checkAnswer(FuzzedDataProvider data) {
        ModelInfo model = MODELS.get(data.consumeInt(0, MODELS.size() - 1));
        JobHandle job = new JobHandle(PROVIDER.id(), model.id(), "212121212121212", "https://api.example.test/api/v4/check",
                Map.of());
        StubResponse r = FuzzInputs.response(data, HEADERS, 200, 299);
        StubResponse.expectTypedOutcome(() -> PROVIDER.parsePoll(job, r));
    }

    @FuzzTest(maxDuration = "30s")
    void errorAnswer(FuzzedDataProvider data) {
        StubResponse r = FuzzInputs.response(data, HEADERS, 300, 599);
        FuzzInputs.expectTypedError(PROVIDER, r);
    }
}
