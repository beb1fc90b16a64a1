package dev.imagegen.spring;

import dev.imagegen.HttpOptions;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageEventListener;
import dev.imagegen.RoutingPolicy;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.ProviderEmulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures one {@link ImageClient} bean from the {@code imagegen.*} properties ({@link ImagegenProperties}),
 * closed with the application context, unless the application defines its own. The client also gets the
 * application's {@link RoutingPolicy} bean, its {@link HttpOptions} bean (under the {@code imagegen.http.*} properties),
 * every {@link ImageEventListener} bean (metrics and tracing among them, see {@link ImagegenTelemetryAutoConfiguration})
 * and every {@link ImageClientBuilderCustomizer} bean.
 *
 * <p>With {@code imagegen.emulator.enabled=true} and {@code imagegen-testkit} on the class path, the emulator of the
 * vendor APIs starts on loopback and every provider is pointed at it (a {@link ProviderEmulator} bean of the
 * application's own is used instead, when there is one); without the testkit, startup fails saying so.
 */
@AutoConfiguration
@EnableConfigurationProperties(ImagegenProperties.class)
public class ImagegenAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger("dev.imagegen.spring");

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ImageClient imageClient(ImagegenProperties properties, ImageClientBuilderSupplier imagegenClientBuilder,
                            ObjectProvider<RoutingPolicy> routing, ObjectProvider<HttpOptions> http,
                            ObjectProvider<SslBundles> sslBundles, ObjectProvider<ImageEventListener> listeners,
                            ObjectProvider<ImageClientBuilderCustomizer> customizers) {
        ImageClient client = new ImageClientAssembler(properties, ProvidersOnClassPath.find())
                .build(imagegenClientBuilder, routing.getIfUnique(), http.getIfUnique(), sslBundles::getIfAvailable,
                        listeners.orderedStream().toList(), customizers.orderedStream().toList());
        LOG.info("imagegen: ImageClient with providers {}{}", client.providers(),
                imagegenClientBuilder.emulated() ? " on the emulator" : "");
        return client;
    }

    @Bean
    @ConditionalOnMissingBean
    ImageClientBuilderSupplier imagegenClientBuilder() {
        return ImageClientBuilderSupplier.SDK;
    }

    /** The emulator, when enabled and the testkit is there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("imagegen.emulator.enabled")
    @ConditionalOnClass(name = "dev.imagegen.testkit.ProviderEmulator")
    static class EmulatorConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        ProviderEmulator imagegenEmulator(ImagegenProperties properties) {
            ProviderEmulator emulator = ProviderEmulator.builder()
                    .processingTime(properties.getEmulator().getProcessingTime())
                    .start();
            LOG.info("imagegen: emulator of the vendor APIs started at {} (imagegen.emulator.enabled=true); no request "
                    + "leaves this machine", emulator.uri());
            return emulator;
        }

        @Bean
        ImageClientBuilderSupplier imagegenEmulatorClientBuilder(ProviderEmulator emulator) {
            return new ImageClientBuilderSupplier() {
                @Override
                public ImageClient.Builder newBuilder() {
                    return EmulatorClients.builder(emulator);
                }

                @Override
                public boolean emulated() {
                    return true;
                }

                @Override
                public String toString() {
                    return "EmulatorClients.builder(" + emulator + ")";
                }
            };
        }
    }

    /** {@code imagegen.emulator.enabled=true} without the testkit: a startup failure that says what to add. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("imagegen.emulator.enabled")
    @ConditionalOnMissingClass("dev.imagegen.testkit.ProviderEmulator")
    static class EmulatorMissingConfiguration {

        EmulatorMissingConfiguration() {
            throw new EmulatorUnavailableException();
        }
    }
}
