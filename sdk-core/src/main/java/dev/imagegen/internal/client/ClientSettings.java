package dev.imagegen.internal.client;

import dev.imagegen.Budget;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ProviderLimits;
import dev.imagegen.RetryPolicy;
import dev.imagegen.RoutingPolicy;
import dev.imagegen.Sleeper;
import dev.imagegen.spi.ImageProviderFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;

/**
 * Everything {@code ImageClient.Builder} collects, with the defaults, as {@link ClientFactory} reads it. Each value is
 * checked as it is set: by the builder, or by the setters here that it calls. Not thread-safe (like the builder).
 */
public final class ClientSettings {

    public final List<ImageProviderFactory> factories = new ArrayList<>();
    public boolean serviceLoader = true;
    public final Map<String, String> apiKeys = new LinkedHashMap<>();
    public final Map<String, String> baseUrls = new LinkedHashMap<>();
    public final Map<String, Map<String, String>> options = new LinkedHashMap<>();
    public final Map<String, String> webhookSecrets = new LinkedHashMap<>();
    public final List<String> preference = new ArrayList<>();
    public Function<String, String> env = new Function<>() { // System::getenv; a class: no lambda spun on a fresh JVM
        @Override
        public String apply(String name) {
            return System.getenv(name);
        }
    };
    /** Null: {@link System#getProperties()}. */
    public Properties systemProperties;
    public boolean allowInsecureDownloads;
    public Duration connectTimeout = Duration.ofSeconds(10);
    public Duration readTimeout = Duration.ofSeconds(120);
    public Duration timeout = Duration.ofMinutes(10);
    public Duration downloadTimeout = Duration.ofMinutes(2);
    public Duration pollInitial = Duration.ofMillis(500);
    public Duration pollMax = Duration.ofSeconds(5);
    public int maxConcurrency = 64;
    public int maxConcurrentSplits = 4;
    public long maxBodyBytes = 64L * 1024 * 1024;
    public RetryPolicy retryPolicy = RetryPolicy.defaults();
    public Sleeper sleeper = Sleeper.SYSTEM;
    public Clock clock = Clock.systemUTC();
    public ImageEventListener listener = ImageEventListener.NONE;
    /** Null: preference order. */
    public RoutingPolicy routing;
    public final Map<String, ProviderLimits> limits = new LinkedHashMap<>();
    public final Map<String, Long> inputImageLimits = new LinkedHashMap<>();
    /** Per provider, per canonical model id: the price formula replacing the catalog's. */
    public final Map<String, Map<String, dev.imagegen.PriceFormula>> prices = new LinkedHashMap<>();
    /** Null: none. */
    public Budget budget;
    /** Null: this client's own memory ({@link dev.imagegen.internal.InProcessStore}). */
    public dev.imagegen.spi.SharedStore store;
    public ClassLoader loader = ClientSettings.class.getClassLoader();
    public dev.imagegen.HttpOptions http = dev.imagegen.HttpOptions.defaults();

    // The setters return this settings object, so that the client builder applies each one as an argument
    // expression rather than through a lambda (which a fresh JVM would spin while building a client).

    /** Sets the poll intervals, each positive and {@code max >= initial}; else an {@link IllegalArgumentException}. */
    public ClientSettings pollInterval(Duration initial, Duration max) {
        pollInitial = positive(initial, "pollInterval initial");
        pollMax = positive(max, "pollInterval max");
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("pollInterval: max must be >= initial");
        }
        return this;
    }

    /** Replaces the preferred providers; null ids are refused (after the old ones are cleared, as always). */
    public ClientSettings prefer(String... providerIds) {
        preference.clear();
        preference.addAll(List.of(providerIds));
        return this;
    }

    /** Sets one provider's webhook secret; null arguments are refused. */
    public ClientSettings webhookSecret(String providerId, String secret) {
        webhookSecrets.put(Objects.requireNonNull(providerId, "providerId"), Objects.requireNonNull(secret, "secret"));
        return this;
    }

    /** Sets one provider's limits; null arguments are refused. */
    public ClientSettings providerLimits(String providerId, ProviderLimits providerLimits) {
        limits.put(Objects.requireNonNull(providerId, "providerId"), Objects.requireNonNull(providerLimits, "limits"));
        return this;
    }

    /** Sets one provider's largest input image, at least 1 byte; a null id is refused. */
    public ClientSettings inputImageLimit(String providerId, long bytes) {
        inputImageLimits.put(Objects.requireNonNull(providerId, "providerId"), atLeast(bytes, 1, "maxInputImageBytes"));
        return this;
    }

    /** Sets one model's price, replacing the catalog's; null arguments are refused. */
    public ClientSettings price(String providerId, String modelId, dev.imagegen.PriceFormula price) {
        Map<String, dev.imagegen.PriceFormula> m = prices.get(Objects.requireNonNull(providerId, "providerId"));
        if (m == null) { // not computeIfAbsent: no lambda to spin while a fresh JVM builds a client
            m = new LinkedHashMap<>();
            prices.put(providerId, m);
        }
        m.put(Objects.requireNonNull(modelId, "modelId"), Objects.requireNonNull(price, "price"));
        return this;
    }

    /** Sets one provider option; the name and value are taken as given. */
    public ClientSettings option(String providerId, String name, String value) {
        Map<String, String> m = options.get(providerId);
        if (m == null) { // not computeIfAbsent: no lambda to spin while a fresh JVM builds a client
            m = new LinkedHashMap<>();
            options.put(providerId, m);
        }
        m.put(name, value);
        return this;
    }

    /** {@code d}, when positive; else an {@link IllegalArgumentException} naming {@code name}. */
    public static Duration positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
    }

    /** {@code n}, when at least {@code min}; else an {@link IllegalArgumentException} naming {@code name}. */
    public static int atLeast(int n, int min, String name) {
        return (int) atLeast((long) n, min, name);
    }

    /** {@code n}, when at least {@code min}; else an {@link IllegalArgumentException} naming {@code name}. */
    public static long atLeast(long n, long min, String name) {
        if (n < min) {
            throw new IllegalArgumentException(name + " must be >= " + min);
        }
        return n;
    }
}
