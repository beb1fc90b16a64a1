package dev.imagegen.spring;

import dev.imagegen.ImageClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.Set;

/** The {@code imagegen} health component on Spring Boot 4: {@link ImagegenHealthReport} as a {@link HealthIndicator}. */
final class ImagegenHealthIndicator implements HealthIndicator {

    private final ImageClient client;
    private final Set<String> onClassPath;

    ImagegenHealthIndicator(ImageClient client, Set<String> onClassPath) {
        this.client = client;
        this.onClassPath = Set.copyOf(onClassPath);
    }

    @Override
    public Health health() {
        ImagegenHealthReport report = ImagegenHealthReport.of(client, onClassPath);
        return Health.status(report.status()).withDetails(report.details()).build();
    }
}
