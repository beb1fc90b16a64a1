package dev.imagegen.spring;

import dev.imagegen.PriceFormula;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code imagegen.*} properties the starter builds its {@link dev.imagegen.ImageClient} from: one for every
 * setting of {@link dev.imagegen.ImageClient.Builder} that a property can hold. A property left unset leaves the
 * SDK's own default (shown in the IDE and in {@code docs/spring-boot.md}), or the emulator's when
 * {@code imagegen.emulator.enabled=true}.
 */
@ConfigurationProperties("imagegen")
public class ImagegenProperties {

    /**
     * Per provider id ({@code lumoz}, {@code segmind}, {@code wavespeed}, {@code lumenfall}, {@code fal}): key, base
     * URL, options, limits and prices. A provider without an API key (here, or found by the SDK's own lookup) is not
     * configured.
     */
    private final Map<String, Provider> providers = new LinkedHashMap<>();

    /** Which provider serves a model several offer, for requests that name none; unlisted providers come after. */
    private List<String> preferProviders = new ArrayList<>();

    /**
     * How a request that names no provider picks among the candidates. A {@code RoutingPolicy} bean, when there is
     * one, wins over this.
     */
    private Routing routing;

    /** Overall deadline of one request: connecting, every retry, queueing and polling. */
    private Duration timeout;

    /** Time to establish a connection. */
    private Duration connectTimeout;

    /** Longest silence while reading a response; keep it above the generation time of vendors that answer with the image. */
    private Duration readTimeout;

    /** Deadline of one deferred output download (downloadOutputs(false), webhooks), retries included. */
    private Duration downloadTimeout;

    /** Wait between polls of a job: each poll waits half again as long as the last, from initial to max. */
    private final PollInterval pollInterval = new PollInterval();

    /** Retries of what is safe to retry; each property left unset keeps RetryPolicy.defaults()'s value. */
    private final Retry retry = new Retry();

    /** The client's HTTP threads: asynchronous calls in flight, in all and per host. */
    private Integer maxConcurrency;

    /** Vendor calls run at once for one request whose count exceeds what one call returns. */
    private Integer maxConcurrentSplits;

    /** Largest response body read, counted as bytes arrive. */
    private DataSize maxBodySize;

    /** Trust output URLs on local addresses (loopback, link-local, private) even when the API is not local. */
    private Boolean allowInsecureDownloads;

    /** Find provider modules on the class path with ServiceLoader. */
    private Boolean discoverProviders;

    /**
     * Whether the SDK's own lookup fills what these properties leave unset: system properties
     * imagegen.&lt;id&gt;.apiKey, .baseUrl, .&lt;option&gt; and environment variables &lt;ID&gt;_API_KEY (fal: FAL_KEY),
     * &lt;ID&gt;_BASE_URL, &lt;ID&gt;_&lt;OPTION&gt;. Off: only these properties configure the client. Never read while the
     * emulator is enabled.
     */
    private boolean readSystemEnvironment = true;

    /** The HTTP transport: proxy, TLS, connection pool, User-Agent suffix (HttpOptions). */
    private final Http http = new Http();

    /** A spending cap: requests that would exceed it fail before anything is sent. */
    private final Budget budget = new Budget();

    /** The bundled emulator of the vendor APIs, for local development and tests (needs imagegen-testkit). */
    private final Emulator emulator = new Emulator();

    /** Micrometer metrics (imagegen-micrometer), recorded when a MeterRegistry bean exists. */
    private final Toggle metrics = new Toggle();

    /** OpenTelemetry spans (imagegen-opentelemetry), recorded when an OpenTelemetry bean exists. */
    private final Toggle tracing = new Toggle();

    /**
     * Micrometer observations (imagegen-micrometer): generations and provider calls in the GenAI names, recorded when
     * an ObservationRegistry bean exists.
     */
    private final Toggle observations = new Toggle();

    public Map<String, Provider> getProviders() {
        return providers;
    }

    public List<String> getPreferProviders() {
        return preferProviders;
    }

    public void setPreferProviders(List<String> preferProviders) {
        this.preferProviders = preferProviders;
    }

    public Routing getRouting() {
        return routing;
    }

    public void setRouting(Routing routing) {
        this.routing = routing;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    public Duration getDownloadTimeout() {
        return downloadTimeout;
    }

    public void setDownloadTimeout(Duration downloadTimeout) {
        this.downloadTimeout = downloadTimeout;
    }

    public PollInterval getPollInterval() {
        return pollInterval;
    }

    public Retry getRetry() {
        return retry;
    }

    public Integer getMaxConcurrency() {
        return maxConcurrency;
    }

    public void setMaxConcurrency(Integer maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
    }

    public Integer getMaxConcurrentSplits() {
        return maxConcurrentSplits;
    }

    public void setMaxConcurrentSplits(Integer maxConcurrentSplits) {
        this.maxConcurrentSplits = maxConcurrentSplits;
    }

    public DataSize getMaxBodySize() {
        return maxBodySize;
    }

    public void setMaxBodySize(DataSize maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    public Boolean getAllowInsecureDownloads() {
        return allowInsecureDownloads;
    }

    public void setAllowInsecureDownloads(Boolean allowInsecureDownloads) {
        this.allowInsecureDownloads = allowInsecureDownloads;
    }

    public Boolean getDiscoverProviders() {
        return discoverProviders;
    }

    public void setDiscoverProviders(Boolean discoverProviders) {
        this.discoverProviders = discoverProviders;
    }

    public boolean isReadSystemEnvironment() {
        return readSystemEnvironment;
    }

    public void setReadSystemEnvironment(boolean readSystemEnvironment) {
        this.readSystemEnvironment = readSystemEnvironment;
    }

    public Http getHttp() {
        return http;
    }

    public Budget getBudget() {
        return budget;
    }

    public Emulator getEmulator() {
        return emulator;
    }

    public Toggle getMetrics() {
        return metrics;
    }

    public Toggle getTracing() {
        return tracing;
    }

    public Toggle getObservations() {
        return observations;
    }

    /** The routing policies a property can name; anything else is a {@code RoutingPolicy} bean. */
    public enum Routing {
        /** RoutingPolicy.preferenceOrder(): the prefer-providers order, then the others. */
        PREFERENCE_ORDER,
        /** RoutingPolicy.cheapest(): the lowest catalog estimate first. */
        CHEAPEST
    }

    /** One provider's settings, under {@code imagegen.providers.<id>}. */
    public static class Provider {

        /** The API key; never logged. */
        private String apiKey;

        /** The API base URL, e.g. a proxy or a local emulator; default: the vendor's production API. */
        private String baseUrl;

        /** The secret the vendor signs its webhooks with (e.g. WaveSpeed's whsec_...); never logged. */
        private String webhookSecret;

        /** Provider options by name (camelCase or kebab-case), e.g. segmind queue=true; see docs/configuration.md. */
        private Map<String, String> options = new LinkedHashMap<>();

        /** Largest input image or mask this provider takes, replacing its catalog's value. */
        private DataSize maxInputImageSize;

        /** Client-side limits and the circuit breaker. */
        private final Limits limits = new Limits();

        /** Price per canonical model id, replacing the catalog's (a negotiated rate, or one it marks unverified). */
        private Map<String, Price> prices = new LinkedHashMap<>();

        public String getApiKey() {
            return apiKey;
        }

        public void setApiKey(String apiKey) {
            this.apiKey = apiKey;
        }

        public String getBaseUrl() {
            return baseUrl;
        }

        public void setBaseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        public String getWebhookSecret() {
            return webhookSecret;
        }

        public void setWebhookSecret(String webhookSecret) {
            this.webhookSecret = webhookSecret;
        }

        public Map<String, String> getOptions() {
            return options;
        }

        public void setOptions(Map<String, String> options) {
            this.options = options;
        }

        public DataSize getMaxInputImageSize() {
            return maxInputImageSize;
        }

        public void setMaxInputImageSize(DataSize maxInputImageSize) {
            this.maxInputImageSize = maxInputImageSize;
        }

        public Limits getLimits() {
            return limits;
        }

        public Map<String, Price> getPrices() {
            return prices;
        }

        public void setPrices(Map<String, Price> prices) {
            this.prices = prices;
        }

        @Override
        public String toString() {
            // keys and secrets stay out of logs and failure messages
            return "Provider{baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "unset" : "set") + ", options=" + options + "}";
        }
    }

    /** Per-provider limits, under {@code imagegen.providers.<id>.limits}; unset ones keep ProviderLimits.defaults(). */
    public static class Limits {

        /** Most vendor calls in progress at once, polling included; 0: no limit. */
        private Integer maxConcurrent;

        /** Most paid calls started in any 60-second window; 0: no limit. */
        private Integer requestsPerMinute;

        /** The circuit breaker. */
        private final CircuitBreaker circuitBreaker = new CircuitBreaker();

        public Integer getMaxConcurrent() {
            return maxConcurrent;
        }

        public void setMaxConcurrent(Integer maxConcurrent) {
            this.maxConcurrent = maxConcurrent;
        }

        public Integer getRequestsPerMinute() {
            return requestsPerMinute;
        }

        public void setRequestsPerMinute(Integer requestsPerMinute) {
            this.requestsPerMinute = requestsPerMinute;
        }

        public CircuitBreaker getCircuitBreaker() {
            return circuitBreaker;
        }
    }

    /** A provider's circuit breaker, under {@code imagegen.providers.<id>.limits.circuit-breaker}. */
    public static class CircuitBreaker {

        /** Whether the provider has a circuit breaker. */
        private Boolean enabled;

        /** The failed share of the window, over 0 and at most 1, that opens the circuit. */
        private Double failureRate;

        /** How many of the latest calls the failure rate is measured over. */
        private Integer window;

        /** How many calls the window must hold before the rate counts. */
        private Integer minimumCalls;

        /** How long an open circuit refuses calls before letting one probe through. */
        private Duration coolDown;

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public Double getFailureRate() {
            return failureRate;
        }

        public void setFailureRate(Double failureRate) {
            this.failureRate = failureRate;
        }

        public Integer getWindow() {
            return window;
        }

        public void setWindow(Integer window) {
            this.window = window;
        }

        public Integer getMinimumCalls() {
            return minimumCalls;
        }

        public void setMinimumCalls(Integer minimumCalls) {
            this.minimumCalls = minimumCalls;
        }

        public Duration getCoolDown() {
            return coolDown;
        }

        public void setCoolDown(Duration coolDown) {
            this.coolDown = coolDown;
        }
    }

    /** One model's price, under {@code imagegen.providers.<id>.prices.<model>}. */
    public static class Price {

        /** What the rate is per: per-image, per-second or per-megapixel. */
        private PriceFormula.Unit unit;

        /** USD per unit. */
        private BigDecimal rateUsd;

        /** For per-second prices: the generation time to assume before the real one is known. */
        private Duration typicalDuration;

        public PriceFormula.Unit getUnit() {
            return unit;
        }

        public void setUnit(PriceFormula.Unit unit) {
            this.unit = unit;
        }

        public BigDecimal getRateUsd() {
            return rateUsd;
        }

        public void setRateUsd(BigDecimal rateUsd) {
            this.rateUsd = rateUsd;
        }

        public Duration getTypicalDuration() {
            return typicalDuration;
        }

        public void setTypicalDuration(Duration typicalDuration) {
            this.typicalDuration = typicalDuration;
        }
    }

    /** Under {@code imagegen.poll-interval}. */
    public static class PollInterval {

        /** The first wait between polls of a job. */
        private Duration initial;

        /** The largest wait between polls of a job. */
        private Duration max;

        public Duration getInitial() {
            return initial;
        }

        public void setInitial(Duration initial) {
            this.initial = initial;
        }

        public Duration getMax() {
            return max;
        }

        public void setMax(Duration max) {
            this.max = max;
        }
    }

    /** Under {@code imagegen.retry}. */
    public static class Retry {

        /** Retries after the first attempt; 0 disables retrying. */
        private Integer maxRetries;

        /** The first backoff delay. */
        private Duration initialDelay;

        /** The largest backoff delay. */
        private Duration maxDelay;

        /** The longest server-requested wait (Retry-After) honoured; a longer one ends retrying. */
        private Duration maxRetryAfter;

        /** Whether backoff delays are randomised (between half and all of the delay). */
        private Boolean jitter;

        public Integer getMaxRetries() {
            return maxRetries;
        }

        public void setMaxRetries(Integer maxRetries) {
            this.maxRetries = maxRetries;
        }

        public Duration getInitialDelay() {
            return initialDelay;
        }

        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }

        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }

        public Duration getMaxRetryAfter() {
            return maxRetryAfter;
        }

        public void setMaxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
        }

        public Boolean getJitter() {
            return jitter;
        }

        public void setJitter(Boolean jitter) {
            this.jitter = jitter;
        }
    }

    /**
     * Under {@code imagegen.http}: what of {@link dev.imagegen.HttpOptions} a property can hold. An
     * {@code HttpOptions} bean, when there is one, is the starting point these are applied over (for a resolver, an
     * executor or a request-headers hook, which no property holds).
     */
    public static class Http {

        /** An HTTP or SOCKS proxy for every request. */
        private final HttpProxy proxy = new HttpProxy();

        /** Certificates to trust instead of the JDK's (a corporate CA, a private gateway's own). */
        private final Store trustStore = new Store();

        /** A private key and certificate chain to present when a server asks for one (mutual TLS). */
        private final ClientCertificate clientCertificate = new ClientCertificate();

        /** The name of a Spring Boot SSL bundle (spring.ssl.bundle.*) to use instead of trust-store and client-certificate. */
        private String sslBundle;

        /** The connection pool. */
        private final Pool pool = new Pool();

        /** Names the application after the SDK in the User-Agent (imagegen-java/&lt;version&gt; &lt;suffix&gt;); printable ASCII. */
        private String userAgentSuffix;

        public HttpProxy getProxy() {
            return proxy;
        }

        public Store getTrustStore() {
            return trustStore;
        }

        public ClientCertificate getClientCertificate() {
            return clientCertificate;
        }

        public String getSslBundle() {
            return sslBundle;
        }

        public void setSslBundle(String sslBundle) {
            this.sslBundle = sslBundle;
        }

        public Pool getPool() {
            return pool;
        }

        public String getUserAgentSuffix() {
            return userAgentSuffix;
        }

        public void setUserAgentSuffix(String userAgentSuffix) {
            this.userAgentSuffix = userAgentSuffix;
        }
    }

    /** Under {@code imagegen.http.proxy}. */
    public static class HttpProxy {

        /** The proxy's host; unset: the JDK's ProxySelector decides (-Dhttps.proxyHost, ...). */
        private String host;

        /** The proxy's port; required with host. */
        private Integer port;

        /** The kind of proxy. */
        private java.net.Proxy.Type type = java.net.Proxy.Type.HTTP;

        /** The user name an HTTP proxy asks for with a 407 (Basic); sent to the proxy only. */
        private String username;

        /** The password that goes with username; never logged. */
        private String password;

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public Integer getPort() {
            return port;
        }

        public void setPort(Integer port) {
            this.port = port;
        }

        public java.net.Proxy.Type getType() {
            return type;
        }

        public void setType(java.net.Proxy.Type type) {
            this.type = type;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }
    }

    /** A key store file, under {@code imagegen.http.trust-store}. */
    public static class Store {

        /** Where the store is, e.g. file:/etc/pki/corp-cas.p12 or classpath:cas.p12. */
        private Resource location;

        /** The store's password; never logged. */
        private String password;

        /** The store's format (KeyStore type). */
        private String type = "PKCS12";

        public Resource getLocation() {
            return location;
        }

        public void setLocation(Resource location) {
            this.location = location;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }
    }

    /** A key store holding the client's key, under {@code imagegen.http.client-certificate}. */
    public static class ClientCertificate extends Store {

        /** The password of the key entry; unset: the store's password. Never logged. */
        private String keyPassword;

        public String getKeyPassword() {
            return keyPassword;
        }

        public void setKeyPassword(String keyPassword) {
            this.keyPassword = keyPassword;
        }
    }

    /** Under {@code imagegen.http.pool}; set both or neither. */
    public static class Pool {

        /** How many idle connections the pool keeps (0: none, every request opens one). */
        private Integer maxIdleConnections;

        /** How long a connection may stay idle before it is closed; keep it below a proxy's idle timeout. */
        private Duration keepAlive;

        public Integer getMaxIdleConnections() {
            return maxIdleConnections;
        }

        public void setMaxIdleConnections(Integer maxIdleConnections) {
            this.maxIdleConnections = maxIdleConnections;
        }

        public Duration getKeepAlive() {
            return keepAlive;
        }

        public void setKeepAlive(Duration keepAlive) {
            this.keepAlive = keepAlive;
        }
    }

    /** Under {@code imagegen.budget}. */
    public static class Budget {

        /** The most to spend per period, in USD; unset: no budget. */
        private BigDecimal limitUsd;

        /** The length of one budget window, counted from when the client is built. */
        private Duration period = Duration.ofDays(1);

        public BigDecimal getLimitUsd() {
            return limitUsd;
        }

        public void setLimitUsd(BigDecimal limitUsd) {
            this.limitUsd = limitUsd;
        }

        public Duration getPeriod() {
            return period;
        }

        public void setPeriod(Duration period) {
            this.period = period;
        }
    }

    /** Under {@code imagegen.emulator}. */
    public static class Emulator {

        /**
         * Start the emulator of the five vendor APIs on loopback and point every provider at it, with its key; stopped
         * with the application context. Needs dev.imagegen:imagegen-testkit on the class path.
         */
        private boolean enabled = false;

        /** How long each emulated generation takes. */
        private Duration processingTime = Duration.ZERO;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getProcessingTime() {
            return processingTime;
        }

        public void setProcessingTime(Duration processingTime) {
            this.processingTime = processingTime;
        }
    }

    /** An on/off switch, under {@code imagegen.metrics}, {@code imagegen.tracing} and {@code imagegen.observations}. */
    public static class Toggle {

        /** Whether this is wired into the client when its registry or SDK bean exists. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
