package dev.imagegen.provider.lumenfall;

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
 * Committed inputs under {@code src/test/resources/dev/imagegen/provider/lumenfall/LumenfallResponseFuzzTestInputs/<method>/} run
 * in every build; {@code benchmarks/fuzz.sh} runs a campaign and explains how a finding becomes such an input.
 */
class LumenfallResponseFuzzTest {

    static final ImageProvider PROVIDER = new LumenfallProviderFactory().create(
            new ProviderConfig("lumenfall", "https://api.example.test", Map.of()));
    static final List<ModelInfo> MODELS = List.copyOf(new LumenfallProviderFactory().models());
    static final List<String> HEADERS = List.of("Content-Type", "X-Lumenfall-Request-Id", "X-Lumenfall-Provider", "x-request-id", "Retry-After");

    @FuzzTest(maxDuration = "30s")
    void generationsAnswer(FuzzedDataProvider data) {
        ModelInfo model = MODELS.get(data.consumeInt(0, MODELS.size() - 1));
        ImageRequest request = FuzzInputs.request(PROVIDER.id(), model, data);
        StubResponse r = FuzzInputs.response(data, HEADERS, 200, 299);
        StubResponse.expectTypedOutcome(() -> PROVIDER.parse(request, model, r));
    }

    @FuzzTest(maxDuration = "30s")
    void estimateAnswer(FuzzedDataProvider data) {
        StubResponse r = FuzzInputs.response(data, HEADERS, 200, 299);
        StubResponse.expectTypedOutcome(() -> PROVIDER.parseEstimate(r));
    }

    @FuzzTest(maxDuration = "30s")
    void errorAnswer(FuzzedDataProvider data) {
        StubResponse r = FuzzInputs.response(data, HEADERS, 300, 599);
        FuzzInputs.expectTypedError(PROVIDER, r);
    }
}
