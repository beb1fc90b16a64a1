package dev.imagegen.spi;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a provider needs to poll a job, and nothing else: it is serialised into the job's ref, so a client in another
 * process can resume the job. Keep attributes small and free of secrets.
 *
 * @param providerId the provider id
 * @param modelId    the canonical model id
 * @param jobId      the vendor's job id
 * @param pollUrl    the absolute URL to poll; must be on the provider's API origin ({@link ProviderConfig#isApiOrigin}):
 *                   the core's job driver refuses to poll, or cancel at, any other
 * @param attributes provider-specific facts (e.g. whether outputs are base64)
 */
public record JobHandle(String providerId, String modelId, String jobId, String pollUrl, Map<String, String> attributes) {

    /**
     * Checks and copies the fields.
     *
     * @param providerId the provider id
     * @param modelId    the canonical model id
     * @param jobId      the vendor's job id
     * @param pollUrl    the absolute URL to poll, on the provider's API origin
     * @param attributes provider-specific facts; copied, so later changes to the map are not seen
     * @throws NullPointerException if any argument is null
     */
    public JobHandle {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(pollUrl, "pollUrl");
        attributes = Map.copyOf(attributes);
    }

    /**
     * A copy polling another URL (e.g. the result endpoint once a status endpoint says done).
     *
     * @param url the absolute URL to poll next, on the provider's API origin
     * @return a copy with {@code pollUrl} replaced and the other fields kept
     */
    public JobHandle withPollUrl(String url) {
        return new JobHandle(providerId, modelId, jobId, url, attributes);
    }

    /**
     * An attribute, or null.
     *
     * @param name the attribute's name, as the provider set it
     * @return the attribute's value, or null when the handle has no attribute of that name
     */
    public @Nullable String attribute(String name) {
        return attributes.get(name);
    }
}
