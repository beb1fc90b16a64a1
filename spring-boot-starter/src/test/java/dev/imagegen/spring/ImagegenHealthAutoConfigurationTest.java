package dev.imagegen.spring;

import dev.imagegen.Budget;
import dev.imagegen.BudgetStatus;
import dev.imagegen.ImageClient;
import dev.imagegen.ProviderLimits;
import dev.imagegen.spi.SharedStore;
import org.assertj.core.api.InstanceOfAssertFactories;
import dev.imagegen.ProviderServerException;
import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static dev.imagegen.spring.ImagegenAutoConfigurationTest.panda;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code imagegen} health component: when it is there, what it reports, and that it sends nothing. */
class ImagegenHealthAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ImagegenAutoConfiguration.class, ImagegenHealthAutoConfiguration.class))
            .withPropertyValues("imagegen.read-system-environment=false");

    private static Health health(org.springframework.context.ApplicationContext context) {
        return context.getBean("imagegenHealthIndicator", HealthIndicator.class).health();
    }

    @Test
    void upOnTheEmulatorWithEveryProviderConfiguredAndItsCircuitClosed() {
        runner.withPropertyValues("imagegen.emulator.enabled=true").run(context -> {
            ProviderEmulator emu = context.getBean(ProviderEmulator.class);

            Health health = health(context);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsOnlyKeys("providers");
            assertThat(health.getDetails().get("providers")).isEqualTo(Map.of(
                    "segmind", Map.of("configured", true, "circuit", "CLOSED"),
                    "wavespeed", Map.of("configured", true, "circuit", "CLOSED")));
            assertThat(emu.requests()).as("a health check sends nothing").isEmpty();
        });
    }

    @Test
    void unknownWhenNoProviderIsConfiguredListingTheOnesOnTheClassPath() {
        runner.run(context -> {
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
            assertThat(health.getDetails().get("providers")).isEqualTo(Map.of(
                    "segmind", Map.of("configured", false),
                    "wavespeed", Map.of("configured", false)));
        });
    }

    @Test
    void reportsTheBudgetWithoutGoingDown() {
        runner.withPropertyValues("imagegen.emulator.enabled=true", "imagegen.budget.limit-usd=0.02").run(context -> {
            context.getBean(ImageClient.class).generate(panda());   // Segmind reports 0.0123 per image

            Health health = health(context);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            @SuppressWarnings("unchecked")
            Map<String, Object> budget = (Map<String, Object>) health.getDetails().get("budget");
            assertThat(budget).containsEntry("limitUsd", "0.02").containsEntry("period", "PT24H")
                    .containsEntry("spentUsd", "0.0123").containsEntry("reservedUsd", "0")
                    .containsEntry("remainingUsd", "0.0077").containsKey("windowEnd");
        });
    }

    @Test
    void downWhenEveryConfiguredProvidersCircuitIsOpen() {
        runner.withPropertyValues("imagegen.emulator.enabled=true", "imagegen.retry.max-retries=0",
                "imagegen.providers.segmind.limits.circuit-breaker.window=1",
                "imagegen.providers.segmind.limits.circuit-breaker.minimum-calls=1",
                "imagegen.providers.wavespeed.limits.circuit-breaker.window=1",
                "imagegen.providers.wavespeed.limits.circuit-breaker.minimum-calls=1").run(context -> {
            ProviderEmulator emu = context.getBean(ProviderEmulator.class);
            ImageClient client = context.getBean(ImageClient.class);
            emu.faults().on(Routes.SEGMIND_GENERATE).once().respond(Fault.status(503));
            emu.faults().on(Routes.WAVESPEED_SUBMIT).once().respond(Fault.status(503));

            assertThatThrownBy(() -> client.generate(panda())).isInstanceOf(ProviderServerException.class);
            Health oneOpen = health(context);
            assertThatThrownBy(() -> client.generate(panda().toBuilder().provider("wavespeed").build()))
                    .isInstanceOf(ProviderServerException.class);
            Health allOpen = health(context);

            assertThat(oneOpen.getStatus()).as("wavespeed still serves").isEqualTo(Status.UP);
            assertThat(oneOpen.getDetails().get("providers")).isEqualTo(Map.of(
                    "segmind", Map.of("configured", true, "circuit", "OPEN"),
                    "wavespeed", Map.of("configured", true, "circuit", "CLOSED")));
            assertThat(allOpen.getStatus()).isEqualTo(Status.DOWN);
            assertThat(emu.requests()).as("only the two generations were sent").hasSize(2);
        });
    }

    @Test
    void offWhenDisabledWithoutSpringBootsHealthOrWithoutAClient() {
        runner.withPropertyValues("management.health.imagegen.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("imagegenHealthIndicator"));
        // Spring Boot 3.5's health API is on this module's test class path too (provided, for its own variant)
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health", "org.springframework.boot.actuate"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("imagegenHealthIndicator"));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ImagegenHealthAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("imagegenHealthIndicator"));
    }

    @Test
    void reportsAnApplicationsOwnClient() {
        try (ProviderEmulator emu = ProviderEmulator.start()) {
            runner.withBean(ImageClient.class, () -> dev.imagegen.testkit.EmulatorClients.builder(emu)
                            .discoverProviders(true).build())
                    .run(context -> assertThat(health(context).getStatus()).isEqualTo(Status.UP));
        }
    }

    @Test
    void aSharedStoreThatCannotTellTheBudgetShowsAsUnavailableWithoutGoingDown() {
        SharedStore unreachable = new SharedStore() {
            @Override
            public BudgetLedger budget(Budget budget) {
                return new BudgetLedger() {
                    @Override
                    public CompletionStage<Optional<Reservation>> reserve(BigDecimal usd) {
                        return CompletableFuture.failedFuture(new IOException("connection refused: 127.0.0.1:6379"));
                    }

                    @Override
                    public CompletionStage<BudgetStatus> status() {
                        return CompletableFuture.failedFuture(new IOException("connection refused: 127.0.0.1:6379"));
                    }
                };
            }

            @Override
            public CompletionStage<Lease> tryAcquire(String providerId, ProviderLimits limits) {
                throw new AssertionError("a health check takes no lease");
            }

            @Override
            public JobJournal jobs() {
                return new JobJournal() {
                    @Override
                    public CompletionStage<Void> record(String ref) {
                        throw new AssertionError("a health check records no job");
                    }

                    @Override
                    public CompletionStage<Void> delivered(String ref) {
                        throw new AssertionError("a health check delivers no job");
                    }

                    @Override
                    public CompletionStage<java.util.List<String>> claimOrphans(int max) {
                        throw new AssertionError("a health check claims no job");
                    }
                };
            }
        };
        try (ProviderEmulator emu = ProviderEmulator.start()) {
            runner.withBean(ImageClient.class, () -> dev.imagegen.testkit.EmulatorClients.builder(emu)
                            .discoverProviders(true).budget(Budget.of("5", Duration.ofDays(1))).sharedStore(unreachable).build())
                    .run(context -> {
                        Health health = health(context);
                        assertThat(health.getStatus()).isEqualTo(Status.UP);
                        assertThat(health.getDetails().get("budget")).asInstanceOf(InstanceOfAssertFactories.MAP)
                                .containsOnlyKeys("unavailable")
                                .hasValueSatisfying(new org.assertj.core.api.Condition<>(
                                        v -> String.valueOf(v).contains("connection refused"), "names the cause"));
                        assertThat(emu.requests()).as("a health check sends nothing").isEmpty();
                    });
        }
    }

    @Test
    void anApplicationsOwnIndicatorOfThatNameWins() {
        HealthIndicator mine = () -> Health.outOfService().build();
        runner.withBean("imagegenHealthIndicator", HealthIndicator.class, () -> mine)
                .run(context -> assertThat(health(context).getStatus()).isEqualTo(Status.OUT_OF_SERVICE));
    }
}
