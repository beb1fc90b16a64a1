package dev.imagegen.internal.client;

import dev.imagegen.ModelInfo;
import dev.imagegen.internal.http.HttpTransport;
import dev.imagegen.internal.http.Target;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.spi.ProviderConfig;
import okhttp3.HttpUrl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Builds an {@link Engine} from the client builder's settings: resolves each provider's key, base URL and options
 * (builder, then system property {@code imagegen.<id>.<name>}, then environment {@code <PREFIX>_<NAME>}), creates the
 * providers, the transport and the one shared scheduler.
 */
public final class EngineFactory {

    /** What the public builder collected. */
    public record Input(List<ImageProviderFactory> explicitFactories, boolean serviceLoader, ClassLoader loader,
                        Map<String, String> apiKeys, Map<String, String> baseUrls, Map<String, Map<String, String>> options,
                        List<String> preference, Function<String, String> env, Properties systemProperties,
                        boolean allowInsecureDownloads, HttpTransport.Settings transport, Engine.Settings engine) {
    }

    private static final AtomicInteger SCHEDULERS = new AtomicInteger();

    private EngineFactory() {
    }

    /** Builds the engine. */
    public static Engine create(Input in) {
        List<ImageProviderFactory> factories = ProviderRegistry.discover(in.loader(), in.explicitFactories(), in.serviceLoader());
        for (String id : in.apiKeys().keySet()) {
            if (factories.stream().noneMatch(f -> f.id().equals(id))) {
                throw new IllegalArgumentException("apiKey given for provider '" + id + "', but no such provider is on the class path; known: "
                        + factories.stream().map(ImageProviderFactory::id).toList());
            }
        }
        for (String id : in.engine().limits().keySet()) {
            if (factories.stream().noneMatch(f -> f.id().equals(id))) {
                throw new IllegalArgumentException("providerLimits given for provider '" + id + "', but no such provider is on the class path; known: "
                        + factories.stream().map(ImageProviderFactory::id).toList());
            }
        }
        List<ConfiguredProvider> configured = new ArrayList<>();
        List<String> unconfigured = new ArrayList<>();
        for (ImageProviderFactory f : factories) {
            String id = f.id();
            String prefix = f.envPrefix();
            String key = firstNonBlank(in.apiKeys().get(id), in.systemProperties().getProperty("imagegen." + id + ".apiKey"),
                    in.env().apply(prefix + "_API_KEY"));
            if (key == null) {
                unconfigured.add(id);
                continue;
            }
            String base = firstNonBlank(in.baseUrls().get(id), in.systemProperties().getProperty("imagegen." + id + ".baseUrl"),
                    in.env().apply(prefix + "_BASE_URL"), f.defaultBaseUrl());
            HttpUrl baseUrl = HttpUrl.parse(base);
            if (baseUrl == null) {
                throw new IllegalArgumentException("baseUrl for provider '" + id + "' is not an http(s) URL: " + base);
            }
            Map<String, String> opts = new LinkedHashMap<>(envOptions(prefix, in.env()));
            String propPrefix = "imagegen." + id + ".";
            for (String name : in.systemProperties().stringPropertyNames()) {
                if (name.startsWith(propPrefix) && !name.equals(propPrefix + "apiKey") && !name.equals(propPrefix + "baseUrl")) {
                    opts.put(name.substring(propPrefix.length()), in.systemProperties().getProperty(name));
                }
            }
            opts.putAll(in.options().getOrDefault(id, Map.of()));
            ProviderConfig config = new ProviderConfig(id, base, opts);
            ImageProvider provider;
            try {
                provider = f.create(config);
            } catch (RuntimeException e) {
                throw new IllegalStateException("image provider factory " + f.getClass().getName() + " failed to create provider '"
                        + id + "': " + e.getMessage(), e);
            }
            boolean loopbackApi = baseUrl.host().equals("localhost") || baseUrl.host().startsWith("127.") || baseUrl.host().equals("::1");
            Target target = new Target(id, baseUrl, f.authScheme().headerName(), f.authScheme().headerValue(key),
                    loopbackApi || in.allowInsecureDownloads());
            List<ModelInfo> models = List.copyOf(f.models());
            configured.add(new ConfiguredProvider(f, provider, config, target, models));
        }
        if (!in.preference().isEmpty()) {
            configured.sort((a, b) -> Integer.compare(rank(in.preference(), a.id()), rank(in.preference(), b.id())));
        }
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "imagegen-scheduler-" + SCHEDULERS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        HttpTransport transport = new HttpTransport(in.transport(), scheduler);
        return new Engine(configured, unconfigured, transport, scheduler, in.engine());
    }

    private static int rank(List<String> pref, String id) {
        int i = pref.indexOf(id);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    /** {@code LUMOZ_CHECK_PATH} becomes option {@code checkPath}. */
    private static Map<String, String> envOptions(String prefix, Function<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        if (env instanceof EnvMap m) {
            m.all().forEach((k, v) -> addEnvOption(prefix, out, k, v));
        } else {
            System.getenv().forEach((k, v) -> addEnvOption(prefix, out, k, env.apply(k)));
        }
        return out;
    }

    private static void addEnvOption(String prefix, Map<String, String> out, String k, String v) {
        if (v == null || !k.startsWith(prefix + "_") || k.equals(prefix + "_API_KEY") || k.equals(prefix + "_BASE_URL")) {
            return;
        }
        String[] parts = k.substring(prefix.length() + 1).toLowerCase(Locale.ROOT).split("_");
        StringBuilder sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].isEmpty()) {
                sb.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
            }
        }
        out.put(sb.toString(), v);
    }

    /** An environment given as a map (tests), so its variables can be listed. */
    public record EnvMap(Map<String, String> all) implements Function<String, String> {
        @Override
        public String apply(String name) {
            return all.get(name);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
