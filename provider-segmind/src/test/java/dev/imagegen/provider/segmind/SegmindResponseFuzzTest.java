package dev.imagegen.provider.segmind;

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
 * Committed inputs under {@code src/test/resources/dev/imagegen/provider/segmind/SegmindResponseFuzzTestInputs/<method>/} run
 * in every build; {@code benchmarks/fuzz.sh} runs a campaign and explains how a finding becomes such an input.
 */
class SegmindResponseFuzzTest {

    static final ImageProvider PROVIDER = new SegmindProviderFactory().create(
            new ProviderConfig("segmind", "https://api.example.test", Map.of()));
    static final List<ModelInfo> MODELS = List.copyOf(new SegmindProviderFactory().models());
    static final List<String> HEADERS = List.of("Content-Type", "x-request-id", "x-cost", "x-generation-time", "x-seed-value", "x-remaining-credits", "Retry-After");

    static final ImageProvider QUEUE = new SegmindProviderFactory().create(
            new ProviderConfig("segmind", "https://api.example.test", Map.of("queue", "true")));

    @FuzzTest(maxDuration = "30s")
    void imageAnswer(FuzzedDataProvider data) {
        ModelInfo model = MODELS.get(0);
        ImageRequest request = FuzzInputs.request(PROVIDER.id(), model, data);
        boolean queue = data.consumeBoolean();
        StubResponse r = FuzzInputs.response(data, HEADERS, 200, 299);
        StubResponse.expectTypedOutcome(() -> (queue ? QUEUE : PROVIDER).parse(request, model, r));
    }

    @FuzzTest(maxDuration = "30s")
    void queuePollAnswer(FuzzedDataProvider data) {
        ModelInfo model = MODELS.get(0);
        boolean resultStage = data.consumeBoolean();
        JobHandle job = new JobHandle("segmind", model.id(), "7f1d9c2e", "https://api.example.test/v2/requests/7f1d9c2e"
                + (resultStage ? "" : "/status"), Map.of("stage", resultStage ? "result" : "status",
                "resultUrl", "https://api.example.test/v2/requests/7f1d9c2e"));
        StubResponse r = FuzzInputs.response(data, HEADERS, 200, 299);
        StubResponse.expectTypedOutcome(() -> QUEUE.parsePoll(job, r));
    }

    @FuzzTest(maxDuration = "30s")
    void errorAnswer(FuzzedDataProvider data) {
        StubResponse r = FuzzInputs.response(data, HEADERS, 300, 599);
        FuzzInputs.expectTypedError(PROVIDER, r);
    }
}
