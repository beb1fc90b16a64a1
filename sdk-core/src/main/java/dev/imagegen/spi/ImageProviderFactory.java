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

    /**
     * The provider id, lower case: {@code lumoz}, {@code segmind}, {@code wavespeed}, {@code lumenfall}, {@code fal}.
     *
     * @return the provider id, lower case, unique among the providers of a client
     */
    String id();

    /**
     * The production API base URL.
     *
     * @return the absolute base URL, e.g. {@code https://queue.fal.run}; the client builder or {@code <PREFIX>_BASE_URL} may
     *         override it
     */
    String defaultBaseUrl();

    /**
     * How the vendor takes the API key.
     *
     * @return where and how the core puts the API key on this provider's requests
     */
    AuthScheme authScheme();

    /**
     * The models this provider serves.
     *
     * @return the catalog entries of the models this provider serves, in the order listed to callers
     */
    List<ModelInfo> models();

    /**
     * Creates a provider. Called once per client.
     *
     * @param config the base URL, options and HTTP facilities resolved for this client
     * @return a thread-safe provider serving every call of that client
     */
    ImageProvider create(ProviderConfig config);

    /** The {@link #order()} of a provider that declares none: after the bundled providers (10 to 50). */
    int DEFAULT_ORDER = 100;

    /**
     * This provider's place in a client's default provider order, smaller first; ties are broken by {@link #id()}. The
     * order decides which provider a request that names none goes to first (after the builder's
     * {@code preferProviders}), so it must not depend on the order the service loader finds factories in, which differs
     * between the class path and the module path. The bundled providers declare lumoz 10, segmind 20, wavespeed 30,
     * lumenfall 40, fal 50; the default is {@link #DEFAULT_ORDER}.
     *
     * @return the provider's rank, smaller first; {@link #DEFAULT_ORDER} (100) unless overridden
     */
    default int order() {
        return DEFAULT_ORDER;
    }

    /**
     * The prefix of this provider's environment variables: {@code <PREFIX>_BASE_URL} and options
     * {@code <PREFIX>_<OPTION>}. Defaults to the id in upper case.
     *
     * @return the prefix without a trailing underscore, e.g. {@code FAL}
     */
    default String envPrefix() {
        return id().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * The environment variables that may hold the API key, the first one set winning (e.g. {@code FAL_KEY}, then
     * {@code FAL_API_KEY}). Error messages that ask for a key name them. Defaults to {@code <PREFIX>_API_KEY}.
     *
     * @return the variable names, most preferred first; never empty
     */
    default List<String> apiKeyVariables() {
        return List.of(String.valueOf(envPrefix()).concat("_API_KEY")); // concat, not +: no indy bootstrap on a fresh JVM
    }

    /**
     * The API key the environment gives, when the builder and the system property give none: by default the first of
     * {@link #apiKeyVariables()} that is set. A vendor whose key comes in parts overrides it (fal: {@code FAL_KEY}, else
     * {@code FAL_KEY_ID:FAL_KEY_SECRET}). Variables that look like credentials are never read as options.
     *
     * @param environment looks a variable up by name, returning null when it is not set (e.g. {@code System::getenv})
     * @return the trimmed key, or empty when no variable holds a non-blank one
     */
    default java.util.Optional<String> apiKeyFromEnvironment(java.util.function.Function<String, String> environment) {
        return apiKeyVariables().stream().map(environment).filter(v -> v != null && !v.isBlank()).map(String::trim).findFirst();
    }

    /**
     * The names of the options this provider reads from its {@link ProviderConfig}. When declared, an option given to
     * the client builder or as a system property under any other name fails {@code build()} with the known names (a
     * typo such as {@code queeue} would otherwise be ignored silently); one from the environment is ignored with a
     * warning, since unrelated variables may share the prefix. Empty (the default): every option is passed on.
     *
     * @return the option names, as in {@code <PREFIX>_<OPTION>} without the prefix; empty to accept any option
     */
    default java.util.Set<String> optionNames() {
        return java.util.Set.of();
    }
}
