package dev.imagegen.spring;

import dev.imagegen.HttpOptions;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.Resource;

import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Builds the client's {@link HttpOptions} from {@code imagegen.http.*} over the application's {@code HttpOptions}
 * bean, if any. A setting that cannot be honoured (a store that does not load, half a pool) fails startup naming its
 * property, never showing a password.
 */
final class HttpOptionsAssembler {

    private HttpOptionsAssembler() {
    }

    /**
     * The options, or null when neither a property nor a bean says anything (the SDK's defaults then stay untouched).
     *
     * @param http       the properties
     * @param base       the application's bean, or null
     * @param sslBundles Spring Boot's SSL bundles, for {@code imagegen.http.ssl-bundle}; null when there are none
     * @param useProxy   false on the emulator: it is on loopback, and a proxy would not reach it
     */
    static HttpOptions build(ImagegenProperties.Http http, HttpOptions base, Supplier<SslBundles> sslBundles, boolean useProxy) {
        ImagegenProperties.HttpProxy proxy = http.getProxy();
        boolean anyProperty = proxy.getHost() != null || proxy.getUsername() != null
                || http.getTrustStore().getLocation() != null || http.getClientCertificate().getLocation() != null
                || http.getSslBundle() != null || http.getPool().getMaxIdleConnections() != null
                || http.getPool().getKeepAlive() != null || http.getUserAgentSuffix() != null;
        if (!anyProperty && base == null) {
            return null;
        }
        HttpOptions.Builder b = base != null ? base.toBuilder() : HttpOptions.builder();
        if (proxy.getHost() != null && useProxy) {
            if (proxy.getPort() == null) {
                throw new InvalidConfigurationPropertyValueException("imagegen.http.proxy.port", null,
                        "a proxy needs a port (imagegen.http.proxy.host is " + proxy.getHost() + ")");
            }
            // unresolved: the proxy's name is looked up when connecting, not at startup
            check("imagegen.http.proxy", proxy.getHost() + ":" + proxy.getPort(), () -> b.proxy(new Proxy(proxy.getType(),
                    InetSocketAddress.createUnresolved(proxy.getHost(), proxy.getPort()))));
        }
        if (proxy.getUsername() != null && useProxy) {
            char[] password = proxy.getPassword() != null ? proxy.getPassword().toCharArray() : new char[0];
            b.proxyAuthentication(proxy.getUsername(), password);
            Arrays.fill(password, '\0');
        }
        ImagegenProperties.Store trust = http.getTrustStore();
        ImagegenProperties.ClientCertificate client = http.getClientCertificate();
        if (http.getSslBundle() != null) {
            if (trust.getLocation() != null || client.getLocation() != null) {
                throw new InvalidConfigurationPropertyValueException("imagegen.http.ssl-bundle", http.getSslBundle(),
                        "set either an SSL bundle or imagegen.http.trust-store / client-certificate, not both");
            }
            SslBundles bundles = sslBundles.get();
            if (bundles == null) {
                throw new InvalidConfigurationPropertyValueException("imagegen.http.ssl-bundle", http.getSslBundle(),
                        "there is no SslBundles bean (Spring Boot's SslAutoConfiguration, spring.ssl.bundle.*)");
            }
            SslBundle bundle;
            try {
                bundle = bundles.getBundle(http.getSslBundle());
            } catch (NoSuchSslBundleException e) {
                throw new InvalidConfigurationPropertyValueException("imagegen.http.ssl-bundle", http.getSslBundle(), e.getMessage());
            }
            b.tls(bundle.createSslContext(), x509(bundle.getManagers().getTrustManagers(), http.getSslBundle()));
        }
        if (trust.getLocation() != null) {
            KeyStore store = load("imagegen.http.trust-store", trust);
            check("imagegen.http.trust-store.location", trust.getLocation(), () -> b.trustStore(store));
        }
        if (client.getLocation() != null) {
            KeyStore store = load("imagegen.http.client-certificate", client);
            String keyPassword = client.getKeyPassword() != null ? client.getKeyPassword() : client.getPassword();
            char[] password = keyPassword != null ? keyPassword.toCharArray() : new char[0];
            check("imagegen.http.client-certificate.location", client.getLocation(), () -> b.clientCertificate(store, password));
            Arrays.fill(password, '\0');
        }
        ImagegenProperties.Pool pool = http.getPool();
        if (pool.getMaxIdleConnections() != null || pool.getKeepAlive() != null) {
            if (pool.getMaxIdleConnections() == null || pool.getKeepAlive() == null) {
                throw new InvalidConfigurationPropertyValueException(pool.getKeepAlive() == null
                        ? "imagegen.http.pool.keep-alive" : "imagegen.http.pool.max-idle-connections", null,
                        "set imagegen.http.pool.max-idle-connections and imagegen.http.pool.keep-alive together");
            }
            check("imagegen.http.pool", pool.getMaxIdleConnections() + " idle for " + pool.getKeepAlive(),
                    () -> b.connectionPool(pool.getMaxIdleConnections(), pool.getKeepAlive()));
        }
        if (http.getUserAgentSuffix() != null) {
            check("imagegen.http.user-agent-suffix", http.getUserAgentSuffix(), () -> b.userAgentSuffix(http.getUserAgentSuffix()));
        }
        return b.build();
    }

    private static KeyStore load(String property, ImagegenProperties.Store store) {
        Resource location = store.getLocation();
        char[] password = store.getPassword() != null ? store.getPassword().toCharArray() : null;
        try (InputStream in = location.getInputStream()) {
            KeyStore ks = KeyStore.getInstance(store.getType());
            ks.load(in, password);
            return ks;
        } catch (Exception e) {
            // the exception's own message: a wrong password says so, and never shows it
            throw new InvalidConfigurationPropertyValueException(property + ".location", location,
                    "cannot load the " + store.getType() + " store: " + e);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static X509TrustManager x509(TrustManager[] managers, String bundle) {
        return Arrays.stream(managers).filter(X509TrustManager.class::isInstance).map(X509TrustManager.class::cast)
                .findFirst().orElseThrow(() -> new InvalidConfigurationPropertyValueException("imagegen.http.ssl-bundle",
                        bundle, "the bundle has no X.509 trust manager"));
    }

    private static <T> T check(String property, Object value, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
        }
    }
}
