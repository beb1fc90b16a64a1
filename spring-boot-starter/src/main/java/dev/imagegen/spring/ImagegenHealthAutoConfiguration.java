package dev.imagegen.spring;

import dev.imagegen.ImageClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Actuator health component {@code imagegen} (bean {@code imagegenHealthIndicator}): per provider whether it is
 * configured and its circuit state, and the budget; see {@link ImagegenHealthReport}. Present when there is an
 * {@link ImageClient} bean (the starter's or the application's) and Spring Boot's health support is on the class path
 * (Spring Boot 4's {@code spring-boot-health}, or Spring Boot 3.5's {@code spring-boot-actuator}: the packages differ,
 * so each has its own indicator class); {@code management.health.imagegen.enabled=false} turns it off.
 */
@AutoConfiguration(after = ImagegenAutoConfiguration.class)
@ConditionalOnBean(ImageClient.class)
public class ImagegenHealthAutoConfiguration {

    /** Spring Boot 4's health API ({@code org.springframework.boot.health.contributor}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {

        // a class of its own: Spring instantiates every condition of a class before evaluating any, and this one's
        // condition class is missing where Spring Boot's health module is
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnEnabledHealthIndicator("imagegen")
        static class Enabled {

            @Bean
            @ConditionalOnMissingBean(name = "imagegenHealthIndicator")
            HealthIndicator imagegenHealthIndicator(ImageClient client) {
                return new ImagegenHealthIndicator(client, ProvidersOnClassPath.find().keySet());
            }
        }
    }

    /** Spring Boot 3.5's health API ({@code org.springframework.boot.actuate.health}), where Boot 4's is absent. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot3HealthConfiguration {

        @Configuration(proxyBeanMethods = false)
        @org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator("imagegen")
        static class Enabled {

            @Bean
            @ConditionalOnMissingBean(name = "imagegenHealthIndicator")
            org.springframework.boot.actuate.health.HealthIndicator imagegenHealthIndicator(ImageClient client) {
                return new ImagegenBoot3HealthIndicator(client, ProvidersOnClassPath.find().keySet());
            }
        }
    }
}
