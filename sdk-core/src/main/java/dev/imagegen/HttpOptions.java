package dev.imagegen;

import dev.imagegen.internal.http.TlsMaterial;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import java.net.InetAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.StringJoiner;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How the client's HTTP transport is set up beyond timeouts, set with {@link ImageClient.Builder#http(HttpOptions)}:
 * proxy, TLS, connection pool, DNS, the threads of asynchronous calls, User-Agent suffix, and a hook for the
 * application's own headers. An immutable value; every setting is
 * optional, and only JDK types appear, so the HTTP library underneath stays the SDK's business. {@code toString()}
 * never shows a password or key material.
 *
 * <pre>{@code
 * ImageClient.builder()
 *         .http(HttpOptions.builder()
 *                 .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("proxy.corp", 3128)))
 *                 .proxyAuthentication("svc-images", proxyPassword)
 *                 .trustStore(corporateCas)
 *                 .userAgentSuffix("acme-studio/2.3")
 *                 .requestHeaders((request, header) -> header.accept("traceparent", currentTraceparent()))
 *                 .build())
 *         .build();
 * }</pre>
 */
public final class HttpOptions {

    private static final HttpOptions DEFAULTS = new Builder().build();

    private final @Nullable Proxy proxy;
    private final @Nullable ProxySelector proxySelector;
    private final @Nullable String proxyUser;
    private final char @Nullable [] proxyPassword;
    private final @Nullable KeyStore trustStore;
    private final @Nullable KeyStore clientKeyStore;
    private final KeyManager @Nullable [] clientKeys;
    /** What {@link Builder#tls} gave, as given. */
    private final @Nullable SSLContext givenContext;
    private final @Nullable X509TrustManager givenTrust;
    /** What connections use: the given context, or one made of the key stores; null for the JDK's defaults. */
    private final @Nullable SSLContext sslContext;
    private final @Nullable X509TrustManager trustManager;
    /** -1: the client's default. */
    private final int maxIdleConnections;
    private final @Nullable Duration keepAlive;
    private final @Nullable Function<String, List<InetAddress>> dns;
    private final @Nullable Executor executor;
    private final @Nullable String userAgentSuffix;
    private final @Nullable RequestHeaders requestHeaders;

    private HttpOptions(Builder b) {
        this.proxy = b.proxy;
        this.proxySelector = b.proxySelector;
        this.proxyUser = b.proxyUser;
        this.proxyPassword = b.proxyPassword == null ? null : b.proxyPassword.clone();
        this.trustStore = b.trustStore;
        this.clientKeyStore = b.clientKeyStore;
        this.clientKeys = b.clientKeys;
        this.givenContext = b.givenContext;
        this.givenTrust = b.givenTrust;
        if (givenContext != null) {
            this.sslContext = givenContext;
            this.trustManager = givenTrust;
        } else if (trustStore != null || clientKeys != null) {
            this.trustManager = TlsMaterial.trustManager(trustStore);
            this.sslContext = TlsMaterial.context(clientKeys, trustManager);
        } else {
            this.sslContext = null;
            this.trustManager = null;
        }
        this.maxIdleConnections = b.maxIdleConnections;
        this.keepAlive = b.keepAlive;
        this.dns = b.dns;
        this.executor = b.executor;
        this.userAgentSuffix = b.userAgentSuffix;
        this.requestHeaders = b.requestHeaders;
    }

    /** {@return what a client gets without {@link ImageClient.Builder#http(HttpOptions)}: every setting at its default} */
    public static HttpOptions defaults() {
        return DEFAULTS;
    }

    /** {@return a new builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a new builder holding these options, to change some of them} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.proxy = proxy;
        b.proxySelector = proxySelector;
        b.proxyUser = proxyUser;
        b.proxyPassword = proxyPassword == null ? null : proxyPassword.clone();
        b.trustStore = trustStore;
        b.clientKeyStore = clientKeyStore;
        b.clientKeys = clientKeys;
        b.givenContext = givenContext;
        b.givenTrust = givenTrust;
        b.maxIdleConnections = maxIdleConnections;
        b.keepAlive = keepAlive;
        b.dns = dns;
        b.executor = executor;
        b.userAgentSuffix = userAgentSuffix;
        b.requestHeaders = requestHeaders;
        return b;
    }

    /** {@return the proxy every request goes through; empty when none is set} */
    public Optional<Proxy> proxy() {
        return Optional.ofNullable(proxy);
    }

    /** {@return what chooses the proxy per URL; empty when none is set} */
    public Optional<ProxySelector> proxySelector() {
        return Optional.ofNullable(proxySelector);
    }

    /** {@return the proxy's user name and password (a copy: clear it when done); empty when none are set} */
    public Optional<PasswordAuthentication> proxyAuthentication() {
        return proxyUser == null ? Optional.empty() : Optional.of(new PasswordAuthentication(proxyUser, proxyPassword));
    }

    /** {@return the TLS context connections use, given or made of the trust store and client certificate; empty: the JDK's} */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /** {@return the trust manager that checks servers' certificates, present with {@link #sslContext()}; empty: the JDK's} */
    public Optional<X509TrustManager> trustManager() {
        return Optional.ofNullable(trustManager);
    }

    /** {@return how many idle connections the pool keeps; empty for the client's default} */
    public OptionalInt maxIdleConnections() {
        return maxIdleConnections < 0 ? OptionalInt.empty() : OptionalInt.of(maxIdleConnections);
    }

    /** {@return how long an idle connection is kept; empty for the client's default (5 minutes)} */
    public Optional<Duration> keepAlive() {
        return Optional.ofNullable(keepAlive);
    }

    /** {@return what resolves host names instead of the system's resolver; empty for the system's} */
    public Optional<Function<String, List<InetAddress>>> dns() {
        return Optional.ofNullable(dns);
    }

    /** {@return what runs asynchronous HTTP calls instead of the client's own threads; empty for those} */
    public Optional<Executor> executor() {
        return Optional.ofNullable(executor);
    }

    /** {@return what follows {@code imagegen-java/<version>} in the User-Agent, trimmed; empty for nothing} */
    public Optional<String> userAgentSuffix() {
        return Optional.ofNullable(userAgentSuffix);
    }

    /** {@return the hook that adds headers to every request; empty for none} */
    public Optional<RequestHeaders> requestHeaders() {
        return Optional.ofNullable(requestHeaders);
    }

    /** Equal when every setting is: the same objects (proxy selector, stores, TLS context, hooks), equal values otherwise. */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof HttpOptions h && Objects.equals(proxy, h.proxy) && proxySelector == h.proxySelector
                && Objects.equals(proxyUser, h.proxyUser) && Arrays.equals(proxyPassword, h.proxyPassword)
                && trustStore == h.trustStore && clientKeyStore == h.clientKeyStore && clientKeys == h.clientKeys
                && givenContext == h.givenContext && givenTrust == h.givenTrust
                && maxIdleConnections == h.maxIdleConnections && Objects.equals(keepAlive, h.keepAlive) && Objects.equals(dns, h.dns)
                && Objects.equals(executor, h.executor)
                && Objects.equals(userAgentSuffix, h.userAgentSuffix) && Objects.equals(requestHeaders, h.requestHeaders);
    }

    @Override
    public int hashCode() {
        return Objects.hash(proxy, System.identityHashCode(proxySelector), proxyUser, System.identityHashCode(trustStore),
                System.identityHashCode(clientKeyStore), System.identityHashCode(givenContext), maxIdleConnections, keepAlive, dns,
                executor, userAgentSuffix, requestHeaders);
    }

    /** The settings that are not default; passwords as {@code ***}, key stores and TLS contexts by type only. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "HttpOptions{", "}");
        if (proxy != null) {
            j.add("proxy=" + proxy);
        }
        if (proxySelector != null) {
            j.add("proxySelector=" + proxySelector.getClass().getName());
        }
        if (proxyUser != null) {
            j.add("proxyAuthentication=" + proxyUser + ":***");
        }
        if (givenContext != null) {
            j.add("tls=" + givenContext.getProtocol() + " context of " + givenContext.getProvider().getName());
        }
        if (trustStore != null) {
            j.add("trustStore=" + trustStore.getType() + " key store");
        }
        if (clientKeyStore != null) {
            j.add("clientCertificate=" + clientKeyStore.getType() + " key store, password ***");
        }
        if (maxIdleConnections >= 0) {
            j.add("connectionPool=" + maxIdleConnections + " idle, keep-alive " + keepAlive);
        }
        if (dns != null) {
            j.add("dns=" + dns.getClass().getName());
        }
        if (executor != null) {
            j.add("executor=" + executor.getClass().getName());
        }
        if (userAgentSuffix != null) {
            j.add("userAgentSuffix=" + userAgentSuffix);
        }
        if (requestHeaders != null) {
            j.add("requestHeaders=" + requestHeaders.getClass().getName());
        }
        return j.toString();
    }

    /** Builds {@link HttpOptions}. Not thread-safe. */
    public static final class Builder {
        private @Nullable Proxy proxy;
        private @Nullable ProxySelector proxySelector;
        private @Nullable String proxyUser;
        private char @Nullable [] proxyPassword;
        private @Nullable KeyStore trustStore;
        private @Nullable KeyStore clientKeyStore;
        private KeyManager @Nullable [] clientKeys;
        private @Nullable SSLContext givenContext;
        private @Nullable X509TrustManager givenTrust;
        private int maxIdleConnections = -1;
        private @Nullable Duration keepAlive;
        private @Nullable Function<String, List<InetAddress>> dns;
        private @Nullable Executor executor;
        private @Nullable String userAgentSuffix;
        private @Nullable RequestHeaders requestHeaders;

        private Builder() {
        }

        /**
         * Sends every request through {@code proxy} (an HTTP proxy: https requests go through a CONNECT tunnel; or
         * SOCKS), replacing a {@link #proxySelector}; {@code null} for none. Without either, the JDK's
         * {@link ProxySelector#getDefault()} decides ({@code -Dhttps.proxyHost}, ...).
         * @param proxy the proxy, or null to remove one set before
         * @return this builder
         */
        public Builder proxy(@Nullable Proxy proxy) {
            this.proxy = proxy;
            this.proxySelector = proxy == null ? proxySelector : null;
            return this;
        }

        /** Chooses the proxy per URL, replacing a {@link #proxy}; {@code null} for the JDK's default.
         * @param selector the selector, or null to remove one set before
         * @return this builder */
        public Builder proxySelector(@Nullable ProxySelector selector) {
            this.proxySelector = selector;
            this.proxy = selector == null ? proxy : null;
            return this;
        }

        /**
         * The credentials an HTTP proxy asks for with a 407 ({@code Proxy-Authorization: Basic}); sent to the proxy
         * only, before opening an https tunnel, and never to the vendor. The password is copied; clear yours when
         * done. {@code null} user for none.
         * @param user     the proxy user name, without {@code :}; null removes the credentials
         * @param password the password; required when {@code user} is set, ignored otherwise; copied
         * @return this builder
         * @throws IllegalArgumentException if {@code user} contains {@code :}
         */
        public Builder proxyAuthentication(@Nullable String user, char @Nullable [] password) {
            if (user == null) {
                this.proxyUser = null;
                this.proxyPassword = null;
                return this;
            }
            if (user.indexOf(':') >= 0) {
                throw new IllegalArgumentException("proxy user must not contain ':' (Basic authentication separates it from the password with one)");
            }
            this.proxyUser = user;
            this.proxyPassword = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /**
         * The certificates of the certificate authorities (or servers) to trust instead of the JDK's: a corporate
         * CA that re-signs traffic, a private gateway's own. Replaces a {@link #tls} context; {@code null} for the
         * JDK's.
         *
         * @param trustStore a loaded key store of trusted certificates, or null for the JDK's
         * @return this builder
         * @throws IllegalArgumentException when the store holds no certificate
         */
        public Builder trustStore(@Nullable KeyStore trustStore) {
            if (trustStore != null) {
                TlsMaterial.trustManager(trustStore);
            }
            this.trustStore = trustStore;
            this.givenContext = trustStore == null ? givenContext : null;
            this.givenTrust = trustStore == null ? givenTrust : null;
            return this;
        }

        /**
         * The private key and certificate chain to present when a server asks for one (mutual TLS), with the
         * password of its key entry; the password unlocks the key here and is not kept. Servers are checked against
         * the {@link #trustStore} if given, else the JDK's CAs. Replaces a {@link #tls} context; {@code null} for none.
         *
         * @param keyStore a loaded key store with one private key entry and its chain, or null for none
         * @param password the password of the key entry, or null for a key without one
         * @return this builder
         * @throws IllegalArgumentException when the store holds no private key or the password does not unlock it
         */
        public Builder clientCertificate(@Nullable KeyStore keyStore, char @Nullable [] password) {
            this.clientKeys = keyStore == null ? null : TlsMaterial.keyManagers(keyStore, password);
            this.clientKeyStore = keyStore;
            this.givenContext = keyStore == null ? givenContext : null;
            this.givenTrust = keyStore == null ? givenTrust : null;
            return this;
        }

        /**
         * A TLS context of your own (its key managers present the client certificate) with the trust manager it
         * checks servers with (HTTP clients need it apart, to clean up certificate chains), for what the key-store
         * methods do not cover (another provider, a hardware key). Replaces {@link #trustStore} and
         * {@link #clientCertificate}; {@code null}s for the JDK's default.
         * @param sslContext   an initialised TLS context, or null (with a null trust manager) for the JDK's default
         * @param trustManager the trust manager the context checks servers with, or null with a null context
         * @return this builder
         * @throws IllegalArgumentException if exactly one of the two is null
         */
        public Builder tls(@Nullable SSLContext sslContext, @Nullable X509TrustManager trustManager) {
            if ((sslContext == null) != (trustManager == null)) {
                throw new IllegalArgumentException("tls needs both the SSL context and its trust manager, or neither");
            }
            this.givenContext = sslContext;
            this.givenTrust = trustManager;
            if (sslContext != null) {
                this.trustStore = null;
                this.clientKeyStore = null;
                this.clientKeys = null;
            }
            return this;
        }

        /**
         * The connection pool: how many idle connections it keeps (0 keeps none: every request opens a connection)
         * and how long one may stay idle before it is closed. Default: as many as {@code maxConcurrency} allows, up
         * to 256 and at least 5, for 5 minutes. Shorten the keep-alive below a proxy's or load balancer's idle
         * timeout so the pool closes connections before they do.
         * @param maxIdleConnections how many idle connections to keep, zero or more
         * @param keepAlive          how long an idle connection is kept, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code maxIdleConnections} is negative or {@code keepAlive} not positive
         */
        public Builder connectionPool(int maxIdleConnections, Duration keepAlive) {
            if (maxIdleConnections < 0) {
                throw new IllegalArgumentException("maxIdleConnections must be >= 0, got " + maxIdleConnections);
            }
            if (keepAlive == null || keepAlive.isNegative() || keepAlive.isZero()) {
                throw new IllegalArgumentException("keepAlive must be positive, got " + keepAlive);
            }
            this.maxIdleConnections = maxIdleConnections;
            this.keepAlive = keepAlive;
            return this;
        }

        /**
         * Resolves host names instead of the system's resolver (a service-discovery lookup, DNS over HTTPS, pinned
         * addresses in tests): host name in, its addresses out, in the order to try them. An empty list, or a
         * {@link java.io.UncheckedIOException} or other runtime exception, means the host is unknown: the request
         * fails with a connection error (polls and downloads are retried). Output downloads still never connect to
         * local addresses the resolver gives unless the API is local or insecure downloads are allowed. Not used for
         * hosts a proxy resolves. {@code null} for the system's.
         * @param resolver the resolver, called on the sending thread, or null for the system's
         * @return this builder
         */
        public Builder dns(@Nullable Function<String, List<InetAddress>> resolver) {
            this.dns = resolver;
            return this;
        }

        /**
         * Runs the client's asynchronous HTTP calls (those of {@code generateAsync}, jobs' polls, parallel calls of a
         * split request) and their continuations instead of the client's own threads; on Java 21+, e.g.
         * {@code Executors.newVirtualThreadPerTaskExecutor()}. The client hands it at most {@code maxConcurrency}
         * calls at once and never shuts it down: close it yourself after the client. Blocking calls still send on
         * their caller's thread (a virtual one works: waiting parks it). The client's one scheduler thread (deadlines,
         * retry and poll timers) stays its own. {@code null} for the client's own threads.
         * @param executor the executor, or null for the client's own threads
         * @return this builder
         */
        public Builder executor(@Nullable Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * Names the application after the SDK in the User-Agent: {@code imagegen-java/<version> <suffix>}, e.g.
         * {@code acme-studio/2.3}, so a vendor's support can tell your traffic apart; {@code null} for none. Printable
         * ASCII only (a header value).
         * @param suffix the suffix, e.g. {@code acme-studio/2.3} (trimmed), or null for none
         * @return this builder
         * @throws IllegalArgumentException if {@code suffix} is blank or not printable ASCII
         */
        public Builder userAgentSuffix(@Nullable String suffix) {
            if (suffix != null && (suffix.isBlank() || !suffix.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
                throw new IllegalArgumentException("userAgentSuffix must be printable ASCII and not blank, got '" + suffix + "'");
            }
            this.userAgentSuffix = suffix == null ? null : suffix.trim();
            return this;
        }

        /** Adds headers to every HTTP request the client sends (see {@link RequestHeaders}); {@code null} for none.
         * @param hook the hook, or null for none
         * @return this builder */
        public Builder requestHeaders(@Nullable RequestHeaders hook) {
            this.requestHeaders = hook;
            return this;
        }

        /** {@return the options; the builder can be reused} */
        public HttpOptions build() {
            return new HttpOptions(this);
        }
    }
}
