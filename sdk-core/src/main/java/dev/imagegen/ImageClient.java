package dev.imagegen;

import dev.imagegen.internal.client.ClientCore;
import dev.imagegen.internal.client.ClientFactory;
import dev.imagegen.internal.client.ClientSettings;
import dev.imagegen.spi.ImageProviderFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * The entry point: generates images through whichever configured provider serves the requested model. Thread-safe;
 * create one per application and share it (it owns a connection pool and one scheduler thread), and close it when done.
 *
 * <pre>{@code
 * try (ImageClient client = ImageClient.fromEnv()) {
 *     ImageResult result = client.generate(ImageRequest.builder()
 *             .model("hidream-i1-fast")
 *             .prompt("a cute panda holding a sign that says \"Keep Calm\"")
 *             .size(1024, 1024)
 *             .build());
 *     result.image().writeTo(Path.of("panda.webp"));
 * }
 * }</pre>
 *
 * <p>Providers are found with {@link java.util.ServiceLoader} (add a provider module to the class path) and enabled when
 * they have an API key: from {@link Builder#apiKey}, else the system property {@code imagegen.<id>.apiKey}, else the
 * provider's environment variables (by default {@code <ID>_API_KEY}; each provider's page names its own). Base URLs likewise
 * ({@code <ID>_BASE_URL}).
 */
public final class ImageClient implements AutoCloseable {

    static {
        // lets the SDK's own tests read transport counters without a public accessor (see ClientInternals)
        dev.imagegen.internal.client.ClientInternals.register(c -> c.core);
    }

    private final ClientCore core;

    private ImageClient(ClientCore core) {
        this.core = core;
    }

    /** {@return a client with every provider on the class path that has an API key in the environment or system properties} */
    public static ImageClient fromEnv() {
        return builder().build();
    }

    /** {@return a new builder, every setting at its default} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return the images, once ready}: blocks while generating (polling for submit-and-poll vendors). A request that
     * names no provider is routed by the client's {@link Builder#routing(RoutingPolicy) routing policy} and fails over
     * to the next candidate where that is safe; the result's {@code routing.*} metadata says what was tried. An
     * interrupt cancels the request.
     * @param request the request; its model must be served by a configured provider
     * @throws InvalidRequestException   before any network call, when the request does not fit the model
     * @throws BudgetExceededException   before any network call, when the client's budget would be exceeded
     * @throws ClientClosedException     when the client is closed, before or while the request runs
     * @throws DeadlineExceededException when the request's deadline passes (with the job's ref when a job was accepted)
     * @throws ImageGenerationException  or a subclass, when the generation fails (on every candidate tried)
     */
    public ImageResult generate(ImageRequest request) {
        return generate(request, ProgressListener.NONE);
    }

    /** {@link #generate(ImageRequest)}, telling {@code progress} of every status change of the request's vendor calls.
     * @param request  the request; its model must be served by a configured provider
     * @param progress the request's own listener, called on the client's threads; or {@link ProgressListener#NONE}
     * @return the images, once ready */
    public ImageResult generate(ImageRequest request, ProgressListener progress) {
        return core.generate(request, progress);
    }

    /** {@return a future of the result}, generated without holding a thread while waiting. Cancelling it cancels the
     * request: its HTTP calls and polls stop, and an accepted job is cancelled at the vendor where the provider can.
     * Failures complete the future with the same exceptions {@link #generate} throws, refusals before sending included.
     * @param request the request; its model must be served by a configured provider */
    public CompletableFuture<ImageResult> generateAsync(ImageRequest request) {
        return generateAsync(request, ProgressListener.NONE);
    }

    /** {@link #generateAsync(ImageRequest)}, telling {@code progress} of every status change of its vendor calls.
     * @param request  the request; its model must be served by a configured provider
     * @param progress the request's own listener, called on the client's threads; or {@link ProgressListener#NONE}
     * @return a future of the result; cancelling it cancels the request */
    public CompletableFuture<ImageResult> generateAsync(ImageRequest request, ProgressListener progress) {
        return core.generateAsync(request, progress);
    }

    /** {@return the request's job, at once}, for vendors that run generations in the background (its
     * {@link ImageJob#ref()} survives restarts). For vendors that answer with the images, the call blocks until they are
     * ready and the job is already finished. Needs a count one vendor call can return.
     * @param request the request, for at most {@link ModelInfo#maxCountPerCall()} images */
    public ImageJob submit(ImageRequest request) {
        return submit(request, ProgressListener.NONE);
    }

    /** {@link #submit(ImageRequest)}, telling {@code progress} of every status change of the job, later polls' too.
     * @param request  the request, for at most {@link ModelInfo#maxCountPerCall()} images
     * @param progress the job's own listener, called on the client's threads; or {@link ProgressListener#NONE}
     * @return the request's job */
    public ImageJob submit(ImageRequest request, ProgressListener progress) {
        return core.submit(request, progress);
    }

    /** {@return the job rebuilt from its {@link ImageJob#ref()}, in this or another process}; nothing is sent until polled.
     * @param jobRef a ref from {@link ImageJob#ref()} or {@link ImageGenerationException#jobRef()} */
    public ImageJob resume(String jobRef) {
        return core.resume(jobRef);
    }

    /** Claims up to {@code max} paid jobs that a process sharing this client's {@link Builder#sharedStore store} accepted
     * and died before delivering, and resumes them here (deliver them, e.g. with {@link ImageJob#toFuture()}). Each job
     * goes to one claimant. None with the default in-process store. See {@code docs/scale.md}.
     * @param max the most jobs to claim, at least 1
     * @return the claimed jobs, resumed here (one this client cannot resume is logged and skipped); empty for none
     * @throws IllegalArgumentException when {@code max} is below 1 */
    public List<ImageJob> adoptOrphanedJobs(int max) {
        return core.adoptOrphanedJobs(max);
    }

    /** {@return what the request would cost (all its images), without generating}: a price configured with {@link
     * Builder#price} for the model, else the vendor's own estimate where it offers one (a dry run, which is sent but
     * not billed), else the model catalog's price formula. Always {@link Cost.Kind#ESTIMATED}.
     * @param request the request to price; nothing is generated
     * @throws InvalidRequestException before any network call, when the request does not fit the model */
    public Cost estimate(ImageRequest request) {
        return core.estimate(request);
    }

    /** Turns a webhook the vendor POSTed to your server into a result, as if the job had been polled to the end (for
     * vendors that send webhooks, e.g. WaveSpeed, fal), after checking its signature: with the webhook secret
     * configured for the provider ({@link Builder#webhookSecret}, {@code imagegen.<id>.webhookSecret},
     * {@code <ID>_WEBHOOK_SECRET}) or the vendor's published keys. Output URLs are downloaded through this client.
     * @param providerId the id of the configured provider whose vendor sent the webhook, e.g. {@code wavespeed}
     * @param delivery   the headers and the raw body, exactly as your server received them
     * @return the job's result, as a poll to the end would have given it
     * @throws WebhookVerificationException when the signature is missing, wrong or stale: do not act on the delivery
     * @throws InvalidRequestException      when the provider signs nothing, or its webhook secret is not configured
     * @throws GenerationFailedException    when the payload reports a failed job
     * @throws InvalidResponseException     when the payload cannot be read, or reports a job that has not ended */
    public ImageResult parseWebhook(String providerId, WebhookDelivery delivery) {
        return core.parseWebhook(providerId, delivery);
    }

    /** Reads a webhook payload <em>without</em> checking that it came from the vendor: the explicit opt-out, for a
     * vendor that signs nothing or a payload your own infrastructure already authenticated. Anyone who can reach your
     * webhook URL can make this return a result of their choosing.
     * @param providerId the id of the configured provider whose vendor's payload format it is, e.g. {@code fal}
     * @param payload    the webhook's raw body
     * @return the job's result, as the payload describes it */
    public ImageResult parseUnverifiedWebhook(String providerId, byte[] payload) {
        return core.parseUnverifiedWebhook(providerId, payload);
    }

    /** {@return where the client's {@link Builder#budget(Budget) budget} stands}: spent and reserved in the current
     * window, what is left, and when the window ends. Empty when the client has no budget. */
    public Optional<BudgetStatus> budgetStatus() {
        return core.budgetStatus();
    }

    /** {@return each configured provider's circuit breaker state, in preference order} For health checks; nothing is sent. */
    public Map<String, CircuitState> circuitStates() {
        return core.circuitStates();
    }

    /** {@return the ids of the configured providers (those with an API key), in preference order} */
    public List<String> providers() {
        return core.providerIds();
    }

    /** {@return every model of every configured provider, unmodifiable} */
    public List<ModelInfo> models() {
        return core.models();
    }

    /** Closes the client: every request in flight, blocking or asynchronous, ends at once with a
     * {@link ClientClosedException} (carrying the job's ref when the vendor had accepted a paid job, so another client
     * can resume it); every later call fails with one before sending anything; the connection pool is released and the
     * client's threads have ended when this returns (unless called from one of them: that one ends right after).
     * Idempotent. */
    @Override
    public void close() {
        core.close();
    }

    @Override
    public String toString() {
        return "ImageClient" + core.providerIds();
    }

    /** Configures an {@link ImageClient}. Not thread-safe. */
    public static final class Builder {
        private final ClientSettings s = new ClientSettings();

        private Builder() {
        }

        /** This builder; each setter applies (and checks) its setting in the argument, not in a lambda a fresh JVM spins. */
        private Builder with(Object applied) {
            return this;
        }

        /** A provider's API key; wins over system properties and the environment.
         * @param providerId the provider's id, e.g. {@code fal}
         * @param apiKey     the key as the vendor issued it
         * @return this builder */
        public Builder apiKey(String providerId, String apiKey) {
            return with(s.apiKeys.put(providerId, Objects.requireNonNull(apiKey, "apiKey")));
        }

        /** The secret a provider signs its webhooks with, for {@link ImageClient#parseWebhook}; wins over
         * {@code imagegen.<id>.webhookSecret} and {@code <ID>_WEBHOOK_SECRET}. Never logged or shown.
         * @param providerId the provider's id, e.g. {@code wavespeed}
         * @param secret     the secret as the vendor shows it, e.g. WaveSpeed's {@code whsec_...}
         * @return this builder */
        public Builder webhookSecret(String providerId, String secret) {
            return with(s.webhookSecret(providerId, secret));
        }

        /** A provider's API base URL (e.g. a local emulator); wins over system properties and the environment.
         * @param providerId the provider's id, e.g. {@code fal}
         * @param baseUrl    the absolute URL the provider's paths are resolved against
         * @return this builder */
        public Builder baseUrl(String providerId, String baseUrl) {
            return with(s.baseUrls.put(providerId, Objects.requireNonNull(baseUrl, "baseUrl")));
        }

        /** A provider option; wins over system properties and the environment.
         * @param providerId the provider's id, e.g. {@code fal}
         * @param name       the option's name, one the provider's documentation lists
         * @param value      its value, as text; replaces a value set before
         * @return this builder */
        public Builder providerOption(String providerId, String name, String value) {
            return with(s.option(providerId, name, value));
        }

        /** Adds a provider factory explicitly.
         * @param factory the factory; it may also be found by the service loader (the same class is fine)
         * @return this builder */
        public Builder addProvider(ImageProviderFactory factory) {
            return with(s.factories.add(Objects.requireNonNull(factory, "factory")));
        }

        /** Whether to find providers with {@link java.util.ServiceLoader}.
         * @param discover true (the default) to load every provider on the class path; false for only those added
         * @return this builder */
        public Builder discoverProviders(boolean discover) {
            return with(s.serviceLoader = discover);
        }

        /** The providers tried first for a request naming none; the rest follow in the default order (docs/routing.md).
         * @param providerIds provider ids, most preferred first, replacing those given before (none by default)
         * @return this builder */
        public Builder preferProviders(String... providerIds) {
            return with(s.prefer(providerIds));
        }

        /** How a request that names no provider is routed among the providers that can serve it. When the chosen
         * provider fails with a rate limit, a server error, a connection failure, insufficient credits or an open
         * circuit, after its own retries, the request fails over to the next candidate; see {@code docs/routing.md}.
         * @param policy default {@link RoutingPolicy#preferenceOrder(String...)}, the {@link #preferProviders} order
         * @return this builder */
        public Builder routing(RoutingPolicy policy) {
            return with(s.routing = Objects.requireNonNull(policy, "policy"));
        }

        /** Limits and the circuit breaker of one provider. Requests over a limit wait their turn.
         * @param providerId the provider's id, e.g. {@code fal}
         * @param limits     its limits; default {@link ProviderLimits#defaults()}: no limits, a circuit that opens for
         *                   30 s when half of the last 100 calls failed
         * @return this builder */
        public Builder providerLimits(String providerId, ProviderLimits limits) {
            return with(s.providerLimits(providerId, limits));
        }

        /** A spending cap: a request whose catalog estimate does not fit in what is left of the current period fails
         * with {@link BudgetExceededException} before anything is sent. See {@link ImageClient#budgetStatus()}.
         * @param budget the cap and its period; none by default
         * @return this builder */
        public Builder budget(Budget budget) {
            return with(s.budget = Objects.requireNonNull(budget, "budget"));
        }

        /** Where budgets, provider limits and the journal of undelivered paid jobs are kept; see {@code docs/scale.md}.
         * @param store e.g. {@code imagegen-redis}'s, shared by every replica of a service; default: in this client
         * @return this builder */
        public Builder sharedStore(dev.imagegen.spi.SharedStore store) {
            return with(s.store = Objects.requireNonNull(store, "store"));
        }

        /** The largest input image (or mask) a provider takes, replacing its catalog's value (which comes from the
         * vendor's docs, see {@link ModelInfo#maxInputImageBytes()}); a larger one fails before sending.
         * @param providerId the provider's id, e.g. {@code fal}
         * @param bytes      the limit in bytes, at least 1
         * @return this builder */
        public Builder maxInputImageBytes(String providerId, long bytes) {
            return with(s.inputImageLimit(providerId, bytes));
        }

        /** The price of one model of a provider, replacing its catalog's (a negotiated rate, or a price the catalog
         * marks unverified): estimates, budgets, the {@code cheapest} routing policy and results' estimated costs use
         * it; {@link ImageClient#models()} still lists the catalog's own price.
         * @param providerId the provider's id, e.g. {@code fal}
         * @param modelId    the model's canonical id ({@link ModelInfo#id()}), e.g. {@code hidream-i1-fast}
         * @param price      the price formula
         * @return this builder */
        public Builder price(String providerId, String modelId, PriceFormula price) {
            return with(s.price(providerId, modelId, price));
        }

        /** Reads environment variables from this map instead of the process environment (for tests).
         * @param variables the variables by name; copied
         * @return this builder */
        public Builder environment(Map<String, String> variables) {
            return with(s.env = new ClientFactory.EnvMap(Map.copyOf(variables)));
        }

        /** Reads {@code imagegen.*} properties from these instead of {@link System#getProperties()} (for tests).
         * @param properties the properties; read when the client is built
         * @return this builder */
        public Builder systemProperties(Properties properties) {
            return with(s.systemProperties = properties);
        }

        /** Trusts output URLs on local addresses even when the API is not local: loopback, link-local and private hosts
         * (refused by default, so an answer cannot point the SDK at a service on your network, such as a cloud
         * metadata endpoint), and plain http from loopback. Https is always required for other hosts. When the API
         * base URL is itself local (an emulator, a proxy on your network), its outputs are trusted without this.
         * @param allow true to trust them; false by default
         * @return this builder */
        public Builder allowInsecureDownloads(boolean allow) {
            return with(s.allowInsecureDownloads = allow);
        }

        /** Time to establish a connection.
         * @param d the timeout, positive; default 10 s
         * @return this builder */
        public Builder connectTimeout(Duration d) {
            return with(s.connectTimeout = ClientSettings.positive(d, "connectTimeout"));
        }

        /** Longest silence while reading a response. Vendors that answer with the image say nothing until it is
         * generated, so keep this above their generation time.
         * @param d the timeout, positive; default 120 s
         * @return this builder */
        public Builder readTimeout(Duration d) {
            return with(s.readTimeout = ClientSettings.positive(d, "readTimeout"));
        }

        /** The overall deadline of a request, retries and polling included; a request may override it.
         * @param d the deadline, positive; default 10 min
         * @return this builder */
        public Builder timeout(Duration d) {
            return with(s.timeout = ClientSettings.positive(d, "timeout"));
        }

        /** The deadline of one deferred output download, retries included: an output of a request that said
         * {@code downloadOutputs(false)}, or of a webhook. Outputs downloaded with their request are bounded by the
         * request's own deadline instead.
         * @param d the deadline, positive; default 2 min
         * @return this builder */
        public Builder downloadTimeout(Duration d) {
            return with(s.downloadTimeout = ClientSettings.positive(d, "downloadTimeout"));
        }

        /** The first poll interval and the largest one; each poll waits half again as long as the last.
         * @param initial the first interval, positive; default 500 ms
         * @param max     the largest interval, at least {@code initial}; default 5 s
         * @return this builder */
        public Builder pollInterval(Duration initial, Duration max) {
            return with(s.pollInterval(initial, max));
        }

        /** The client's HTTP threads: the most asynchronous HTTP calls in flight, in all and per host (OkHttp's own
         * default of 5 per host is replaced). A blocking call sends on its caller's thread; per-provider limits
         * ({@link ProviderLimits}) bound both kinds.
         * @param n the most calls in flight, at least 1; default 64
         * @return this builder */
        public Builder maxConcurrency(int n) {
            return with(s.maxConcurrency = ClientSettings.atLeast(n, 1, "maxConcurrency"));
        }

        /** How many vendor calls one split request runs at once.
         * @param n the most calls at once, at least 1; default 4
         * @return this builder */
        public Builder maxConcurrentSplits(int n) {
            return with(s.maxConcurrentSplits = ClientSettings.atLeast(n, 1, "maxConcurrentSplits"));
        }

        /** The largest response body read, counted in bytes as they arrive.
         * @param n the limit in bytes, at least 1024; default 64 MiB
         * @return this builder */
        public Builder maxBodyBytes(long n) {
            return with(s.maxBodyBytes = ClientSettings.atLeast(n, 1024, "maxBodyBytes"));
        }

        /** How failed calls are retried.
         * @param policy the policy; default {@link RetryPolicy#defaults()}
         * @return this builder */
        public Builder retryPolicy(RetryPolicy policy) {
            return with(s.retryPolicy = Objects.requireNonNull(policy, "policy"));
        }

        /** How to wait between retries and polls (tests replace it).
         * @param sleeper the sleeper; default {@link Sleeper#SYSTEM}
         * @return this builder */
        public Builder sleeper(Sleeper sleeper) {
            return with(s.sleeper = Objects.requireNonNull(sleeper, "sleeper"));
        }

        /** The clock deadlines are measured by (tests replace it).
         * @param clock the clock; default {@link Clock#systemUTC()}
         * @return this builder */
        public Builder clock(Clock clock) {
            return with(s.clock = Objects.requireNonNull(clock, "clock"));
        }

        /** Proxy, TLS, connection pool, DNS, HTTP threads, User-Agent suffix, request headers.
         * @param options the options; default {@link HttpOptions#defaults()}
         * @return this builder */
        public Builder http(HttpOptions options) {
            return with(s.http = Objects.requireNonNull(options, "options"));
        }

        /** Observes requests, attempts, retries, polls and downloads.
         * @param listener the listener, for every request of the client; default {@link ImageEventListener#NONE}
         * @return this builder */
        public Builder listener(ImageEventListener listener) {
            return with(s.listener = Objects.requireNonNull(listener, "listener"));
        }

        /** {@return the client, with its providers loaded and its threads started}
         * @throws IllegalStateException when two providers claim one id, or a provider fails to load */
        public ImageClient build() {
            return new ImageClient(ClientFactory.create(s));
        }
    }
}
