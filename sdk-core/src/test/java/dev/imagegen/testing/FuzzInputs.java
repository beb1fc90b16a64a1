package dev.imagegen.testing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.imagegen.ImageRequest;
import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageProvider;

import java.util.List;

/** What every provider's fuzz tests build from Jazzer's input, so the four read their input the same way. */
public final class FuzzInputs {

    private FuzzInputs() {
    }

    /**
     * A response with a fuzzed status in {@code minStatus..maxStatus}, some of {@code headers} (those the parsers read)
     * with fuzzed values, and the rest of the input as the body.
     */
    public static StubResponse response(FuzzedDataProvider data, List<String> headers, int minStatus, int maxStatus) {
        int status = data.consumeInt(minStatus, maxStatus);
        int n = data.consumeInt(0, headers.size());
        String[][] hs = new String[n][];
        for (int i = 0; i < n; i++) {
            hs[i] = new String[] {headers.get(data.consumeInt(0, headers.size() - 1)), data.consumeString(60)};
        }
        StubResponse r = StubResponse.of(status, data.consumeRemainingAsBytes());
        for (String[] h : hs) {
            r.header(h[0], h[1]);
        }
        return r;
    }

    /** A minimal request for {@code model}, with a fuzzed seed half of the time. */
    public static ImageRequest request(String providerId, ModelInfo model, FuzzedDataProvider data) {
        ImageRequest.Builder b = ImageRequest.builder().provider(providerId).model(model.id()).prompt("a fox");
        if (data.consumeBoolean()) {
            b.seed(data.consumeLong());
        }
        return b.build();
    }

    /** The error contract on arbitrary error answers: a typed exception, never null, never anything else. */
    public static void expectTypedError(ImageProvider provider, StubResponse response) {
        StubResponse.expectTypedOutcome(() -> {
            if (provider.mapError(response) == null) {
                throw new IllegalStateException("mapError returned null");
            }
        });
    }
}
