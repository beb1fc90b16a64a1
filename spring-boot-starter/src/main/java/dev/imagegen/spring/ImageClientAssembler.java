package dev.imagegen.spring;

import dev.imagegen.Budget;
import dev.imagegen.HttpOptions;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.PriceFormula;
import dev.imagegen.ProviderLimits;
import dev.imagegen.RetryPolicy;
import dev.imagegen.RoutingPolicy;
import dev.imagegen.spi.ImageProviderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Applies {@link ImagegenProperties} to an {@link ImageClient.Builder}: only what is set, so everything else keeps the
 * SDK's default (or the emulator builder's). A value the builder refuses fails startup naming the property.
 */
final class ImageClientAssembler {

    private static final Logger LOG = LoggerFactory.getLogger("dev.imagegen.spring");

    // the core's poll interval defaults, used only to complete a poll-interval of which one end is set
    private static final Duration POLL_INITIAL = Duration.ofMillis(500);
    private static final Duration POLL_MAX = Duration.ofSeconds(5);

    private final ImagegenProperties p;
    private final Map<String, ImageProviderFactory> onClassPath;

    ImageClientAssembler(ImagegenProperties properties, Map<String, ImageProviderFactory> onClassPath) {
        this.p = properties;
        this.onClassPath = onClassPath;
    }

    /**
     * Builds the client.
     *
     * @param base         where the builder comes from (the SDK's, or the emulator's)
     * @param routing      a routing policy bean, or null
     * @param http         an HttpOptions bean, or null
     * @param sslBundles   Spring Boot's SSL bundles (null inside when there are none)
     * @param listeners    the listener beans, in order
     * @param customizers  the customizer beans, in order
     */
    ImageClient build(ImageClientBuilderSupplier base, RoutingPolicy routing, HttpOptions http, Supplier<SslBundles> sslBundles,
                      List<ImageEventListener> listeners, List<ImageClientBuilderCustomizer> customizers) {
        ImageClient.Builder b = base.newBuilder();
        List<String> ignored = new ArrayList<>();
        applyProviders(b, base.emulated(), ignored);
        applyClientSettings(b, routing);
        if (base.emulated()) {
            addIf(ignored, p.getHttp().getProxy().getHost(), "imagegen.http.proxy.host");
            addIf(ignored, p.getHttp().getProxy().getUsername(), "imagegen.http.proxy.username");
        }
        HttpOptions options = HttpOptionsAssembler.build(p.getHttp(), http, sslBundles, !base.emulated());
        if (options != null) {
            b.http(options);
        }
        if (!ignored.isEmpty()) {
            LOG.warn("imagegen.emulator.enabled=true: every provider talks to the emulator on loopback with its key, "
                    + "so {} {} ignored", ignored, ignored.size() == 1 ? "is" : "are");
        }
        if (!p.isReadSystemEnvironment() && !base.emulated()) {
            b.environment(Map.of()).systemProperties(new Properties());
        }
        if (listeners.size() == 1) {
            b.listener(listeners.get(0));
        } else if (!listeners.isEmpty()) {
            b.listener(ImageEventListener.composite(listeners.toArray(ImageEventListener[]::new)));
        }
        customizers.forEach(c -> c.customize(b));
        return b.build();
    }

    private void applyProviders(ImageClient.Builder b, boolean emulated, List<String> ignored) {
        p.getProviders().forEach((id, provider) -> {
            String prefix = "imagegen.providers." + id;
            ImageProviderFactory factory = onClassPath.get(id);
            if (factory == null && !Boolean.FALSE.equals(p.getDiscoverProviders())) {
                throw new InvalidConfigurationPropertyValueException(prefix, id, "no provider '" + id
                        + "' is on the class path (add dev.imagegen:imagegen-provider-" + id
                        + " or fix the id); the providers found are " + new TreeSet<>(onClassPath.keySet()));
            }
            if (emulated) {
                addIf(ignored, provider.getApiKey(), prefix + ".api-key");
                addIf(ignored, provider.getBaseUrl(), prefix + ".base-url");
                addIf(ignored, provider.getWebhookSecret(), prefix + ".webhook-secret");
            } else {
                if (provider.getApiKey() != null && !provider.getApiKey().isBlank()) {
                    b.apiKey(id, provider.getApiKey());
                }
                if (provider.getBaseUrl() != null && !provider.getBaseUrl().isBlank()) {
                    b.baseUrl(id, provider.getBaseUrl());
                }
                if (provider.getWebhookSecret() != null && !provider.getWebhookSecret().isBlank()) {
                    b.webhookSecret(id, provider.getWebhookSecret());
                }
            }
            provider.getOptions().forEach((name, value) -> b.providerOption(id, optionName(factory, name), value));
            if (provider.getMaxInputImageSize() != null) {
                apply(prefix + ".max-input-image-size", provider.getMaxInputImageSize(),
                        size -> b.maxInputImageBytes(id, size.toBytes()));
            }
            ProviderLimits limits = limits(prefix + ".limits", provider.getLimits());
            if (limits != null) {
                b.providerLimits(id, limits);
            }
            provider.getPrices().forEach((model, price) -> b.price(id, model, price(prefix + ".prices." + model, price)));
        });
    }

    private void applyClientSettings(ImageClient.Builder b, RoutingPolicy routingBean) {
        if (!p.getPreferProviders().isEmpty()) {
            b.preferProviders(p.getPreferProviders().toArray(String[]::new));
        }
        if (routingBean != null) {
            b.routing(routingBean);
        } else if (p.getRouting() != null) {
            b.routing(switch (p.getRouting()) {
                case PREFERENCE_ORDER -> RoutingPolicy.preferenceOrder();
                case CHEAPEST -> RoutingPolicy.cheapest();
            });
        }
        apply("imagegen.timeout", p.getTimeout(), b::timeout);
        apply("imagegen.connect-timeout", p.getConnectTimeout(), b::connectTimeout);
        apply("imagegen.read-timeout", p.getReadTimeout(), b::readTimeout);
        apply("imagegen.download-timeout", p.getDownloadTimeout(), b::downloadTimeout);
        ImagegenProperties.PollInterval poll = p.getPollInterval();
        if (poll.getInitial() != null || poll.getMax() != null) {
            Duration initial = poll.getInitial() != null ? poll.getInitial() : min(POLL_INITIAL, poll.getMax());
            Duration max = poll.getMax() != null ? poll.getMax() : max(POLL_MAX, poll.getInitial());
            apply("imagegen.poll-interval", initial + " to " + max, v -> b.pollInterval(initial, max));
        }
        RetryPolicy retry = retry(p.getRetry());
        if (retry != null) {
            b.retryPolicy(retry);
        }
        apply("imagegen.max-concurrency", p.getMaxConcurrency(), b::maxConcurrency);
        apply("imagegen.max-concurrent-splits", p.getMaxConcurrentSplits(), b::maxConcurrentSplits);
        apply("imagegen.max-body-size", p.getMaxBodySize(), size -> b.maxBodyBytes(size.toBytes()));
        apply("imagegen.allow-insecure-downloads", p.getAllowInsecureDownloads(), b::allowInsecureDownloads);
        apply("imagegen.discover-providers", p.getDiscoverProviders(), b::discoverProviders);
        ImagegenProperties.Budget budget = p.getBudget();
        if (budget.getLimitUsd() != null) {
            apply("imagegen.budget", budget.getLimitUsd() + " USD per " + budget.getPeriod(),
                    v -> b.budget(Budget.of(budget.getLimitUsd(), budget.getPeriod())));
        }
    }

    private static RetryPolicy retry(ImagegenProperties.Retry r) {
        if (r.getMaxRetries() == null && r.getInitialDelay() == null && r.getMaxDelay() == null
                && r.getMaxRetryAfter() == null && r.getJitter() == null) {
            return null;
        }
        RetryPolicy d = RetryPolicy.defaults();
        return checked("imagegen.retry", "max-retries=" + r.getMaxRetries(), () -> new RetryPolicy(
                or(r.getMaxRetries(), d.maxRetries()), or(r.getInitialDelay(), d.initialDelay()), or(r.getMaxDelay(), d.maxDelay()),
                or(r.getMaxRetryAfter(), d.maxRetryAfter()), or(r.getJitter(), d.jitter())));
    }

    private static ProviderLimits limits(String prefix, ImagegenProperties.Limits l) {
        ImagegenProperties.CircuitBreaker c = l.getCircuitBreaker();
        if (l.getMaxConcurrent() == null && l.getRequestsPerMinute() == null && c.getEnabled() == null
                && c.getFailureRate() == null && c.getWindow() == null && c.getMinimumCalls() == null && c.getCoolDown() == null) {
            return null;
        }
        ProviderLimits d = ProviderLimits.defaults();
        return checked(prefix, "max-concurrent=" + l.getMaxConcurrent() + ", requests-per-minute=" + l.getRequestsPerMinute()
                + ", circuit-breaker.failure-rate=" + c.getFailureRate() + ", .window=" + c.getWindow()
                + ", .minimum-calls=" + c.getMinimumCalls() + ", .cool-down=" + c.getCoolDown(), () -> {
            ProviderLimits x = d.withMaxConcurrent(or(l.getMaxConcurrent(), d.maxConcurrent()))
                    .withRequestsPerMinute(or(l.getRequestsPerMinute(), d.requestsPerMinute()));
            return Boolean.FALSE.equals(c.getEnabled()) ? x.withoutCircuitBreaker()
                    : x.withCircuitBreaker(or(c.getFailureRate(), d.circuitFailureRate()), or(c.getWindow(), d.circuitWindow()),
                    or(c.getMinimumCalls(), d.circuitMinimumCalls()), or(c.getCoolDown(), d.circuitCoolDown()));
        });
    }

    private static PriceFormula price(String prefix, ImagegenProperties.Price price) {
        if (price.getUnit() == null || price.getRateUsd() == null) {
            throw new InvalidConfigurationPropertyValueException(prefix, null,
                    "a price needs both .unit (per-image, per-second, per-megapixel) and .rate-usd");
        }
        if (price.getUnit() == PriceFormula.Unit.PER_SECOND && price.getTypicalDuration() == null) {
            throw new InvalidConfigurationPropertyValueException(prefix + ".typical-duration", null,
                    "a per-second price needs the generation time to assume before the real one is known");
        }
        return checked(prefix, price.getUnit() + " " + price.getRateUsd(),
                () -> new PriceFormula(price.getUnit(), price.getRateUsd(), price.getTypicalDuration()));
    }

    /**
     * The provider's own spelling of an option: properties may be written kebab-case ({@code check-path}), and
     * environment variables bind lower-case ({@code checkpath}), while the SDK's options are camelCase
     * ({@code checkPath}). An unknown name is passed on as written, so the SDK refuses it with the provider's list.
     */
    private static String optionName(ImageProviderFactory factory, String name) {
        if (factory == null) {
            return name;
        }
        String wanted = squash(name);
        return factory.optionNames().stream().filter(o -> squash(o).equals(wanted)).findFirst().orElse(name);
    }

    private static String squash(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static <T> void apply(String property, T value, Consumer<T> setter) {
        if (value != null) {
            checked(property, value, () -> {
                setter.accept(value);
                return value;
            });
        }
    }

    /** What {@code make} returns; an IllegalArgumentException from it fails startup naming the property and value. */
    private static <T> T checked(String property, Object value, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
        }
    }

    private static void addIf(List<String> names, String value, String name) {
        if (value != null && !value.isBlank()) {
            names.add(name);
        }
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
