package dev.imagegen.spring;

import dev.imagegen.Budget;
import dev.imagegen.ImageClient;
import dev.imagegen.PriceFormula;
import dev.imagegen.ProviderLimits;
import dev.imagegen.RetryPolicy;
import dev.imagegen.RoutingPolicy;
import dev.imagegen.internal.client.ClientFactory;
import dev.imagegen.internal.client.ClientSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each {@code imagegen.*} property reaches the builder setting it names, a property left unset leaves the SDK's
 * default, and a value the SDK refuses fails startup naming the property.
 */
class ImagegenPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ImagegenAutoConfiguration.class))
            .withPropertyValues("imagegen.read-system-environment=false")
            .withBean(BuilderProbe.class, BuilderProbe::new);

    @Test
    void unsetPropertiesLeaveEveryDefaultOfTheSdk() {
        ClientSettings defaults = new ClientSettings();
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ImageClient.class);
            ClientSettings s = context.getBean(BuilderProbe.class).settings();
            assertThat(s.timeout).isEqualTo(defaults.timeout);
            assertThat(s.connectTimeout).isEqualTo(defaults.connectTimeout);
            assertThat(s.readTimeout).isEqualTo(defaults.readTimeout);
            assertThat(s.downloadTimeout).isEqualTo(defaults.downloadTimeout);
            assertThat(s.pollInitial).isEqualTo(defaults.pollInitial);
            assertThat(s.pollMax).isEqualTo(defaults.pollMax);
            assertThat(s.retryPolicy).isEqualTo(defaults.retryPolicy);
            assertThat(s.maxConcurrency).isEqualTo(defaults.maxConcurrency);
            assertThat(s.maxConcurrentSplits).isEqualTo(defaults.maxConcurrentSplits);
            assertThat(s.maxBodyBytes).isEqualTo(defaults.maxBodyBytes);
            assertThat(s.allowInsecureDownloads).isEqualTo(defaults.allowInsecureDownloads);
            assertThat(s.serviceLoader).isEqualTo(defaults.serviceLoader);
            assertThat(s.routing).isNull();
            assertThat(s.budget).isNull();
            assertThat(s.preference).isEmpty();
            assertThat(s.limits).isEmpty();
            assertThat(s.prices).isEmpty();
            assertThat(s.inputImageLimits).isEmpty();
            assertThat(s.apiKeys).isEmpty();
            assertThat(s.options).isEmpty();
        });
    }

    @Test
    void clientSettings() {
        runner.withPropertyValues(
                "imagegen.timeout=2m",
                "imagegen.connect-timeout=3s",
                "imagegen.read-timeout=45s",
                "imagegen.download-timeout=30s",
                "imagegen.poll-interval.initial=250ms",
                "imagegen.poll-interval.max=2s",
                "imagegen.max-concurrency=16",
                "imagegen.max-concurrent-splits=2",
                "imagegen.max-body-size=8MB",
                "imagegen.allow-insecure-downloads=true",
                "imagegen.prefer-providers=wavespeed,segmind",
                "imagegen.routing=cheapest",
                "imagegen.budget.limit-usd=5.00",
                "imagegen.budget.period=7d",
                "imagegen.providers.segmind.api-key=s",
                "imagegen.providers.wavespeed.api-key=w").run(context -> {
            ClientSettings s = context.getBean(BuilderProbe.class).settings();
            assertThat(s.timeout).isEqualTo(Duration.ofMinutes(2));
            assertThat(s.connectTimeout).isEqualTo(Duration.ofSeconds(3));
            assertThat(s.readTimeout).isEqualTo(Duration.ofSeconds(45));
            assertThat(s.downloadTimeout).isEqualTo(Duration.ofSeconds(30));
            assertThat(s.pollInitial).isEqualTo(Duration.ofMillis(250));
            assertThat(s.pollMax).isEqualTo(Duration.ofSeconds(2));
            assertThat(s.maxConcurrency).isEqualTo(16);
            assertThat(s.maxConcurrentSplits).isEqualTo(2);
            assertThat(s.maxBodyBytes).isEqualTo(8L * 1024 * 1024);
            assertThat(s.allowInsecureDownloads).isTrue();
            assertThat(s.preference).containsExactly("wavespeed", "segmind");
            assertThat(s.routing.name()).isEqualTo("cheapest");
            assertThat(s.budget).isEqualTo(Budget.of(new BigDecimal("5.00"), Duration.ofDays(7)));
            assertThat(context.getBean(ImageClient.class).providers()).containsExactly("wavespeed", "segmind");
        });
    }

    @Test
    void budgetPeriodDefaultsToOneDay() {
        runner.withPropertyValues("imagegen.budget.limit-usd=1").run(context ->
                assertThat(context.getBean(BuilderProbe.class).settings().budget).isEqualTo(Budget.of("1", Duration.ofDays(1))));
    }

    @Test
    void routingPreferenceOrderByName() {
        runner.withPropertyValues("imagegen.routing=preference-order").run(context ->
                assertThat(context.getBean(BuilderProbe.class).settings().routing.name()).isEqualTo("preference-order"));
    }

    @Test
    void aRoutingPolicyBeanWinsOverTheProperty() {
        RoutingPolicy mine = (request, candidates) -> candidates;
        runner.withPropertyValues("imagegen.routing=cheapest")
                .withBean(RoutingPolicy.class, () -> mine)
                .run(context -> assertThat(context.getBean(BuilderProbe.class).settings().routing).isSameAs(mine));
    }

    @Test
    void oneEndOfThePollIntervalKeepsTheOtherDefaultWithinRange() {
        runner.withPropertyValues("imagegen.poll-interval.max=200ms").run(context -> {
            ClientSettings s = context.getBean(BuilderProbe.class).settings();
            assertThat(s.pollInitial).isEqualTo(Duration.ofMillis(200));
            assertThat(s.pollMax).isEqualTo(Duration.ofMillis(200));
        });
        runner.withPropertyValues("imagegen.poll-interval.initial=1s").run(context -> {
            ClientSettings s = context.getBean(BuilderProbe.class).settings();
            assertThat(s.pollInitial).isEqualTo(Duration.ofSeconds(1));
            assertThat(s.pollMax).isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void retryPropertiesChangeOnlyWhatTheyName() {
        runner.withPropertyValues("imagegen.retry.max-retries=5", "imagegen.retry.jitter=false").run(context ->
                assertThat(context.getBean(BuilderProbe.class).settings().retryPolicy)
                        .isEqualTo(RetryPolicy.defaults().withMaxRetries(5).withJitter(false)));
        runner.withPropertyValues("imagegen.retry.initial-delay=100ms", "imagegen.retry.max-delay=1s",
                "imagegen.retry.max-retry-after=10s").run(context ->
                assertThat(context.getBean(BuilderProbe.class).settings().retryPolicy).isEqualTo(new RetryPolicy(3,
                        Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10), true)));
    }

    @Test
    void providerSettings() {
        runner.withPropertyValues(
                "imagegen.providers.segmind.api-key=sk-test",
                "imagegen.providers.segmind.base-url=https://segmind.proxy.example/",
                "imagegen.providers.segmind.options.queue=true",
                "imagegen.providers.segmind.max-input-image-size=5MB",
                "imagegen.providers.wavespeed.api-key=ws-test",
                "imagegen.providers.wavespeed.webhook-secret=whsec_abc",
                "imagegen.providers.wavespeed.options.base64-output=true",
                "imagegen.providers.wavespeed.options.syncMode=true",
                "imagegen.providers.wavespeed.prices.hidream-i1-fast.unit=per-image",
                "imagegen.providers.wavespeed.prices.hidream-i1-fast.rate-usd=0.004",
                "imagegen.providers.wavespeed.prices.hidream-i1-dev.unit=per-second",
                "imagegen.providers.wavespeed.prices.hidream-i1-dev.rate-usd=0.001",
                "imagegen.providers.wavespeed.prices.hidream-i1-dev.typical-duration=4s").run(context -> {
            assertThat(context).hasNotFailed();
            ClientSettings s = context.getBean(BuilderProbe.class).settings();
            assertThat(s.apiKeys).containsExactly(Map.entry("segmind", "sk-test"), Map.entry("wavespeed", "ws-test"));
            assertThat(s.baseUrls).containsExactly(Map.entry("segmind", "https://segmind.proxy.example/"));
            assertThat(s.webhookSecrets).containsExactly(Map.entry("wavespeed", "whsec_abc"));
            assertThat(s.options.get("segmind")).containsExactly(Map.entry("queue", "true"));
            // kebab-case and camelCase both reach the provider's camelCase option
            assertThat(s.options.get("wavespeed")).containsExactly(Map.entry("base64Output", "true"), Map.entry("syncMode", "true"));
            assertThat(s.inputImageLimits).containsExactly(Map.entry("segmind", 5L * 1024 * 1024));
            assertThat(s.prices.get("wavespeed")).containsExactly(
                    Map.entry("hidream-i1-fast", PriceFormula.perImage("0.004")),
                    Map.entry("hidream-i1-dev", PriceFormula.perSecond("0.001", Duration.ofSeconds(4))));
            assertThat(context.getBean(ImageClient.class).providers()).containsExactlyInAnyOrder("segmind", "wavespeed");
        });
    }

    @Test
    void providerLimitsChangeOnlyWhatTheyName() {
        runner.withPropertyValues(
                "imagegen.providers.segmind.limits.max-concurrent=2",
                "imagegen.providers.segmind.limits.requests-per-minute=10",
                "imagegen.providers.segmind.limits.circuit-breaker.cool-down=5s",
                "imagegen.providers.wavespeed.limits.circuit-breaker.failure-rate=0.25",
                "imagegen.providers.wavespeed.limits.circuit-breaker.window=40",
                "imagegen.providers.wavespeed.limits.circuit-breaker.minimum-calls=8").run(context -> {
            ProviderLimits d = ProviderLimits.defaults();
            Map<String, ProviderLimits> limits = context.getBean(BuilderProbe.class).settings().limits;
            assertThat(limits.get("segmind")).isEqualTo(d.withMaxConcurrent(2).withRequestsPerMinute(10)
                    .withCircuitBreaker(d.circuitFailureRate(), d.circuitWindow(), d.circuitMinimumCalls(), Duration.ofSeconds(5)));
            assertThat(limits.get("wavespeed")).isEqualTo(d.withCircuitBreaker(0.25, 40, 8, d.circuitCoolDown()));
        });
        runner.withPropertyValues("imagegen.providers.segmind.limits.circuit-breaker.enabled=false").run(context ->
                assertThat(context.getBean(BuilderProbe.class).settings().limits.get("segmind"))
                        .isEqualTo(ProviderLimits.defaults().withoutCircuitBreaker()));
    }

    @Test
    void readSystemEnvironmentFalseHidesTheProcessEnvironmentAndSystemProperties() {
        runner.run(context -> {
            ClientSettings s = context.getBean(BuilderProbe.class).settings();
            assertThat(s.env).isEqualTo(new ClientFactory.EnvMap(Map.of()));
            assertThat(s.systemProperties).isEmpty();
        });
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ImagegenAutoConfiguration.class))
                .withBean(BuilderProbe.class, BuilderProbe::new)
                .run(context -> {
                    ClientSettings s = context.getBean(BuilderProbe.class).settings();
                    assertThat(s.env).isNotInstanceOf(ClientFactory.EnvMap.class);
                    assertThat(s.systemProperties).isNull();
                });
    }

    @Test
    void discoverProvidersFalseLeavesOnlyProvidersAddedByHand() {
        runner.withPropertyValues("imagegen.discover-providers=false").run(context -> {
            assertThat(context.getBean(BuilderProbe.class).settings().serviceLoader).isFalse();
            assertThat(context.getBean(ImageClient.class).providers()).isEmpty();
        });
    }

    @Test
    void customizersRunAfterThePropertiesInTheirOrder() {
        runner.withPropertyValues("imagegen.max-concurrency=8")
                .withBean("second", ImageClientBuilderCustomizer.class, () -> new Second())
                .withBean("first", ImageClientBuilderCustomizer.class, () -> new First())
                .run(context -> assertThat(context.getBean(BuilderProbe.class).settings().maxConcurrency).isEqualTo(8 * 2 + 1));
    }

    @Order(1)
    static final class First implements ImageClientBuilderCustomizer {
        @Override
        public void customize(ImageClient.Builder builder) {
            builder.maxConcurrency(BuilderProbe.read(builder).maxConcurrency * 2);
        }
    }

    @Order(2)
    static final class Second implements ImageClientBuilderCustomizer {
        @Override
        public void customize(ImageClient.Builder builder) {
            builder.maxConcurrency(BuilderProbe.read(builder).maxConcurrency + 1);
        }
    }

    @Test
    void aValueTheSdkRefusesFailsStartupNamingTheProperty() {
        for (List<String> bad : List.of(
                List.of("imagegen.max-concurrency=0", "imagegen.max-concurrency"),
                List.of("imagegen.max-concurrent-splits=0", "imagegen.max-concurrent-splits"),
                List.of("imagegen.timeout=0s", "imagegen.timeout"),
                List.of("imagegen.connect-timeout=-1s", "imagegen.connect-timeout"),
                List.of("imagegen.max-body-size=1000B", "imagegen.max-body-size"),
                List.of("imagegen.retry.max-retries=-1", "imagegen.retry"),
                List.of("imagegen.budget.limit-usd=-1", "imagegen.budget"),
                List.of("imagegen.providers.segmind.limits.circuit-breaker.failure-rate=1.5", "imagegen.providers.segmind.limits"),
                List.of("imagegen.providers.segmind.max-input-image-size=0B", "imagegen.providers.segmind.max-input-image-size"),
                List.of("imagegen.providers.segmind.prices.hidream-i1-fast.rate-usd=0.01", "imagegen.providers.segmind.prices.hidream-i1-fast"),
                List.of("imagegen.providers.segmnd.api-key=k", "imagegen.providers.segmnd"))) {
            runner.withPropertyValues(bad.get(0)).run(context -> assertThat(context).as(bad.get(0)).getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageStartingWith("Property " + bad.get(1) + " with value"));
        }
    }

    @Test
    void anUnknownProviderIdSaysWhichProvidersAreThere() {
        runner.withPropertyValues("imagegen.providers.segmnd.api-key=k").run(context -> assertThat(context).getFailure()
                .rootCause()
                .hasMessageContaining("no provider 'segmnd' is on the class path")
                .hasMessageContaining("[segmind, wavespeed]")
                .hasMessageNotContaining("=k"));
    }

    @Test
    void anUnknownOptionFailsWithTheProvidersOptions() {
        runner.withPropertyValues("imagegen.providers.segmind.api-key=k", "imagegen.providers.segmind.options.queeue=true")
                .run(context -> assertThat(context).getFailure()
                        .rootCause()
                        .hasMessageContaining("'queeue' is not an option of provider 'segmind'"));
    }
}
