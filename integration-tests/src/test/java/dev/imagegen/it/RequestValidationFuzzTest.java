package dev.imagegen.it;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes request validation through the whole client: every request either is rejected before anything is sent, or is
 * sent; only the SDK's typed exceptions may come out. Committed inputs under
 * {@code src/test/resources/dev/imagegen/it/RequestValidationFuzzTestInputs/requests/} run in every build;
 * {@code benchmarks/fuzz.sh} runs a campaign.
 */
class RequestValidationFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void requests(FuzzedDataProvider data) {
        // Jazzer's SSRF detector stays on: the only connection allowed is to the emulator on loopback
        try (SilentCloseable allowed = BugDetectors.allowNetworkConnections((host, port) -> port == Validation.EMULATOR.port()
                && (host.equals("127.0.0.1") || host.equals("localhost")))) {
            Validation.check(RandomRequests.next(RandomRequests.of(data)));
        }
    }
}
