package dev.imagegen.provider.wavespeed;

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
 * Committed inputs under {@code src/test/resources/dev/imagegen/provider/wavespeed/WaveSpeedResponseFuzzTestInputs/<method>/} run
 * in every build; {@code benchmarks/fuzz.sh} runs a campaign and explains how a finding becomes such an input.
 */
class WaveSpeedResponseFuzzTest {

    static final ImageProvider PROVIDER = new WaveSpeedProviderFactory().create(
            new ProviderConfig("wavespeed", "https://api.example.test", Map.of()));
    static final List<ModelInfo> MODELS = List.copyOf(new WaveSpeedProviderFactory().models());
    static final List<String> HEADERS = List.of("Content-Type", "x-request-id", "Retry-After");

    static final ImageProvider BASE64 = new WaveSpeedProviderFactory().create(
            new ProviderConfig("wavespeed", "https://api.example.test", Map.of("base64Output", "true")));

    @FuzzTest(maxDuration = "30s")
    void submitAnswer(FuzzedDataProvider data) {
        ModelInfo model = MODELS.get(data.consumeInt(0, MODELS.size() - 1));
        ImageRequest request = FuzzInputs.request(PROVIDER.id(), model, data);
        boolean base64 = data.consumeBoolean();
        StubResponse r = FuzzInputs.response(data, HEADERS, 200, 299);
        StubResponse.expectTypedOutcome(() -> (base64 ? BASE64 : PROVIDER).parse(request, model, r));
    }

    @FuzzTest(maxDuration = "30s")
    void pollAnswer(FuzzedDataProvider data) {
        ModelInfo model = MODELS.get(data.consumeInt(0, MODELS.size() - 1));
        boolean base64 = data.consumeBoolean();
        JobHandle job = new JobHandle("wavespeed", model.id(), "pred-1", "https://api.example.test/api/v2/predictions/pred-1/result",
                Map.of("base64", String.valueOf(base64)));
        StubResponse r = FuzzInputs.response(data, HEADERS, 200, 299);
        StubResponse.expectTypedOutcome(() -> PROVIDER.parsePoll(job, r));
    }

    @FuzzTest(maxDuration = "30s")
    void webhookPayload(FuzzedDataProvider data) {
        StubResponse r = StubResponse.of(200, data.consumeRemainingAsBytes()).header("Content-Type", "application/json");
        StubResponse.expectTypedOutcome(() -> PROVIDER.parseWebhook(r));
    }

    @FuzzTest(maxDuration = "30s")
    void errorAnswer(FuzzedDataProvider data) {
        StubResponse r = FuzzInputs.response(data, HEADERS, 300, 599);
        FuzzInputs.expectTypedError(PROVIDER, r);
    }
}
