package dev.imagegen.internal.client;

import dev.imagegen.ImageEventListener;
import dev.imagegen.ModelInfo;
import dev.imagegen.PriceFormula;
import dev.imagegen.Sleeper;
import dev.imagegen.internal.ConfiguredProvider;
import dev.imagegen.internal.Redaction;
import dev.imagegen.internal.http.HttpPipeline;
import dev.imagegen.internal.http.Target;
import dev.imagegen.internal.op.ClientLifecycle;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.spi.ProviderConfig;
import okhttp3.HttpUrl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.time.Clock;
import java.util.Properties;
import java.util.function.Function;

/**
 * Builds a {@link ClientCore} from the client builder's settings: resolves each provider's key (builder, system
 * property {@code imagegen.<id>.apiKey}, then the factory's {@link ImageProviderFactory#apiKeyVariables()}), base URL
 * and options (builder, then system property {@code imagegen.<id>.<name>}, then environment {@code <PREFIX>_<NAME>}),
 * creates the providers, the lifecycle with its scheduler, and the pipeline.
 */
public final class ClientFactory {

    private ClientFactory() {
    }

    /** Builds the client's core. */
    public static ClientCore create(ClientSettings in) {
        dev.imagegen.internal.Logs.Early.begin();
        Properties props = in.systemProperties != null ? in.systemProperties : System.getProperties();
        List<ImageProviderFactory> factories = ProviderRegistry.discover(in.loader, List.copyOf(in.factories), in.serviceLoader);
        for (String id : in.apiKeys.keySet()) {
            if (!hasFactory(factories, id)) {
                throw new IllegalArgumentException("apiKey given for provider '" + id + "', but no such provider is on the class path; known: "
                        + factories.stream().map(ImageProviderFactory::id).toList());
            }
        }
        for (String id : in.limits.keySet()) {
            if (!hasFactory(factories, id)) {
                throw new IllegalArgumentException("providerLimits given for provider '" + id + "', but no such provider is on the class path; known: "
                        + factories.stream().map(ImageProviderFactory::id).toList());
            }
        }
        List<ConfiguredProvider> configured = new ArrayList<>();
        List<ImageProviderFactory> unconfigured = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        for (ImageProviderFactory f : factories) {
            String id = f.id();
            String prefix = String.valueOf(f.envPrefix());
            // String.concat, not +: each + shape bootstraps method handles on a fresh JVM's first build
            String propPrefix = "imagegen.".concat(id).concat(".");
            String key = firstNonBlank(in.apiKeys.get(id), props.getProperty(propPrefix.concat("apiKey")));
            key = key != null ? key : f.apiKeyFromEnvironment(in.env).orElse(null);
            if (key == null) {
                unconfigured.add(f);
                continue;
            }
            secrets.add(key);
            secrets.add(f.authScheme().value(key));
            String webhookSecret = firstNonBlank(in.webhookSecrets.get(id),
                    props.getProperty(propPrefix.concat("webhookSecret")), in.env.apply(prefix.concat("_WEBHOOK_SECRET")));
            if (webhookSecret != null) {
                secrets.add(webhookSecret);
            }
            String base = firstNonBlank(in.baseUrls.get(id), props.getProperty(propPrefix.concat("baseUrl")),
                    in.env.apply(prefix.concat("_BASE_URL")), f.defaultBaseUrl());
            HttpUrl baseUrl = HttpUrl.parse(base);
            if (baseUrl == null) {
                throw new IllegalArgumentException("baseUrl for provider '" + id + "' is not an http(s) URL: " + base);
            }
            Map<String, String> opts = new LinkedHashMap<>(envOptions(prefix, f.apiKeyVariables(), in.env));
            for (String name : props.stringPropertyNames()) {
                if (name.startsWith(propPrefix) && !name.equals(propPrefix.concat("apiKey")) && !name.equals(propPrefix.concat("baseUrl"))
                        && !name.equals(propPrefix.concat("webhookSecret"))) {
                    opts.put(name.substring(propPrefix.length()), props.getProperty(name));
                }
            }
            opts.putAll(in.options.getOrDefault(id, Map.of()));
            checkOptionNames(f, opts, in.options.getOrDefault(id, Map.of()).keySet(), props);
            ProviderConfig config = new ProviderConfig(id, base, opts);
            ImageProvider provider;
            try {
                provider = f.create(config);
            } catch (RuntimeException e) {
                throw new IllegalStateException("image provider factory " + f.getClass().getName() + " failed to create provider '"
                        + id + "': " + e.getMessage(), e);
            }
            boolean localApi = dev.imagegen.internal.http.LocalAddresses.isLocal(baseUrl.host());
            Target target = new Target(id, baseUrl, f.authScheme(), f.authScheme().value(key),
                    localApi || in.allowInsecureDownloads);
            List<ModelInfo> models = List.copyOf(f.models());
            Map<String, PriceFormula> prices = in.prices.getOrDefault(id, Map.of());
            for (String model : prices.keySet()) {
                if (models.stream().noneMatch(m -> m.id().equals(model))) {
                    throw new IllegalArgumentException("price given for model '" + model + "' of provider '" + id
                            + "', which it does not serve; its models: " + models.stream().map(ModelInfo::id).toList());
                }
            }
            configured.add(new ConfiguredProvider(f, provider, config, target, models, webhookSecret, Map.copyOf(prices)));
        }
        if (!in.preference.isEmpty()) {
            configured.sort((a, b) -> Integer.compare(rank(in.preference, a.id()), rank(in.preference, b.id())));
        }
        ClientLifecycle lifecycle = new ClientLifecycle(in.clock, in.sleeper);
        HttpPipeline pipeline = new HttpPipeline(new HttpPipeline.Settings(in.connectTimeout, in.readTimeout, in.maxConcurrency,
                in.maxBodyBytes, in.retryPolicy, in.clock, in.listener, in.http), lifecycle, Redaction.of(secrets));
        ClientCore.Settings core = new ClientCore.Settings(in.timeout, in.downloadTimeout, in.pollInitial, in.pollMax,
                in.maxConcurrentSplits, in.routing, Map.copyOf(in.limits), in.budget, Map.copyOf(in.inputImageLimits),
                in.store);
        return new ClientCore(new ProviderSet(configured, unconfigured), lifecycle, pipeline, core, in.listener, in.sleeper);
    }

    /**
     * Refuses an option the provider does not declare when it came from the builder or a system property; drops one
     * from the environment with a warning (other tools' variables may share the prefix).
     */
    private static void checkOptionNames(ImageProviderFactory f, Map<String, String> opts, java.util.Set<String> fromBuilder,
                                         Properties props) {
        java.util.Set<String> known = f.optionNames();
        if (known.isEmpty()) {
            return;
        }
        for (String name : List.copyOf(opts.keySet())) {
            if (known.contains(name)) {
                continue;
            }
            if (fromBuilder.contains(name) || props.getProperty("imagegen." + f.id() + "." + name) != null) {
                throw new IllegalArgumentException("provider option '" + name + "' is not an option of provider '" + f.id()
                        + "'; its options: " + new java.util.TreeSet<>(known));
            }
            dev.imagegen.internal.Logs.CONFIG.warn("ignoring environment variable {}_{}: '{}' is not an option of provider '{}' (its options: {})",
                    f.envPrefix(), name.replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT), name, f.id(),
                    new java.util.TreeSet<>(known));
            opts.remove(name);
        }
    }

    /** A loop, not a stream: this runs once per configured key while a client is built, in a JVM that may be fresh. */
    private static boolean hasFactory(List<ImageProviderFactory> factories, String id) {
        for (ImageProviderFactory f : factories) {
            if (f.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static int rank(List<String> pref, String id) {
        int i = pref.indexOf(id);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    /** {@code LUMOZ_CHECK_PATH} becomes option {@code checkPath}. */
    private static Map<String, String> envOptions(String prefix, List<String> keyVariables, Function<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        // loops, not forEach lambdas: this runs once per provider while a client is built, in a JVM that may be fresh
        if (env instanceof EnvMap m) {
            for (Map.Entry<String, String> e : m.all().entrySet()) {
                addEnvOption(prefix, keyVariables, out, e.getKey(), e.getValue());
            }
        } else {
            for (String k : System.getenv().keySet()) {
                addEnvOption(prefix, keyVariables, out, k, env.apply(k));
            }
        }
        return out;
    }

    /**
     * A variable that holds or looks like a credential is never an option: options show up in toString() and logs
     * (fal's FAL_KEY_SECRET would otherwise be option keySecret).
     */
    private static void addEnvOption(String prefix, List<String> keyVariables, Map<String, String> out, String k, String v) {
        if (v == null || !k.startsWith(prefix.concat("_")) || keyVariables.contains(k) || k.equals(prefix.concat("_BASE_URL"))
                || k.matches(".*_(KEY|KEY_ID|SECRET|TOKEN|PASSWORD|CREDENTIALS?)")) {
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
