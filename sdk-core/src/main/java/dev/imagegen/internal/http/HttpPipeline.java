package dev.imagegen.internal.http;

import dev.imagegen.HttpOptions;
import dev.imagegen.ImageEventListener;
import dev.imagegen.RetryPolicy;
import dev.imagegen.internal.Redaction;
import dev.imagegen.internal.op.ClientLifecycle;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one HTTP pipeline of a client, which every request of every operation goes through (generations, polls, cancels,
 * estimates, downloads), as layers in one place:
 *
 * <pre>
 *   RetryLayer ......... the attempt loop: retries what the classifier allows, waits without a thread, bounded by the
 *                        operation's deadline
 *   RedirectLayer ...... follows redirects itself, bounded; never re-sends a paid request to a redirect
 *   CredentialLayer .... the credential only for the API origin, never on downloads
 *   UserHeaders ........ the user's own headers (trace context, a gateway's), never replacing one already set
 *   OkHttpSender ....... one hop with OkHttp, registered with the operation so stopping it cancels the call
 *   ResponseClassifier . what an answer or a failure means: value, typed error, retryable or not
 * </pre>
 *
 * OkHttp itself retries nothing ({@code retryOnConnectionFailure(false)}: it would re-send a POST whose connection
 * dropped) and follows no redirect (it would re-send a POST on 307/308 and forward {@code x-api-key} across hosts).
 * A paid request is kept off pooled connections the server has already closed ({@link StaleConnections}).
 */
public final class HttpPipeline {

    /** Settings of the pipeline. */
    public record Settings(Duration connectTimeout, Duration readTimeout, int maxConcurrency, long maxBodyBytes,
                           RetryPolicy retryPolicy, Clock clock, ImageEventListener listener, HttpOptions http) {
    }

    private final Redaction redaction;

    /**
     * A snapshot of the HTTP layer, for leak checks: calls running or queued in the dispatcher, connections in the pool
     * (a connection not idle is held by an open response), and live threads of the dispatcher's pool (with a user's
     * executor: the tasks handed to it and not yet finished).
     */
    public record Stats(int runningCalls, int queuedCalls, int connections, int idleConnections, int dispatcherThreads,
                        boolean dispatcherTerminated) {

        /** Nothing in flight, no response left open. */
        public boolean idle() {
            return runningCalls == 0 && queuedCalls == 0 && connections == idleConnections;
        }
    }

    private final OkHttpClient client;
    /** Our {@link CallExecutor}, or the user's executor behind a {@link ForeignExecutor}. */
    private final ExecutorService executor;
    private final RetryLayer retries;

    public HttpPipeline(Settings settings, ClientLifecycle lifecycle, Redaction redaction) {
        this.redaction = redaction;
        HttpOptions http = settings.http();
        this.executor = http.executor().isPresent() ? new ForeignExecutor(http.executor().get())
                : new CallExecutor(settings.maxConcurrency(), lifecycle.threads("imagegen-http-"), lifecycle.scheduler());
        Dispatcher dispatcher = new Dispatcher(executor);
        // OkHttp's default of 5 per host would silently serialise async fan-out beyond 5 calls; this bounds a user's
        // executor too: the dispatcher hands it no more calls than this at once
        dispatcher.setMaxRequests(settings.maxConcurrency());
        dispatcher.setMaxRequestsPerHost(settings.maxConcurrency());
        int poolSize = http.maxIdleConnections().orElse(Math.max(5, Math.min(settings.maxConcurrency(), 256)));
        long keepAliveMillis = http.keepAlive().orElse(Duration.ofMinutes(5)).toMillis();
        StaleConnections stale = new StaleConnections(poolSize + 1);
        this.client = OkHttpSetup.apply(http, new OkHttpClient.Builder())
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(poolSize, keepAliveMillis, TimeUnit.MILLISECONDS))
                // a paid request passes over pooled connections the server has closed, before anything is sent
                .addInterceptor(stale.passOver())
                .addNetworkInterceptor(stale.check())
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                .build();
        AttemptLog log = new AttemptLog(settings.listener());
        ResponseClassifier classifier = new ResponseClassifier(settings.maxBodyBytes(), settings.clock(), log, redaction);
        // shares the pool and the dispatcher; its own resolver keeps untrusted outputs off local addresses
        OkHttpClient publicOutputs = client.newBuilder().dns(new OutputDns(OkHttpSetup.dns(http))).build();
        OkHttpSender sender = new OkHttpSender(client, publicOutputs, UserAgent.of(http.userAgentSuffix().orElse(null)),
                new UserHeaders(http.requestHeaders().orElse(null)), new InterruptWatch(lifecycle.scheduler()), stale);
        RedirectLayer redirects = new RedirectLayer(sender, classifier, log);
        this.retries = new RetryLayer(redirects, settings.retryPolicy(), log);
        // a user's executor is not ours to stop: closing stops only what hands it tasks
        lifecycle.onClose(new Runnable() { // a class, not a method reference spun while a fresh JVM builds a client
            @Override
            public void run() {
                shutdown();
            }
        }, executor);
    }

    /**
     * Sends {@code x} and completes with what its handler made of the 2xx answer, or with the typed error; never
     * before the exchange's operation allows (a stopped operation ends it with the stop's error).
     */
    public <T> CompletableFuture<T> send(Exchange<T> x) {
        return retries.send(x);
    }

    /** What the client's secrets are scrubbed from. */
    public Redaction redaction() {
        return redaction;
    }

    /** What is in flight and pooled right now. */
    public Stats stats() {
        Dispatcher d = client.dispatcher();
        ConnectionPool pool = client.connectionPool();
        return new Stats(d.runningCallsCount(), d.queuedCallsCount(), pool.connectionCount(), pool.idleConnectionCount(),
                executor instanceof CallExecutor own ? own.getPoolSize() : ((ForeignExecutor) executor).running(),
                executor.isTerminated());
    }

    private void shutdown() {
        client.dispatcher().cancelAll();
        // calls still waiting for a thread are cancelled: run here, each fails at once and settles its callback
        for (Runnable waiting : executor.shutdownNow()) {
            waiting.run();
        }
        client.connectionPool().evictAll();
    }
}
