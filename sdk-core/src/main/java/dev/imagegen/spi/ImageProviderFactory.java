package dev.imagegen.spi;

import dev.imagegen.ModelInfo;

import java.util.List;
import java.util.Locale;

/**
 * The entry point of a provider module, found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/dev.imagegen.spi.ImageProviderFactory} and {@code provides} it in {@code module-info.java}).
 * Implementations must have a public no-argument constructor and be cheap to create.
 */
public interface ImageProviderFactory {

    /** The provider id, lower case: {@code lumoz}, {@code segmind}, {@code wavespeed}, {@code lumenfall}. */
    String id();

    /** The production API base URL. */
    String defaultBaseUrl();

    /** How the vendor takes the API key. */
    AuthScheme authScheme();

    /** The models this provider serves. */
    List<ModelInfo> models();

    /** Creates a provider. Called once per client. */
    ImageProvider create(ProviderConfig config);

    /**
     * The prefix of this provider's environment variables: {@code <PREFIX>_API_KEY}, {@code <PREFIX>_BASE_URL}.
     * Defaults to the id in upper case.
     */
    default String envPrefix() {
        return id().toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
