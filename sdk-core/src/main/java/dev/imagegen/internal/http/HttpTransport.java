package dev.imagegen.internal.http;

import dev.imagegen.ConnectionException;
import dev.imagegen.DeadlineExceededException;
import dev.imagegen.ImageEventListener;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.RetryPolicy;
import dev.imagegen.Sleeper;
import dev.imagegen.internal.Listeners;
import dev.imagegen.spi.WireBody;
import dev.imagegen.spi.WireRequest;
import dev.imagegen.spi.WireResponse;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The one HTTP pipeline of a client: sends {@link WireRequest}s with OkHttp, adds credentials only for the provider's
 * API origin, caps bodies, and decides retries in one place, identically for the blocking and the asynchronous path.
 *
 * <p>Retry rules: a request that does not start paid work (a poll, a download) is retried on I/O errors, 408, 429 and
 * 5xx. A paid request is retried only when nothing was sent (the connection failed before the request headers were
 * written), or on 429 and 503, where the vendor says it did no work; a 500, 502 or 504, or a lost answer after sending,
 * is an {@link OutcomeUnknownException}. Delays: Retry-After-Ms / Retry-After when given (up to the policy's cap),
 * else the policy's exponential backoff with jitter.
 */
public final class HttpTransport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("dev.imagegen.http");
    private static final String USER_AGENT = "imagegen-java/0.1.0";
    private static final java.util.concurrent.atomic.AtomicInteger THREADS = new java.util.concurrent.atomic.AtomicInteger();

    /** Reads a 2xx answer. Runs while the response is open; the body may be streamed. */
    public interface Handler<T> {
        /** Turns the answer into a value. */
        T handle(WireResponse response) throws IOException;
    }

    /** Turns a non-2xx answer into a typed error (a provider's {@code mapError}). */
    public interface ErrorMapper {
        /** The typed error. */
        ImageGenerationException map(WireResponse response);
    }

    /** Settings of the transport. */
    public record Settings(Duration connectTimeout, Duration readTimeout, int maxConcurrency, long maxBodyBytes,
                           RetryPolicy retryPolicy, Sleeper sleeper, Clock clock, ImageEventListener listener) {
    }

    /**
     * A snapshot of the HTTP layer, for leak checks: calls running or queued in the dispatcher, connections in the pool
     * (a connection not idle is held by an open response), and live threads of the dispatcher's pool.
     */
    public record Stats(int runningCalls, int queuedCalls, int connections, int idleConnections, int dispatcherThreads,
                        boolean dispatcherTerminated) {

        /** Nothing in flight, no response left open. */
        public boolean idle() {
            return runningCalls == 0 && queuedCalls == 0 && connections == idleConnections;
        }
    }

    private final OkHttpClient api;
    private final OkHttpClient download;
    private final java.util.concurrent.ThreadPoolExecutor executor;
    private final ScheduledExecutorService scheduler;
    private final Settings settings;

    /** Creates the clients; {@code scheduler} runs delayed retries and deadline timers. */
    public HttpTransport(Settings settings, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.scheduler = scheduler;
        // Threads grow with the calls actually in flight and stop at maxConcurrency: an idle thread takes the next call,
        // a new one starts only when none is idle, and past the cap calls wait in the queue. A plain fixed pool would
        // start a thread per call until the cap even with idle ones about (500 polls -> 64 threads); OkHttp's default
        // cached pool has no cap (a burst briefly runs up to twice the dispatcher's limit).
        CallExecutor executor = new CallExecutor(settings.maxConcurrency());
        this.executor = executor;
        Dispatcher dispatcher = new Dispatcher(executor);
        // OkHttp's default of 5 per host would silently serialise async fan-out beyond 5 calls.
        dispatcher.setMaxRequests(settings.maxConcurrency());
        dispatcher.setMaxRequestsPerHost(settings.maxConcurrency());
        OkHttpClient base = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(Math.max(5, Math.min(settings.maxConcurrency(), 256)), 5, TimeUnit.MINUTES))
                // Retries are decided here, once; OkHttp's own would silently re-send a paid POST.
                .retryOnConnectionFailure(false)
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                .eventListenerFactory(call -> {
                    AttemptState st = call.request().tag(AttemptState.class);
                    return st == null ? EventListener.NONE : st;
                })
                .build();
        this.api = base.newBuilder().addNetworkInterceptor(new CredentialGuard()).build();
        this.download = base.newBuilder().addNetworkInterceptor(new DownloadGuard()).build();
    }

    /** What is in flight and pooled right now. */
    public Stats stats() {
        Dispatcher d = api.dispatcher();
        ConnectionPool pool = api.connectionPool();
        return new Stats(d.runningCallsCount(), d.queuedCallsCount(), pool.connectionCount(), pool.idleConnectionCount(),
                executor.getPoolSize(), executor.isTerminated());
    }

    /** The client's settings. */
    public Settings settings() {
        return settings;
    }

    /** The shared scheduler. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Sends {@code req} on the calling thread, retrying under the policy, and hands a 2xx answer to {@code handler}. */
    public <T> T execute(Target target, WireRequest req, OpContext op, ErrorMapper mapper, Handler<T> handler) {
        return execute(false, target, req, op, mapper, handler);
    }

    /**
     * Fetches an output URL on the calling thread without credentials, retrying like any GET; refuses URLs that are
     * not https (plain http only on loopback, when the target allows it).
     */
    public <T> T fetch(Target target, WireRequest req, OpContext op, ErrorMapper mapper, Handler<T> handler) {
        return execute(true, target, req, op, mapper, handler);
    }

    private <T> T execute(boolean download, Target target, WireRequest req, OpContext op, ErrorMapper mapper, Handler<T> handler) {
        int attempt = 1;
        while (true) {
            checkAlive(op, null);
            Request okReq = buildRequest(download, target, req);
            Call call = (download ? this.download : api).newCall(okReq);
            call.timeout().timeout(Math.max(1, op.remainingMillis()), TimeUnit.MILLISECONDS);
            op.setCall(call);
            long start = System.nanoTime();
            Outcome<T> outcome;
            try (Response resp = call.execute()) {
                outcome = onResponse(target, req, op, okReq, call, resp, mapper, handler, attempt, start);
            } catch (IOException e) {
                outcome = onFailure(target, req, op, okReq, call, e, attempt, start);
            }
            if (outcome.error == null) {
                return outcome.value;
            }
            Duration delay = retryDelay(req, op, outcome, attempt);
            if (delay == null) {
                throw outcome.error;
            }
            announceRetry(target, req, op, attempt + 1, delay, outcome);
            try {
                settings.sleeper().sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImageGenerationException(Details.of("interrupted while waiting to retry").withProvider(target.providerId()), false, e);
            }
            attempt++;
        }
    }

    /** The asynchronous form of {@link #execute}: no thread is held while waiting to retry. */
    public <T> CompletableFuture<T> executeAsync(Target target, WireRequest req, OpContext op, ErrorMapper mapper, Handler<T> handler) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attemptAsync(false, target, req, op, mapper, handler, 1, result);
        return result;
    }

    /** The asynchronous form of {@link #fetch}. */
    public <T> CompletableFuture<T> fetchAsync(Target target, WireRequest req, OpContext op, ErrorMapper mapper, Handler<T> handler) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attemptAsync(true, target, req, op, mapper, handler, 1, result);
        return result;
    }

    private <T> void attemptAsync(boolean download, Target target, WireRequest req, OpContext op, ErrorMapper mapper, Handler<T> handler,
                                  int attempt, CompletableFuture<T> result) {
        if (result.isDone()) {
            return;
        }
        try {
            checkAlive(op, null);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        Request okReq;
        try {
            okReq = buildRequest(download, target, req);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        Call call = (download ? this.download : api).newCall(okReq);
        call.timeout().timeout(Math.max(1, op.remainingMillis()), TimeUnit.MILLISECONDS);
        op.setCall(call);
        long start = System.nanoTime();
        call.enqueue(new Callback() {
            @Override
            public void onResponse(Call c, Response resp) {
                Outcome<T> outcome;
                try (resp) {
                    outcome = HttpTransport.this.onResponse(target, req, op, okReq, c, resp, mapper, handler, attempt, start);
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                    return;
                }
                next(outcome);
            }

            @Override
            public void onFailure(Call c, IOException e) {
                Outcome<T> outcome;
                try {
                    outcome = HttpTransport.this.onFailure(target, req, op, okReq, c, e, attempt, start);
                } catch (RuntimeException ex) {
                    result.completeExceptionally(ex);
                    return;
                }
                next(outcome);
            }

            private void next(Outcome<T> outcome) {
                if (outcome.error == null) {
                    result.complete(outcome.value);
                    return;
                }
                Duration delay;
                try {
                    delay = retryDelay(req, op, outcome, attempt);
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                    return;
                }
                if (delay == null) {
                    result.completeExceptionally(outcome.error);
                    return;
                }
                announceRetry(target, req, op, attempt + 1, delay, outcome);
                op.setScheduled(settings.sleeper().schedule(delay,
                        () -> attemptAsync(download, target, req, op, mapper, handler, attempt + 1, result), scheduler));
            }
        });
    }

    /** Throws when the operation was cancelled or its deadline passed. */
    public void checkAlive(OpContext op, Throwable cause) {
        if (op.isCancelled()) {
            CancellationException ce = new CancellationException("cancelled");
            if (cause != null) {
                ce.initCause(cause);
            }
            throw ce;
        }
        if (op.isExpired()) {
            throw deadline(op, cause);
        }
    }

    /** The deadline error for {@code op}, carrying its job ref when a job was submitted. */
    public static DeadlineExceededException deadline(OpContext op, Throwable cause) {
        String ref = op.jobRef();
        String summary = ref == null ? "deadline passed" : "deadline passed while the job was still running; resume it with its ref";
        return new DeadlineExceededException(new Details(summary, op.providerId(), -1, null, null, null), ref, cause);
    }

    private <T> Outcome<T> onResponse(Target target, WireRequest req, OpContext op, Request okReq, Call call, Response resp,
                                      ErrorMapper mapper, Handler<T> handler, int attempt, long start) {
        OkWireResponse wire = new OkWireResponse(resp, settings.maxBodyBytes());
        int code = resp.code();
        String requestId = requestId(resp);
        if (code >= 200 && code < 300) {
            try {
                T value = handler.handle(wire);
                logAttempt(target, req, op, okReq, attempt, code, start, null, requestId);
                return Outcome.success(value);
            } catch (ImageGenerationException e) {
                logAttempt(target, req, op, okReq, attempt, code, start, null, requestId);
                return Outcome.failure(e, false, null, "vendor reported failure");
            } catch (CancellationException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // I/O failures, malformed JSON, and anything else the provider could not make of the body: the answer
                // is lost, which for a paid request means the outcome is unknown.
                IOException io = e instanceof UncheckedIOException u ? u.getCause() : e instanceof IOException i ? i : null;
                logAttempt(target, req, op, okReq, attempt, code, start, io, requestId);
                return bodyFailure(target, req, op, call, e, io, requestId);
            }
        }
        ImageGenerationException mapped;
        try {
            mapped = mapper.map(wire);
        } catch (RuntimeException e) {
            mapped = new ImageGenerationException(new Details("unexpected HTTP status", target.providerId(), code, null,
                    null, requestId), code >= 500 || code == 429, e);
        }
        logAttempt(target, req, op, okReq, attempt, code, start, null, requestId);
        boolean retryable;
        if (req.paid()) {
            if (code == 500 || code == 502 || code == 504) {
                return Outcome.failure(new OutcomeUnknownException(new Details(
                        "the vendor answered " + code + " after the request was sent; it may have generated and billed it",
                        target.providerId(), code, mapped.vendorCode().orElse(null), mapped.vendorMessage().orElse(null),
                        mapped.requestId().orElse(requestId)), mapped), false, null, "HTTP " + code);
            }
            retryable = code == 429 || code == 503;
        } else {
            retryable = code == 408 || code == 429 || code >= 500;
        }
        Duration retryAfter = RetryAfter.parse(n -> Optional.ofNullable(resp.header(n)), settings.clock()).orElse(null);
        return Outcome.failure(mapped, retryable, retryAfter, "HTTP " + code);
    }

    private <T> Outcome<T> bodyFailure(Target target, WireRequest req, OpContext op, Call call, Exception e, IOException io,
                                       String requestId) {
        if (io != null && (op.isCancelled() || op.isExpired())) {
            checkAlive(op, io);
        }
        if (io instanceof InterruptedIOException && call.isCanceled()) {
            // the call timeout, set to the time left before the deadline, cut the body
            throw deadline(op, io);
        }
        if (io instanceof BodyTooLargeException) {
            return Outcome.failure(new InvalidResponseException(new Details("response body too large: over "
                    + settings.maxBodyBytes() + " bytes", target.providerId(), -1, null, null, requestId), io), false, null, "too large");
        }
        String problem = io != null ? "the response body could not be read (" + io.getMessage() + ")"
                : e instanceof OkWireResponse.MalformedBodyException ? "the response body is not valid JSON (" + e.getMessage() + ")"
                : "the response could not be interpreted (" + e + ")";
        if (req.paid()) {
            return Outcome.failure(new OutcomeUnknownException(new Details(problem + "; the vendor may have generated and billed it",
                    target.providerId(), -1, null, null, requestId), e), false, null, "unreadable body");
        }
        return Outcome.failure(new InvalidResponseException(new Details(problem, target.providerId(), -1, null, null, requestId), e),
                true, null, "unreadable body");
    }

    private <T> Outcome<T> onFailure(Target target, WireRequest req, OpContext op, Request okReq, Call call, IOException e,
                                     int attempt, long start) {
        logAttempt(target, req, op, okReq, attempt, -1, start, e, null);
        if (op.isCancelled() || op.isExpired() || (call.isCanceled() && e instanceof InterruptedIOException)) {
            if (op.isCancelled()) {
                checkAlive(op, e);
            }
            throw deadline(op, e);
        }
        AttemptState st = okReq.tag(AttemptState.class);
        boolean sent = st != null && st.sent;
        if (!sent) {
            return Outcome.failure(new ConnectionException(new Details("could not connect: " + e.getMessage()
                    + "; nothing was sent", target.providerId(), -1, null, null, null), e), true, null, "connect failed");
        }
        if (req.paid()) {
            return Outcome.failure(new OutcomeUnknownException(new Details("the connection failed after the request was sent ("
                    + e.getMessage() + "); the vendor may have generated and billed it", target.providerId(), -1, null, null, null), e),
                    false, null, "lost answer");
        }
        return Outcome.failure(new ConnectionException(new Details("the connection failed: " + e.getMessage(),
                target.providerId(), -1, null, null, null), e), true, null, "I/O error");
    }

    private Duration retryDelay(WireRequest req, OpContext op, Outcome<?> o, int attempt) {
        RetryPolicy p = settings.retryPolicy();
        if (!o.retryable || attempt > p.maxRetries()) {
            return null;
        }
        Duration delay;
        if (o.retryAfter != null) {
            if (o.retryAfter.compareTo(p.maxRetryAfter()) > 0) {
                return null;
            }
            delay = o.retryAfter;
        } else {
            delay = p.backoff(attempt);
            if (p.jitter() && !delay.isZero()) {
                long ms = delay.toMillis();
                delay = Duration.ofMillis(ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
            }
        }
        if (delay.toMillis() >= op.remainingMillis()) {
            return null;
        }
        return delay;
    }

    private void announceRetry(Target target, WireRequest req, OpContext op, int nextAttempt, Duration delay, Outcome<?> o) {
        HttpUrl url = HttpUrl.get(req.url());
        LOG.warn("retrying {} {}{} in {} ms (attempt {}): {}", req.method(), url.host(), url.encodedPath(), delay.toMillis(),
                nextAttempt, o.reason);
        Listeners.safely(settings.listener(), l -> l.retry(new ImageEventListener.Retry(op.id(), target.providerId(),
                req.operation(), nextAttempt, delay, o.reason)));
    }

    private void logAttempt(Target target, WireRequest req, OpContext op, Request okReq, int attempt, int status, long start,
                            Exception error, String requestId) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        HttpUrl url = okReq.url();
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} {}{} -> {} in {} ms (attempt {}{}){}", target.providerId(), req.method(), url.host(),
                    url.encodedPath(), status < 0 ? "no response" : String.valueOf(status), elapsed.toMillis(), attempt,
                    requestId == null ? "" : ", request id " + requestId,
                    error == null ? "" : ": " + error.getClass().getSimpleName() + ": " + error.getMessage());
        }
        Listeners.safely(settings.listener(), l -> l.attempt(new ImageEventListener.Attempt(op.id(), target.providerId(),
                req.operation(), req.method(), url.host(), url.encodedPath(), attempt, status, elapsed, error)));
    }

    private static String requestId(Response resp) {
        return requestIdHeader(name -> Optional.ofNullable(resp.header(name)), resp.headers().names());
    }

    /** The value of the first header named like a request id ({@code x-request-id}, {@code X-Lumenfall-Request-Id}). */
    public static String requestIdHeader(java.util.function.Function<String, Optional<String>> header, Iterable<String> names) {
        for (String name : names) {
            if (name.toLowerCase(java.util.Locale.ROOT).endsWith("request-id")) {
                return header.apply(name).orElse(null);
            }
        }
        return null;
    }

    private Request buildRequest(boolean download, Target target, WireRequest req) {
        HttpUrl url = download ? DownloadGuard.check(target, req.url()) : HttpUrl.parse(req.url());
        if (url == null) {
            throw new IllegalStateException("provider " + target.providerId() + " built an invalid URL: " + req.url());
        }
        Request.Builder b = new Request.Builder().url(url).header("User-Agent", USER_AGENT);
        for (Map.Entry<String, String> h : req.headers()) {
            b.addHeader(h.getKey(), h.getValue());
        }
        if (!download && target.authValue() != null && target.sameOrigin(url)) {
            b.header(target.authHeader(), target.authValue());
        }
        b.method(req.method(), toBody(req.body()));
        b.tag(AttemptState.class, new AttemptState());
        b.tag(Target.class, target);
        return b.build();
    }

    private static RequestBody toBody(WireBody body) {
        if (body == null) {
            return null;
        }
        if (body instanceof WireBody.JsonBody j) {
            return RequestBody.create(j.bytes(), MediaType.get(j.contentType()));
        }
        if (body instanceof WireBody.FormBody f) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> e : f.fields()) {
                if (sb.length() > 0) {
                    sb.append('&');
                }
                sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            }
            return RequestBody.create(sb.toString().getBytes(StandardCharsets.US_ASCII), MediaType.get(f.contentType()));
        }
        WireBody.MultipartBody m = (WireBody.MultipartBody) body;
        MultipartBody.Builder mb = new MultipartBody.Builder().setType(MultipartBody.FORM);
        for (WireBody.Part p : m.parts()) {
            if (p.isFile()) {
                mb.addFormDataPart(p.name(), p.fileName(), RequestBody.create(p.data(), MediaType.get(p.contentType())));
            } else {
                mb.addFormDataPart(p.name(), new String(p.data(), StandardCharsets.UTF_8));
            }
        }
        return mb.build();
    }

    /** The client for output URLs: shares the pool and dispatcher, never carries credentials. */
    public OkHttpClient downloadClient() {
        return download;
    }

    /** The API client (with credentials for each target's origin). */
    public OkHttpClient apiClient() {
        return api;
    }

    @Override
    public void close() {
        api.dispatcher().cancelAll();
        api.dispatcher().executorService().shutdown();
        api.connectionPool().evictAll();
    }

    /**
     * The dispatcher's thread pool: grows only when no thread is idle, never past its maximum, and lets idle threads
     * go after a minute (the scheme of Tomcat's TaskQueue: the queue refuses a task while the pool may still grow and
     * no thread is free, which makes the pool start one).
     */
    static final class CallExecutor extends java.util.concurrent.ThreadPoolExecutor {
        private final java.util.concurrent.atomic.AtomicInteger unfinished = new java.util.concurrent.atomic.AtomicInteger();

        CallExecutor(int max) {
            this(max, new GrowFirstQueue());
        }

        private CallExecutor(int max, GrowFirstQueue queue) {
            super(0, max, 60, TimeUnit.SECONDS, queue, r -> {
                Thread t = new Thread(r, "imagegen-http-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            }, (task, pool) -> {
                if (pool.isShutdown()) {
                    throw new java.util.concurrent.RejectedExecutionException("the client is closed");
                }
                queue.force(task);
            });
            queue.pool = this;
        }

        @Override
        public void execute(Runnable task) {
            unfinished.incrementAndGet();
            try {
                super.execute(task);
            } catch (RuntimeException e) {
                unfinished.decrementAndGet();
                throw e;
            }
        }

        @Override
        protected void afterExecute(Runnable r, Throwable t) {
            unfinished.decrementAndGet();
        }

        /** Queues a task only when a thread is free or the pool is at its maximum. */
        static final class GrowFirstQueue extends java.util.concurrent.LinkedBlockingQueue<Runnable> {
            private static final long serialVersionUID = 1L;
            transient volatile CallExecutor pool;

            @Override
            public boolean offer(Runnable task) {
                CallExecutor p = pool;
                if (p != null && p.unfinished.get() > p.getPoolSize() && p.getPoolSize() < p.getMaximumPoolSize()) {
                    return false;
                }
                return super.offer(task);
            }

            void force(Runnable task) {
                super.offer(task);
            }
        }
    }

    /** Per-attempt state, as an OkHttp event listener: whether the request headers started going out. */
    static final class AttemptState extends EventListener {
        volatile boolean sent;

        @Override
        public void requestHeadersStart(Call call) {
            sent = true;
        }
    }

    /** One attempt's outcome: a value, or an error with whether retrying is allowed. */
    static final class Outcome<T> {
        final T value;
        final ImageGenerationException error;
        final boolean retryable;
        final Duration retryAfter;
        final String reason;

        private Outcome(T value, ImageGenerationException error, boolean retryable, Duration retryAfter, String reason) {
            this.value = value;
            this.error = error;
            this.retryable = retryable;
            this.retryAfter = retryAfter;
            this.reason = reason;
        }

        static <T> Outcome<T> success(T value) {
            return new Outcome<>(value, null, false, null, null);
        }

        static <T> Outcome<T> failure(ImageGenerationException e, boolean retryable, Duration retryAfter, String reason) {
            return new Outcome<>(null, e, retryable, retryAfter, reason);
        }
    }
}
