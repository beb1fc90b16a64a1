package dev.imagegen.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process emulator of the five hosted text-to-image APIs (LumozAI, Segmind, WaveSpeed, Lumenfall, fal.ai) on
 * {@code 127.0.0.1} and an ephemeral port (unless {@link Builder#host}/{@link Builder#port} say otherwise), for
 * integration tests, examples without API keys, and users' own tests. {@code java -jar imagegen-emulator.jar} runs it
 * as a program.
 *
 * <pre>{@code
 * try (ProviderEmulator emu = ProviderEmulator.builder().processingTime(Duration.ofMillis(300)).start()) {
 *     String base = emu.baseUrl("segmind");   // http://127.0.0.1:PORT
 *     emu.faults().on(Routes.SEGMIND_GENERATE).times(2).respond(Fault.status(429).header("Retry-After", "1"));
 *     ... point a client at base with key emu.apiKey() ...
 *     assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(3);
 * }
 * }</pre>
 *
 * <p>Every route checks the vendor's credential (Bearer {@link #apiKey()}, {@code x-api-key} for Segmind,
 * {@code Authorization: Key} for fal),
 * validates every field with the vendor's error shape naming the field, and answers with real, decodable images
 * (PNG, JPEG, lossless WebP) drawn deterministically from prompt and seed, at the requested size (a request that
 * fixes no seed gets one drawn at random, different on every run unless {@link Builder#reproducible(long)}). URL outputs are
 * served by the emulator's own {@code GET /storage/{file}} route (no credentials, like a CDN). See
 * {@link Routes} for the route table and {@link Fault} for fault injection.
 *
 * <p><b>The emulator's own choices where the vendors' documents are silent:</b>
 * <ul>
 * <li>{@code processingTime} (default zero) is how long every generation takes: synchronous routes (Lumoz run,
 *     Segmind v1, Lumenfall, WaveSpeed sync mode) wait it before answering; jobs report queued for its first fifth,
 *     then processing/running, then completed. Reported inference times equal it, or 40 ms when it is zero (so a timing field is never 0, and never longer than the call that reports it).</li>
 * <li>Lumoz: fields other than {@code model_id} and {@code prompt} are optional (defaults: resolution
 *     {@code 1024 × 1024 (Square)}, speed mode {@code Lightly Juiced 🍊 (more consistent)}, webp, quality 80,
 *     aspect ratio 1:1, megapixels 1); {@code seed} empty or -1 means random; JSON bodies are accepted too.
 *     Errors are {@code {"success":false,"message":"..."}}: 401, 400 (message names the field), 404 unknown model,
 *     405. Async mode ({@link Builder#lumozAsync}): run answers {@code {"success":true,"data":{"request_id":N}}};
 *     {@code /api/v4/check} answers {@code {"success":true,"data":{"request_id":N,"status":"processing"}}}, then the
 *     run's success body plus {@code "status":"completed"}, or for a failed job HTTP 200
 *     {@code {"success":false,"message":"...","data":{"request_id":N,"status":"failed"}}}. Check also works for
 *     synchronous request ids. A resolution label's first number is the width.</li>
 * <li>Segmind: JSON or multipart bodies; anything else is 406 {@code Invalid content type}. Every image costs
 *     0.0123 credits ({@link Builder#segmindCredits}, default 1000). {@code x-generation-time} is in seconds with two
 *     decimals; {@code seed} is -1 (random) or a positive integer, as Segmind documents (0 is 400);
 *     {@code x-seed-value} is the seed used (a random positive one for -1). Queue: submit answers
 *     {@code {"request_id":"<uuid>","status":"QUEUED"}}; status answers
 *     {@code {"request_id":..,"status":"QUEUED|PROCESSING|COMPLETED|FAILED"}} (plus {@code error} when failed);
 *     result answers 202 {@code {"request_id":..,"status":..}} while not done, 200
 *     {@code {"request_id":..,"status":"COMPLETED","output":"<storage URL>","metrics":{"inference_time":s,
 *     "queue_time":s,"total_time":s,"cost":..,"remaining_credits":..}}}, or 422 {@code {"status":"FAILED",
 *     "error":..,"metrics":{..}}}. Unknown request ids are 404 {@code {"error":"Request not found"}}.</li>
 * <li>WaveSpeed: {@code enable_base64_output} defaults to false (URL outputs); {@code output_format} defaults to
 *     jpeg; {@code width}/{@code height} are accepted when {@code size} is absent. Base64 outputs have no
 *     {@code data:} prefix and keep their padding unless {@link Builder#wavespeedBase64DataUri} /
 *     {@link Builder#wavespeedBase64Padding} say otherwise. A sync-mode job that cannot finish answers status
 *     {@code processing} with {@code data.code} 5004 and error "Sync mode timed out". Webhooks are recorded (the
 *     query parameter stays in the request log) and only POSTed when {@link Builder#wavespeedWebhooks} is on and
 *     the URL is loopback, signed as WaveSpeed signs them ({@code webhook-id}, {@code webhook-timestamp},
 *     {@code webhook-signature: v3,<hex HMAC-SHA256>}) with {@link #wavespeedWebhookSecret()}.</li>
 * <li>Lumenfall: the rules of provider-lumenfall's catalog: the twelve sizes it lists (HiDream's seven and
 *     512x512, 1536x1024, 1024x1536, 1792x1024, 1024x1792; or {@code auto} = 1024x1024), any other is 400; seed
 *     -1..2147483647; edits on hidream-i1-full only (400 on -dev and -fast); {@code output_format} png, jpeg, gif, webp
 *     or avif. webp output is lossless (quality ignored); {@code output_compression} is the JPEG quality; gif is a
 *     real GIF; avif is a well-formed AVIF container (brand, {@code ispe} size) whose AV1 payload is a placeholder,
 *     since the JDK cannot encode AV1: the SDK reads its type and size, an AV1 decoder cannot decode it.
 *     {@code ?dryRun=true} (generations and edits) validates the request and answers Lumenfall's documented shape
 *     {@code {"estimated":true,"model":..,"provider":"fal","total_cost_micros":..,"currency":"USD","components":[
 *     {"type":"output","metric":"image","quantity":n,"billable_quantity":n,"unit_price":..,"total_cost":micros}]}}
 *     at the catalog's prices: $0.05 (full), $0.03 (dev), $0.01 (fast) per image. Error {@code type}s: invalid_request_error,
 *     authentication_error, billing_error, not_found_error, rate_limit_error, upstream_error.
 *     {@code X-Lumenfall-Provider} is {@code fal}.</li>
 * <li>fal: submit {@code POST /fal-ai/{model}} answers {@code {status:"IN_QUEUE", request_id, response_url,
 *     status_url, cancel_url, queue_position}} ({@link Builder#falQueuePosition}, default 2). Status polls show the
 *     position one less each time down to 0, then {@code IN_PROGRESS} (logs with {@code logs=1}, else
 *     {@code "logs":null}) at least once, then {@code COMPLETED} with {@code metrics.inference_time} once the job is
 *     done (202 while queued or in progress, 200 when completed). A failed job ({@link Fault#jobFails}) ends
 *     {@code COMPLETED} with {@code error} and {@code error_type} {@code job_failed}. A cancel before completion
 *     answers 202 {@code {"status":"CANCELLATION_REQUESTED"}} and the request then ends {@code COMPLETED} with the
 *     error "Request cancelled by the client", {@code error_type} {@code request_cancelled} (the emulator's stand-in:
 *     fal only says the app decides how to stop); after completion 400 {@code ALREADY_COMPLETED}; an unknown id 404
 *     {@code NOT_FOUND}. The result route answers the model output with {@code x-fal-request-id}, 400 while the job
 *     runs. Validation errors are pydantic's 422 {@code {"detail":[{loc:["body",field], msg, type, input}]}}; other
 *     errors {@code {"detail":"..."}}. Sizes: {@code {width,height}} 1..14142 (fal's schema) up to 16 MP, or a preset
 *     name; {@code guidance_scale} and {@code loras} on dev and fast are 422 {@code extra_forbidden}. An unknown model
 *     is 404. {@code sync_mode} inlines images as {@code data:} URIs. Webhooks ({@code ?fal_webhook=}) are recorded,
 *     and POSTed only with {@link Builder#falWebhooks} to loopback URLs, signed with Ed25519 as fal is believed to sign
 *     them ({@code X-Fal-Webhook-*} headers) by a key whose JWKS document is at {@link #falWebhookKeysUrl()}.</li>
 * <li>Outputs and jobs are kept in bounded maps (the oldest are forgotten after 20,000 outputs / 50,000 jobs).</li>
 * </ul>
 *
 * <p><b>Why the JDK's {@code com.sun.net.httpserver}:</b> it needs no dependency, keeps idle keep-alive connections
 * on its selector thread (so a bounded worker pool serves many pooled client connections), and every fault the
 * emulator injects can be expressed through it: a handler that throws makes the server close the connection as
 * it stands (no response, a cut chunked body, or a body shorter than its Content-Length). Its dispatcher thread is
 * started from a daemon thread so that it is a daemon too, and a forgotten emulator never keeps a JVM alive.
 */
public final class ProviderEmulator implements AutoCloseable {
    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            // Without TCP_NODELAY, small responses on loopback wait ~40 ms for delayed ACKs.
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** The provider ids {@link #baseUrl(String)} knows. */
    private static final List<String> PROVIDERS = List.of("lumoz", "segmind", "wavespeed", "lumenfall", "fal");

    private final HttpServer server;
    private final ExecutorService executor;
    private final EmulatorState state;
    private final EmulatorServer handler;
    private final FaultPlan faults = new FaultPlan();
    private final URI uri;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProviderEmulator(Builder b) {
        this.state = new EmulatorState(b);
        this.handler = new EmulatorServer(state, faults, b.requestLogLimit);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(b.threads, b.threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "provider-emulator-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
        HttpServer[] holder = new HttpServer[1];
        RuntimeException[] failure = new RuntimeException[1];
        // The JDK server's dispatcher thread inherits daemon status from the thread that starts it.
        Thread starter = new Thread(() -> {
            try {
                HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(b.host), b.port), 1024);
                s.createContext("/", handler);
                s.setExecutor(pool);
                s.start();
                holder[0] = s;
            } catch (IOException e) {
                failure[0] = new UncheckedIOException("could not start the provider emulator on " + b.host + ":"
                        + b.port + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        }, "provider-emulator-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the provider emulator", e);
        }
        if (failure[0] != null) {
            pool.shutdownNow();
            throw failure[0];
        }
        this.server = holder[0];
        this.uri = URI.create("http://" + urlHost(server.getAddress().getAddress(), b.host) + ":"
                + server.getAddress().getPort());
        state.base = uri;
        state.wildcard = server.getAddress().getAddress().isAnyLocalAddress();
    }

    /**
     * The host the emulator's URLs name: the one it was given (so {@code localhost} stays {@code localhost}), or
     * {@code 127.0.0.1} when it listens on every interface.
     */
    private static String urlHost(InetAddress bound, String given) {
        if (bound.isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        return given.indexOf(':') >= 0 && !given.startsWith("[") ? "[" + given + "]" : given;
    }

    /** Starts an emulator with the defaults (key {@code emulator-key}, zero processing time). */
    public static ProviderEmulator start() {
        return builder().start();
    }

    /** A builder for an emulator with non-default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The API key every route accepts; any other key gets the vendor's 401, unless
     * {@link Builder#acceptAnyApiKey()} made every non-blank key acceptable.
     */
    public String apiKey() {
        return state.apiKey;
    }

    /**
     * The base URL a provider client should use for a vendor: {@code http://127.0.0.1:PORT} for {@code lumoz},
     * {@code segmind}, {@code wavespeed} and {@code fal}, {@code http://127.0.0.1:PORT/openai/v1} for
     * {@code lumenfall}.
     *
     * @throws IllegalArgumentException for any other id
     */
    public String baseUrl(String providerId) {
        String id = Objects.requireNonNull(providerId, "providerId").toLowerCase(Locale.ROOT);
        if (!PROVIDERS.contains(id)) {
            throw new IllegalArgumentException("unknown provider id '" + providerId + "'; the emulator serves "
                    + String.join(", ", PROVIDERS));
        }
        return id.equals("lumenfall") ? uri + "/openai/v1" : uri.toString();
    }

    /** The secret the emulator signs WaveSpeed webhooks with (set it as the client's {@code wavespeed} webhook secret). */
    public String wavespeedWebhookSecret() {
        return state.signer.wavespeedSecret();
    }

    /** Where the emulator publishes the public key it signs fal webhooks with (fal's provider option {@code webhookKeysUrl}). */
    public String falWebhookKeysUrl() {
        return uri + "/fal/.well-known/jwks.json";
    }

    /** The port it listens on. */
    public int port() {
        return uri.getPort();
    }

    /** {@code http://127.0.0.1:PORT} (or the host given to {@link Builder#host(String)}). */
    public URI uri() {
        return uri;
    }

    /** The most recent requests, oldest first (at most the builder's {@code requestLogLimit}). */
    public List<RecordedCall> requests() {
        return handler.requests();
    }

    /** The requests in the log that matched a route, oldest first. */
    public List<RecordedCall> requests(String route) {
        checkRoute(route);
        return handler.requests().stream().filter(c -> c.route().equals(route)).toList();
    }

    /** How many requests hit a route since start or the last {@link #clearRequests()}, evicted ones included. */
    public int requestCount(String route) {
        checkRoute(route);
        return handler.count(route);
    }

    /**
     * The next request this method has not returned yet, in the order they arrived, waiting up to {@code timeout}
     * for it (MockWebServer's {@code takeRequest}); empty when none came in time. A request is returned as soon as
     * it is read, before the emulator answers it. Requests evicted from the log (see
     * {@link Builder#requestLogLimit}) are not returned; {@link #clearRequests()} forgets the untaken ones.
     *
     * @throws IllegalStateException when the waiting thread is interrupted (its interrupt flag is kept)
     */
    public Optional<RecordedCall> takeRequest(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            return Optional.ofNullable(handler.take(timeout.isNegative() ? 0 : timeout.toNanos()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a request", e);
        }
    }

    /**
     * Checks that a route was hit exactly {@code times} times since start or the last {@link #clearRequests()}
     * (WireMock's {@code verify}) and returns those of its requests still in the log, oldest first. The
     * {@link AssertionError} otherwise says what was expected and lists the requests the emulator received.
     */
    public List<RecordedCall> verify(String route, int times) {
        checkRoute(route);
        if (times < 0) {
            throw new IllegalArgumentException("times must be >= 0 (got " + times + ")");
        }
        int actual = handler.count(route);
        if (actual != times) {
            throw new AssertionError(RequestReport.mismatch(route, times, actual, handler.requests()));
        }
        return requests(route);
    }

    private static void checkRoute(String route) {
        if (!Routes.ALL.contains(route)) {
            throw new IllegalArgumentException("unknown route '" + route + "'; routes are " + Routes.ALL);
        }
    }

    /** Empties the request log and resets the per-route counts. */
    public void clearRequests() {
        handler.clear();
    }

    /** The fault rules of this emulator. */
    public FaultPlan faults() {
        return faults;
    }

    /** The Segmind credit balance left. */
    public double segmindCredits() {
        return state.segmindCredits();
    }

    /** Stops the server and its threads, dropping open connections. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        state.close();
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "ProviderEmulator{" + uri + (closed.get() ? ", closed" : "") + '}';
    }

    /** Settings for {@link ProviderEmulator}; {@link #start()} binds the port. Not thread-safe. */
    public static final class Builder {
        String apiKey = "emulator-key";
        boolean anyApiKey;
        String host = "127.0.0.1";
        int port;
        Long reproducibleSeed;
        Duration processingTime = Duration.ZERO;
        int requestLogLimit = 1000;
        int threads = 32;
        boolean lumozAsync;
        boolean wavespeedBase64DataUri;
        boolean wavespeedBase64Padding = true;
        boolean wavespeedWebhooks;
        String wavespeedWebhookSecret = "whsec_ZW11bGF0b3Itd2ViaG9vay1zZWNyZXQ";
        boolean falWebhooks;
        int falQueuePosition = 2;
        double segmindCredits = 1000.0;
        double segmindCostPerImage = 0.0123;
        byte[] fixedImage;
        String fixedImageType;

        private Builder() {
        }

        /** The key every route accepts (default {@code emulator-key}). */
        public Builder apiKey(String key) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank");
            }
            this.apiKey = key;
            return this;
        }

        /**
         * Accepts any non-blank key on every route (for the standalone emulator and clients whose key you do not
         * control); a missing or blank credential is still the vendor's 401. {@link ProviderEmulator#apiKey()} stays
         * a key that works.
         */
        public Builder acceptAnyApiKey() {
            this.anyApiKey = true;
            return this;
        }

        /**
         * The address to listen on (default {@code 127.0.0.1}). Anything but loopback exposes the emulator to other
         * machines; with a wildcard address ({@code 0.0.0.0}) the URLs it reports still name {@code 127.0.0.1}.
         */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host;
            return this;
        }

        /** The port to listen on (default 0: an ephemeral port, see {@link ProviderEmulator#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535 (got " + port + ")");
            }
            this.port = port;
            return this;
        }

        /**
         * Makes the emulator's own random draws repeat from run to run: the seed it picks for a request that fixes
         * none (or sends -1), and the request ids it hands out. By default they differ on every start, as a real
         * vendor's do; a request that fixes its seed gets the same image either way.
         */
        public Builder reproducible(long seed) {
            this.reproducibleSeed = seed;
            return this;
        }

        /** How long each generation takes (default zero); see the class comment. */
        public Builder processingTime(Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("processingTime must be >= 0");
            }
            this.processingTime = d;
            return this;
        }

        /** How many requests the log keeps (default 1000; 0 keeps none, counts still work). */
        public Builder requestLogLimit(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("requestLogLimit must be >= 0");
            }
            this.requestLogLimit = limit;
            return this;
        }

        /** Worker threads (default 32); requests beyond it wait in a queue. Raise it for load tests with delays. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1");
            }
            this.threads = threads;
            return this;
        }

        /** Whether Lumoz run answers only a request id, to be polled at {@code /api/v4/check} (default false). */
        public Builder lumozAsync(boolean async) {
            this.lumozAsync = async;
            return this;
        }

        /** Whether WaveSpeed base64 outputs carry a {@code data:image/...;base64,} prefix (default false). */
        public Builder wavespeedBase64DataUri(boolean dataUri) {
            this.wavespeedBase64DataUri = dataUri;
            return this;
        }

        /** Whether WaveSpeed base64 outputs keep their {@code =} padding (default true). */
        public Builder wavespeedBase64Padding(boolean padding) {
            this.wavespeedBase64Padding = padding;
            return this;
        }

        /**
         * Whether a WaveSpeed submit with {@code ?webhook=URL} makes the emulator POST the bare prediction object
         * to that URL when the job ends (default false). Only loopback URLs are ever contacted.
         */
        public Builder wavespeedWebhooks(boolean post) {
            this.wavespeedWebhooks = post;
            return this;
        }

        /** The secret WaveSpeed webhooks are signed with (default a fixed {@code whsec_...} test secret). */
        public Builder wavespeedWebhookSecret(String secret) {
            this.wavespeedWebhookSecret = Objects.requireNonNull(secret, "secret");
            return this;
        }

        /**
         * The {@code queue_position} a fal submit reports (default 2); each status poll then shows one less, down to
         * 0, before the request is shown in progress.
         */
        public Builder falQueuePosition(int position) {
            if (position < 0) {
                throw new IllegalArgumentException("falQueuePosition must be >= 0");
            }
            this.falQueuePosition = position;
            return this;
        }

        /**
         * Whether a fal submit with {@code ?fal_webhook=URL} makes the emulator POST fal's webhook body
         * ({@code {request_id, gateway_request_id, status: OK|ERROR, payload}}) to that URL when the request ends
         * (default false), signed (see {@link ProviderEmulator#falWebhookKeysUrl()}). Only loopback URLs are ever contacted.
         */
        public Builder falWebhooks(boolean post) {
            this.falWebhooks = post;
            return this;
        }

        /** The Segmind credit balance (default 1000); each image costs 0.0123; when it runs out Segmind answers 406. */
        public Builder segmindCredits(double credits) {
            if (!(credits >= 0)) {
                throw new IllegalArgumentException("segmindCredits must be >= 0");
            }
            this.segmindCredits = credits;
            return this;
        }

        /**
         * Makes every route answer these bytes as its image, with this content type, instead of rendering (for
         * benchmarks: no rendering cost, any payload size). Sizes and formats requested are then not honoured.
         */
        public Builder fixedImage(byte[] bytes, String contentType) {
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(contentType, "contentType");
            this.fixedImage = bytes.clone();
            this.fixedImageType = contentType;
            return this;
        }

        /** Starts the emulator (on an ephemeral loopback port unless {@link #host}/{@link #port} say otherwise). */
        public ProviderEmulator start() {
            return new ProviderEmulator(this);
        }
    }
}
