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

    /** The resolver connections use: the user's, or the system's. */
    static Dns dns(HttpOptions options) {
        return options.dns().<Dns>map(UserDns::new).orElse(Dns.SYSTEM);
    }

    static OkHttpClient.Builder apply(HttpOptions options, OkHttpClient.Builder b) {
        b.dns(dns(options));
        options.proxy().ifPresent(b::proxy);
        options.proxySelector().ifPresent(b::proxySelector);
        options.proxyAuthentication().ifPresent(a -> b.proxyAuthenticator(new ProxyCredentials(a)));
        options.sslContext().ifPresent(ctx -> b.sslSocketFactory(ctx.getSocketFactory(), options.trustManager().orElseThrow()));
        return b;
    }
}
