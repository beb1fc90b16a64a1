package dev.imagegen.it;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.RetryPolicy;
import dev.imagegen.it.logging.CapturedLogs;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.TestImages;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.ProviderEmulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emulators shared by the integration tests (one per emulator setting, started once per JVM, daemon threads),
 * with an API key that is easy to spot in any output, and the client wiring every test uses.
 */
final class Emulators {

    /** A key no output may contain; the Bearer value and the bare key are both forbidden in logs. */
    static final String API_KEY = "sk-it-7f3a9c1e5b2d4f60a8c7e9d1b3f5a7c9";

    private static final Map<Boolean, ProviderEmulator> BY_LUMOZ_ASYNC = new ConcurrentHashMap<>();

    static {
        CapturedLogs.forbid(API_KEY, "Bearer " + API_KEY);
    }

    private Emulators() {
    }

    static synchronized ProviderEmulator forProfile(Profile p) {
        return BY_LUMOZ_ASYNC.computeIfAbsent(p.lumozAsync(), async -> {
            ProviderEmulator.Builder b = ProviderEmulator.builder().apiKey(API_KEY).segmindCredits(1e9)
                    // small real PNGs: rendering 1024x1024 images is not what these tests measure
                    .fixedImage(TestImages.png(32, 32), "image/png");
            p.configure(b);
            return b.start();
        });
    }

    /** A client for {@code p} on its emulator: fake time, no jitter, events to {@code listener}. */
    static ImageClient.Builder client(Profile p, FakeTime time, ImageEventListener listener) {
        ImageClient.Builder b = EmulatorClients.builder(forProfile(p))
                .retryPolicy(RetryPolicy.defaults().withJitter(false))
                .sleeper(time).clock(time).listener(listener);
        p.options().forEach((k, v) -> b.providerOption(p.providerId(), k, v));
        return b;
    }
}
