package dev.imagegen.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a provider is created with: its id, the API base URL to call, and its options. It holds no API key: the core
 * adds the key to each request (see {@link AuthScheme}).
 *
 * <p>Options carry vendor facts the SDK could not verify and settings specific to one vendor (a poll path, an API
 * version, a price). They come, highest first, from the client builder, from system properties
 * {@code imagegen.<id>.<option>}, and from environment variables {@code <ID>_<OPTION>} (upper snake case).
 */
public final class ProviderConfig {

    private final String providerId;
    private final String baseUrl;
    private final Map<String, String> options;

    /**
     * A provider's configuration.
     *
     * @param providerId the provider id
     * @param baseUrl    the API base URL; a trailing slash is removed
     * @param options    provider options by name
     */
    public ProviderConfig(String providerId, String baseUrl, Map<String, String> options) {
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        String b = Objects.requireNonNull(baseUrl, "baseUrl");
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        this.baseUrl = b;
        this.options = Map.copyOf(options);
    }

    /**
     * The provider id.
     *
     * @return the id of the provider this configuration is for, e.g. {@code fal}
     */
    public String providerId() {
        return providerId;
    }

    /**
     * The API base URL, without a trailing slash.
     *
     * @return the base URL the client resolved (builder, system property, environment, else the factory's default)
     */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * The base URL followed by {@code path}, which must start with a slash.
     *
     * @param path an absolute path on the API, starting with {@code /}, e.g. {@code /v1/images}
     * @return the absolute URL
     * @throws IllegalArgumentException if {@code path} does not start with a slash
     */
    public String url(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        return baseUrl.concat(path); // concat, not +: no indy bootstrap on a fresh JVM's first request
    }

    /**
     * Whether {@code url} is on the API's origin (same scheme, host and port as the base URL). The core adds the
     * credential only there and polls jobs only there, so a provider keeps a URL the vendor returned (a poll URL, a
     * result URL) only when this holds, and builds it from the base URL otherwise.
     *
     * @param url an absolute URL, e.g. one the vendor returned; anything that does not parse counts as another origin
     * @return true if {@code url} has the base URL's scheme, host and port (default ports included)
     */
    public boolean isApiOrigin(String url) {
        try {
            java.net.URI a = java.net.URI.create(url);
            java.net.URI b = java.net.URI.create(baseUrl);
            return a.getScheme() != null && a.getHost() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                    && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(java.net.URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /**
     * An option's value, when set.
     *
     * @param name the option's name, e.g. {@code queue} (case-sensitive, without the provider prefix)
     * @return the value as given, or empty when the option is not set
     */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /**
     * An option's value, or {@code defaultValue}.
     *
     * @param name         the option's name (case-sensitive, without the provider prefix)
     * @param defaultValue what to return when the option is not set
     * @return the value as given, or {@code defaultValue}
     */
    public String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    /**
     * A boolean option ({@code true}/{@code false}), or {@code defaultValue}.
     *
     * @param name         the option's name (case-sensitive, without the provider prefix)
     * @param defaultValue what to return when the option is not set
     * @return true if the value is {@code true} in any case, false for any other value, {@code defaultValue} if unset
     */
    public boolean booleanOption(String name, boolean defaultValue) {
        String v = options.get(name);
        return v == null ? defaultValue : Boolean.parseBoolean(v.trim());
    }

    /**
     * All options.
     *
     * @return every option by name, unmodifiable
     */
    public Map<String, String> options() {
        return options;
    }

    @Override
    public String toString() {
        return "ProviderConfig{" + providerId + ", " + baseUrl + ", options=" + new TreeMap<>(options) + "}";
    }
}
