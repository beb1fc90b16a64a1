package dev.imagegen.internal.client;

import dev.imagegen.InvalidRequestException;
import dev.imagegen.ModelInfo;
import dev.imagegen.internal.ConfiguredProvider;
import dev.imagegen.spi.ImageProviderFactory;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The providers a client can call (those with an API key), in preference order, and the ones found without a key,
 * so that an error can say which variable to set.
 */
final class ProviderSet {

    private final List<ConfiguredProvider> configured;
    private final List<ImageProviderFactory> withoutKey;

    ProviderSet(List<ConfiguredProvider> configured, List<ImageProviderFactory> withoutKey) {
        this.configured = List.copyOf(configured);
        this.withoutKey = List.copyOf(withoutKey);
    }

    List<ConfiguredProvider> all() {
        return configured;
    }

    List<String> ids() {
        return configured.stream().map(ConfiguredProvider::id).toList();
    }

    List<ModelInfo> models() {
        return configured.stream().flatMap(p -> p.models().stream()).toList();
    }

    Optional<ConfiguredProvider> find(String id) {
        for (ConfiguredProvider p : configured) { // a loop: this runs on every request
            if (p.id().equals(id)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The configured provider {@code id}, or an {@link InvalidRequestException} on {@code field} that says why not: no
     * API key (naming the variables that would give one), or no such provider.
     */
    ConfiguredProvider require(String id, String field) {
        Optional<ConfiguredProvider> found = find(id);
        if (found.isPresent()) {
            return found.get(); // no orElseThrow lambda to spin on a fresh JVM's first request
        }
        throw missing(id, field);
    }

    private InvalidRequestException missing(String id, String field) {
        Optional<ImageProviderFactory> keyless = withoutKey.stream().filter(f -> f.id().equals(id)).findFirst();
        String why = keyless.map(f -> "has no API key (set " + variables(f) + " or the builder's apiKey)")
                .orElse("is not a known provider");
        return InvalidRequestException.forField(id, field, "'" + id + "' " + why, ids());
    }

    /** What to set to configure a provider: each keyless provider's key variables. */
    String keyHint() {
        return "set an API key, e.g. " + withoutKey.stream().map(ProviderSet::variables).collect(Collectors.joining("; "));
    }

    private static String variables(ImageProviderFactory f) {
        return String.join(" or ", f.apiKeyVariables());
    }
}
