package dev.imagegen.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A seed the request does not fix is drawn afresh, as real vendors do: two runs of the same request differ, unless the
 * emulator is made {@linkplain ProviderEmulator.Builder#reproducible(long) reproducible}. A fixed seed always gives
 * the same image.
 */
class UnfixedSeedTest extends EmulatorTestSupport {
    private static final String PANDA = "{\"prompt\":\"a panda\",\"seed\":-1,\"output_format\":\"png\"}";

    @Test
    void twoRunsDrawDifferentSeedsAndImages() {
        HttpResponse<byte[]> a = generate(ProviderEmulator.builder(), PANDA);
        HttpResponse<byte[]> b = generate(ProviderEmulator.builder(), PANDA);

        assertThat(seed(a)).isNotEqualTo(seed(b));
        assertThat(a.body()).isNotEqualTo(b.body());
    }

    @Test
    void aReproducibleEmulatorDrawsTheSameSeedsEveryRun() {
        HttpResponse<byte[]> a = generate(ProviderEmulator.builder().reproducible(7), PANDA);
        HttpResponse<byte[]> b = generate(ProviderEmulator.builder().reproducible(7), PANDA);

        assertThat(seed(a)).isEqualTo(seed(b));
        assertThat(a.body()).isEqualTo(b.body());
    }

    @Test
    void theReportedSeedGivesTheSameImageOnAnotherRun() {
        HttpResponse<byte[]> drawn = generate(ProviderEmulator.builder(), PANDA);

        HttpResponse<byte[]> fixed = generate(ProviderEmulator.builder(),
                "{\"prompt\":\"a panda\",\"seed\":" + seed(drawn) + ",\"output_format\":\"png\"}");

        assertThat(seed(fixed)).isEqualTo(seed(drawn));
        assertThat(fixed.body()).isEqualTo(drawn.body());
    }

    private static HttpResponse<byte[]> generate(ProviderEmulator.Builder builder, String json) {
        try (ProviderEmulator emu = builder.start()) {
            HttpResponse<byte[]> r = postJson(emu.baseUrl("segmind") + "/v1/hidream-l1-fast", json,
                    "x-api-key", emu.apiKey());
            assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
            return r;
        }
    }

    private static long seed(HttpResponse<byte[]> r) {
        return Long.parseLong(r.headers().firstValue("x-seed-value").orElseThrow());
    }
}
