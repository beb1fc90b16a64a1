package dev.imagegen.examples;

import dev.imagegen.ImageClient;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.ProviderEmulator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;

/**
 * What every example starts with: an {@link ImageClient} that talks to the real vendor when its API key is set
 * ({@code SEGMIND_API_KEY}, {@code FAL_KEY}, ...), and otherwise to a {@link ProviderEmulator} started on loopback, so each example
 * runs from an IDE with no arguments and no account. It prints in one line which it chose.
 *
 * <p>Per provider: with its key variable ({@code <ID>_API_KEY}, or what the provider names, e.g. {@code FAL_KEY} or
 * {@code FAL_API_KEY} for fal) in the environment the real API is used, configured the way
 * {@link ImageClient#fromEnv()} would ({@code <ID>_BASE_URL} overrides the host, {@code <ID>_<OPTION>} sets options);
 * without it the provider is pointed at the emulator. Close the session to close the client and the emulator.
 */
public final class ExampleSession implements AutoCloseable {

    /** Every provider the examples know, in the order they are tried. */
    public static final List<String> ALL_PROVIDERS = List.of("segmind", "lumoz", "wavespeed", "lumenfall", "fal");

    private final Map<String, String> env;
    private final List<String> providers;
    private final List<String> emulated;
    private final ProviderEmulator emulator;
    private final UnaryOperator<ImageClient.Builder> customizer;
    private final ImageClient client;

    private ExampleSession(Map<String, String> env, List<String> providers, List<String> emulated,
                           ProviderEmulator emulator, UnaryOperator<ImageClient.Builder> customizer) {
        this.env = env;
        this.providers = providers;
        this.emulated = emulated;
        this.emulator = emulator;
        this.customizer = customizer;
        try {
            this.client = newClient();
        } catch (RuntimeException e) {
            if (emulator != null) {
                emulator.close();
            }
            throw e;
        }
    }

    /**
     * Opens a session for the given providers with default client and emulator settings.
     *
     * @param env       the environment to read {@code <ID>_API_KEY} and friends from ({@code System.getenv()})
     * @param out       where the one line saying real API or emulator goes
     * @param providers the provider ids the example uses
     */
    public static ExampleSession open(Map<String, String> env, PrintStream out, String... providers) {
        return open(env, out, Duration.ZERO, UnaryOperator.identity(), providers);
    }

    /**
     * Opens a session.
     *
     * @param env                 the environment ({@code System.getenv()}, or a map in tests)
     * @param out                 where the one line saying real API or emulator goes
     * @param emulatorProcessing  how long each generation takes on the emulator (zero: at once)
     * @param customizer          changes to the client builder (timeouts, listener, ...), applied to every client
     * @param providers           the provider ids the example uses
     */
    public static ExampleSession open(Map<String, String> env, PrintStream out, Duration emulatorProcessing,
                                      UnaryOperator<ImageClient.Builder> customizer, String... providers) {
        Objects.requireNonNull(env, "env");
        List<String> real = new ArrayList<>();
        List<String> emulated = new ArrayList<>();
        for (String id : providers) {
            (hasKey(env, id) ? real : emulated).add(id);
        }
        ProviderEmulator emulator = emulated.isEmpty() ? null
                : ProviderEmulator.builder().processingTime(emulatorProcessing).start();
        ExampleSession session = new ExampleSession(Map.copyOf(env), List.of(providers), List.copyOf(emulated), emulator,
                customizer);
        out.println(session.describe());
        return session;
    }

    /**
     * Opens a session on the emulator only, whatever keys are set (for examples that inject faults).
     *
     * @param out        where the one line goes
     * @param customizer changes to the client builder
     */
    public static ExampleSession emulatorOnly(PrintStream out, UnaryOperator<ImageClient.Builder> customizer) {
        ProviderEmulator emulator = ProviderEmulator.start();
        ExampleSession session = new ExampleSession(Map.of(), ALL_PROVIDERS, ALL_PROVIDERS, emulator, customizer);
        out.println("Using the local provider emulator at " + emulator.uri()
                + " whatever keys are set (nothing is billed).");
        return session;
    }

    /** Whether one of the provider's key variables ({@link #keyVariables}) is set (not blank) in {@code env}. */
    public static boolean hasKey(Map<String, String> env, String providerId) {
        return keyVariables(providerId).stream().map(env::get).anyMatch(key -> key != null && !key.isBlank());
    }

    /** The first of the provider's key variables: {@code SEGMIND_API_KEY} for {@code segmind}, {@code FAL_KEY} for fal. */
    public static String keyVariable(String providerId) {
        return keyVariables(providerId).get(0);
    }

    /**
     * The environment variables the provider reads its key from, as its factory names them (fal: {@code FAL_KEY},
     * then {@code FAL_API_KEY}); {@code <ID>_API_KEY} for a provider that is not on the class path.
     */
    public static List<String> keyVariables(String providerId) {
        for (ImageProviderFactory f : ServiceLoader.load(ImageProviderFactory.class, ImageClient.class.getClassLoader())) {
            if (f.id().equals(providerId)) {
                return f.apiKeyVariables();
            }
        }
        return List.of(providerId.toUpperCase(Locale.ROOT).replace('-', '_') + "_API_KEY");
    }

    /** The client; owned by this session. */
    public ImageClient client() {
        return client;
    }

    /** The emulator, when at least one provider runs on it. */
    public Optional<ProviderEmulator> emulator() {
        return Optional.ofNullable(emulator);
    }

    /** Whether {@code providerId} is served by the emulator rather than the real vendor. */
    public boolean isEmulated(String providerId) {
        return emulated.contains(providerId);
    }

    /**
     * A second, independent client with the same configuration (e.g. to show that a job ref can be resumed by
     * another process). The caller closes it.
     */
    public ImageClient newClient() {
        ImageClient.Builder builder;
        if (emulator != null && realProviders().isEmpty()) {
            // Emulator only: ignore the environment entirely, so nothing can reach a real vendor.
            builder = EmulatorClients.builder(emulator);
        } else {
            // Real providers read key, base URL and options from the environment, like ImageClient.fromEnv().
            builder = ImageClient.builder().environment(env);
            for (String id : emulated) {
                builder.apiKey(id, emulator.apiKey()).baseUrl(id, emulator.baseUrl(id));
            }
        }
        return customizer.apply(builder).build();
    }

    private List<String> realProviders() {
        List<String> real = new ArrayList<>();
        for (String id : providers) {
            if (!emulated.contains(id)) {
                real.add(id);
            }
        }
        return real;
    }

    /** The line printed when the session opens. */
    String describe() {
        List<String> real = realProviders();
        if (emulator == null) {
            return "Using the real API of " + String.join(", ", real) + " (API key from the environment).";
        }
        String where = "the local provider emulator at " + emulator.uri() + " (nothing is billed)";
        if (real.isEmpty()) {
            return (emulated.size() == 1 ? "No " + keyVariable(emulated.get(0)) + " set"
                    : "No API key set for " + String.join(", ", emulated)) + ": using " + where + ".";
        }
        return "Using the real API of " + String.join(", ", real) + "; " + String.join(", ", emulated)
                + " without a key: " + where + ".";
    }

    /** Closes the client, then the emulator. */
    @Override
    public void close() {
        try {
            client.close();
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
    }
}
