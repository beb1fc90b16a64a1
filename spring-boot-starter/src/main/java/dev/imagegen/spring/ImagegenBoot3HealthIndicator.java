package dev.imagegen.spring;

import dev.imagegen.ImageClient;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import java.util.Set;

/**
 * The {@code imagegen} health component on Spring Boot 3.5, whose health API lives in
 * {@code org.springframework.boot.actuate.health}: {@link ImagegenHealthReport} as that {@link HealthIndicator}.
 */
final class ImagegenBoot3HealthIndicator implements HealthIndicator {

    private final ImageClient client;
    private final Set<String> onClassPath;

    ImagegenBoot3HealthIndicator(ImageClient client, Set<String> onClassPath) {
        this.client = client;
        this.onClassPath = Set.copyOf(onClassPath);
    }

    @Override
    public Health health() {
        ImagegenHealthReport report = ImagegenHealthReport.of(client, onClassPath);
        return Health.status(report.status()).withDetails(report.details()).build();
    }
}
