package dev.imagegen.testkit;

import dev.imagegen.ImageClient;
import dev.imagegen.spi.ImageProviderFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.ServiceLoader;

/**
 * Wires an {@link ImageClient} to a {@link ProviderEmulator}: every provider module on the class path (module path)
 * that the emulator serves gets the emulator's API key and base URL.
 *
 * <pre>{@code
 * try (ProviderEmulator emu = ProviderEmulator.start();
 *      ImageClient client = EmulatorClients.builder(emu).build()) {
 *     ImageResult r = client.generate(ImageRequest.builder().model("hidream-i1-fast").prompt("a fox").build());
 * }
 * }</pre>
 *
 * <p>The builder reads neither the process environment nor {@code imagegen.*} system properties, so a real
 * {@code SEGMIND_API_KEY} or {@code SEGMIND_BASE_URL} on the machine can never send a test to the real vendor. Every
 * setting is the client's default except the poll interval, which starts at {@value #POLL_INITIAL_MILLIS} ms and grows to
 * at most {@value #POLL_MAX_MILLIS} ms (instead of 500 ms to 5 s), because polling a loopback emulator costs nothing and
 * tests should not wait. Everything can still be changed on the returned builder (timeouts, retry policy, poll
 * interval, {@code providerOption(..)}, ...).
 */
public final class EmulatorClients {

    /** The first poll interval of clients from {@link #builder(ProviderEmulator)}, in milliseconds. */
    public static final long POLL_INITIAL_MILLIS = 50;

    /** The largest poll interval of clients from {@link #builder(ProviderEmulator)}, in milliseconds. */
    public static final long POLL_MAX_MILLIS = 500;

    private EmulatorClients() {
    }

    /**
     * An {@link ImageClient.Builder} whose providers all talk to {@code emulator}: for each provider found with
     * {@link ServiceLoader} whose id the emulator serves, {@code apiKey(id, emulator.apiKey())} and
     * {@code baseUrl(id, emulator.baseUrl(id))}; environment and system properties are replaced by empty ones; the
     * poll interval is {@value #POLL_INITIAL_MILLIS} ms growing to {@value #POLL_MAX_MILLIS} ms.
     *
     * @param emulator a started emulator; the client must not outlive it
     * @return a builder; call {@code build()} on it
     */
    public static ImageClient.Builder builder(ProviderEmulator emulator) {
        Objects.requireNonNull(emulator, "emulator");
        ImageClient.Builder builder = ImageClient.builder()
                .environment(Map.of())
                .systemProperties(new Properties())
                .pollInterval(Duration.ofMillis(POLL_INITIAL_MILLIS), Duration.ofMillis(POLL_MAX_MILLIS));
        for (String id : providerIds(emulator)) {
            builder.apiKey(id, emulator.apiKey()).baseUrl(id, emulator.baseUrl(id));
        }
        // the emulator signs its webhooks: clients check them with the emulator's secret and key, as with the vendor's
        builder.webhookSecret("wavespeed", emulator.wavespeedWebhookSecret());
        if (providerIds(emulator).contains("fal")) {
            builder.providerOption("fal", "webhookKeysUrl", emulator.falWebhookKeysUrl());
        }
        return builder;
    }

    /**
     * A client built by {@link #builder(ProviderEmulator)} with the defaults; close it before the emulator.
     *
     * @param emulator a started emulator
     * @return a new client
     */
    public static ImageClient client(ProviderEmulator emulator) {
        return builder(emulator).build();
    }

    /**
     * The ids of the providers on the class path that {@code emulator} serves, in service-loader order.
     *
     * @param emulator an emulator
     * @return e.g. {@code [lumoz, segmind, wavespeed, lumenfall]}; empty when no provider module is present
     */
    public static List<String> providerIds(ProviderEmulator emulator) {
        Objects.requireNonNull(emulator, "emulator");
        List<String> ids = new ArrayList<>();
        // The same loader ImageClient uses, so both see the same providers.
        ServiceLoader<ImageProviderFactory> loader =
                ServiceLoader.load(ImageProviderFactory.class, ImageClient.class.getClassLoader());
        for (ImageProviderFactory factory : loader) {
            String id = factory.id();
            if (!ids.contains(id) && serves(emulator, id)) {
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }

    private static boolean serves(ProviderEmulator emulator, String id) {
        try {
            emulator.baseUrl(id);
            return true;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }
}
