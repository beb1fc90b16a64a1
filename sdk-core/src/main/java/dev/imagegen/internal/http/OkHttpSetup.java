package dev.imagegen.internal.http;

import dev.imagegen.HttpOptions;
import okhttp3.Dns;
import okhttp3.OkHttpClient;

/**
 * Applies the user's {@link HttpOptions} to the OkHttp client: proxy and its credentials, TLS, DNS. The one place that
 * turns the public JDK-typed settings into OkHttp's, so no OkHttp type reaches the public API.
 */
final class OkHttpSetup {

    private OkHttpSetup() {
    }

    // isPresent() and get(), not ifPresent(lambda): this runs once per client, often in a fresh JVM, where each lambda
    // is a class to spin for an option that is usually unset

    /** The resolver connections use: the user's, or the system's. */
    static Dns dns(HttpOptions options) {
        return options.dns().isPresent() ? new UserDns(options.dns().get()) : Dns.SYSTEM;
    }

    static OkHttpClient.Builder apply(HttpOptions options, OkHttpClient.Builder b) {
        b.dns(dns(options));
        if (options.proxy().isPresent()) {
            b.proxy(options.proxy().get());
        }
        if (options.proxySelector().isPresent()) {
            b.proxySelector(options.proxySelector().get());
        }
        if (options.proxyAuthentication().isPresent()) {
            b.proxyAuthenticator(new ProxyCredentials(options.proxyAuthentication().get()));
        }
        if (options.sslContext().isPresent()) {
            b.sslSocketFactory(options.sslContext().get().getSocketFactory(), options.trustManager().orElseThrow());
        }
        return b;
    }
}
