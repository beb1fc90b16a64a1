package dev.imagegen.spring;

import dev.imagegen.ClientClosedException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.OutputFormat;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client bean's conditions and lifecycle, and the emulator's. */
class ImagegenAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ImagegenAutoConfiguration.class))
            .withPropertyValues("imagegen.read-system-environment=false");

    static ImageRequest panda() {
        return ImageRequest.builder()
                .model("hidream-i1-fast")
                .provider("segmind")
                .prompt("a cute panda holding a sign that says \"Keep Calm\"")
                .size(1024, 1024)
                .outputFormat(OutputFormat.PNG)
                .build();
    }

    @Test
    void oneClientBeanIsThereWithNoPropertyAtAll() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ImageClient.class).doesNotHaveBean(ProviderEmulator.class);
            assertThat(context.getBean(ImageClient.class).providers()).isEmpty();
        });
    }

    @Test
    void theClientIsClosedWithTheContext() {
        AtomicReference<ImageClient> client = new AtomicReference<>();
        runner.withPropertyValues("imagegen.providers.segmind.api-key=k")
                .run(context -> client.set(context.getBean(ImageClient.class)));
        // a closed client refuses before sending anything, so this reaches no vendor
        assertThatThrownBy(() -> client.get().generate(panda())).isInstanceOf(ClientClosedException.class);
    }

    @Test
    void anApplicationsOwnClientWins() {
        try (ProviderEmulator emu = ProviderEmulator.start()) {
            runner.withBean("myClient", ImageClient.class, () -> EmulatorClients.client(emu))
                    .run(context -> {
                        assertThat(context).hasSingleBean(ImageClient.class);
                        assertThat(context.getBean(ImageClient.class)).isSameAs(context.getBean("myClient"));
                    });
        }
    }

    @Test
    void theEmulatorServesEveryProviderAndStopsWithTheContext() {
        AtomicReference<ProviderEmulator> emulator = new AtomicReference<>();
        runner.withPropertyValues("imagegen.emulator.enabled=true").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ProviderEmulator.class);
            ProviderEmulator emu = context.getBean(ProviderEmulator.class);
            emulator.set(emu);
            ImageClient client = context.getBean(ImageClient.class);
            assertThat(client.providers()).containsExactlyInAnyOrder("segmind", "wavespeed");

            ImageResult result = client.generate(panda());

            assertThat(result.image().width()).isEqualTo(1024);
            assertThat(result.image().bytes()).startsWith(0x89, 'P', 'N', 'G');
            assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(1);
            assertThat(emu.requests().get(0).header("x-api-key")).hasValue(emu.apiKey());
        });
        assertThatThrownBy(() -> new Socket("127.0.0.1", emulator.get().port()).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void withTheEmulatorKeysAndBaseUrlsFromPropertiesAreIgnoredButOptionsApply() {
        runner.withPropertyValues("imagegen.emulator.enabled=true",
                "imagegen.providers.segmind.api-key=a-real-key",
                "imagegen.providers.segmind.base-url=https://api.segmind.com",
                "imagegen.providers.segmind.options.queue=true").run(context -> {
            ProviderEmulator emu = context.getBean(ProviderEmulator.class);

            context.getBean(ImageClient.class).generate(panda());

            assertThat(emu.requestCount(Routes.SEGMIND_QUEUE_SUBMIT)).isEqualTo(1);
            assertThat(emu.requests()).filteredOn(call -> !call.route().equals(Routes.STORAGE))
                    .isNotEmpty()
                    .allSatisfy(call -> assertThat(call.header("x-api-key")).hasValue(emu.apiKey()));
        });
    }

    @Test
    void emulatorProcessingTimeIsPassedOn() {
        runner.withPropertyValues("imagegen.emulator.enabled=true", "imagegen.emulator.processing-time=150ms").run(context -> {
            ImageResult result = context.getBean(ImageClient.class).generate(panda());
            // Segmind reports its generation time, which the emulator takes from processingTime
            assertThat(result.timings().inference()).hasValue(Duration.ofMillis(150));
        });
    }

    @Test
    void anApplicationsOwnEmulatorIsUsed() {
        try (ProviderEmulator mine = ProviderEmulator.start()) {
            runner.withPropertyValues("imagegen.emulator.enabled=true")
                    .withBean(ProviderEmulator.class, () -> mine)
                    .run(context -> {
                        assertThat(context).hasSingleBean(ProviderEmulator.class);
                        context.getBean(ImageClient.class).generate(panda());
                        assertThat(mine.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(1);
                    });
        }
    }

    @Test
    void theEmulatorIsOffByDefaultAndWhenDisabled() {
        runner.withPropertyValues("imagegen.emulator.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ProviderEmulator.class));
    }

    @Test
    void theEmulatorWithoutTheTestkitFailsStartupSayingWhatToAdd() {
        runner.withPropertyValues("imagegen.emulator.enabled=true")
                .withClassLoader(new FilteredClassLoader(ProviderEmulator.class))
                .run(context -> {
                    assertThat(context).getFailure().rootCause()
                            .isInstanceOf(EmulatorUnavailableException.class)
                            .hasMessageContaining("dev.imagegen:imagegen-testkit");
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("imagegen.emulator.enabled is true");
                    assertThat(analysis.getAction()).contains("dev.imagegen:imagegen-testkit");
                });
    }

    @Test
    void withoutTheTestkitAndWithoutTheEmulatorNothingFails() {
        runner.withClassLoader(new FilteredClassLoader(ProviderEmulator.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ImageClient.class));
    }

    /** Through the analyzers Spring Boot loads from spring.factories, as at a real startup. */
    private static FailureAnalysis analyze(Throwable failure) {
        // Spring Boot's own analyzers need constructor arguments a plain load cannot give: skip those
        for (FailureAnalyzer analyzer : SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class,
                null, SpringFactoriesLoader.FailureHandler.handleMessage((message, ignored) -> { }))) {
            if (analyzer instanceof EmulatorUnavailableFailureAnalyzer) {
                FailureAnalysis analysis = analyzer.analyze(failure);
                assertThat(analysis).isNotNull();
                return analysis;
            }
        }
        throw new AssertionError("EmulatorUnavailableFailureAnalyzer is not registered in META-INF/spring.factories");
    }

}
