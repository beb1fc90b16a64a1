package dev.imagegen.testing;

import dev.imagegen.ImageClient;
import dev.imagegen.RetryPolicy;
import dev.imagegen.spi.ImageProviderFactory;

import java.time.Duration;
import java.util.Map;

/**
 * The client a provider's tests talk to a MockWebServer with: that provider only (no discovery, no environment), the
 * given key and base URL, retries without jitter, fake time, polls every 100 to 400 ms, a 5 minute deadline. Tests
 * adjust the returned builder (options, listener, timeouts) and build it.
 */
public final class ProviderTestClient {

    private ProviderTestClient() {
    }

    /** A builder for {@code factory}'s provider alone, at {@code baseUrl}, on {@code time}. */
    public static ImageClient.Builder builder(ImageProviderFactory factory, String key, String baseUrl, FakeTime time) {
        return ImageClient.builder()
                .discoverProviders(false)
                .addProvider(factory)
                .environment(Map.of())
                .apiKey(factory.id(), key)
                .baseUrl(factory.id(), baseUrl)
                .retryPolicy(RetryPolicy.defaults().withJitter(false))
                .sleeper(time)
                .clock(time)
                .pollInterval(Duration.ofMillis(100), Duration.ofMillis(400))
                .timeout(Duration.ofMinutes(5));
    }

    /** {@link #builder} with provider options. */
    public static ImageClient.Builder builder(ImageProviderFactory factory, String key, String baseUrl, FakeTime time,
                                              Map<String, String> options) {
        ImageClient.Builder b = builder(factory, key, baseUrl, time);
        options.forEach((k, v) -> b.providerOption(factory.id(), k, v));
        return b;
    }
}
