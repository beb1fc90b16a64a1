package dev.imagegen.internal.http;

import dev.imagegen.internal.op.Operation;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The bottom layer: sends one hop with OkHttp and hands back the open response or the failure: on a blocking caller's
 * own thread while it waits, else asynchronously (waiting holds no thread). The call is registered with the operation, so stopping the operation cancels it and
 * completes the hop at once; its timeout is the time left before the operation's deadline. OkHttp retries and follows
 * nothing by itself (see {@link HttpPipeline}).
 */
final class OkHttpSender {

    private final OkHttpClient client;
    private final OkHttpClient publicOutputs;
    private final String userAgent;
    private final UserHeaders userHeaders;
    private final InterruptWatch interrupts;
    private final StaleConnections connections;

    /** {@code publicOutputs}: the client for downloads whose hosts must not resolve to local addresses. */
    OkHttpSender(OkHttpClient client, OkHttpClient publicOutputs, String userAgent, UserHeaders userHeaders,
                 InterruptWatch interrupts, StaleConnections connections) {
        this.client = client;
        this.publicOutputs = publicOutputs;
        this.userAgent = userAgent;
        this.userHeaders = userHeaders;
        this.interrupts = interrupts;
        this.connections = connections;
    }

    CompletableFuture<SentHop> send(Exchange<?> x, RedirectLayer.Hop hop) {
        Request.Builder b = new Request.Builder().header("User-Agent", userAgent);
        HttpUrl url = CredentialLayer.apply(x, hop.url(), b);
        userHeaders.apply(x, hop, b);
        RequestBody body = hop.withBody() ? RequestBodies.of(x.request().body())
                : requiresBody(hop.method()) ? RequestBodies.empty() : null;
        AttemptState state = new AttemptState(x.request().paid(), connections);
        Request request = b.url(url).method(hop.method(), body).build();
        Call call = (x.download() && !x.target().trustLocalOutputs() ? publicOutputs : client).newCall(request);
        // the call's listener, not a request tag: OkHttp keys tags by KClass, which costs a fresh JVM Kotlin reflection
        call.addEventListener(state);
        Operation op = x.op();
        call.timeout().timeout(Math.max(1, op.remainingMillis()), TimeUnit.MILLISECONDS);
        CompletableFuture<SentHop> f = new CompletableFuture<>();
        long start = System.nanoTime();
        // a paid submission that survives a cancel is only the first hop: its answer names the job to cancel
        boolean survivesCancel = x.survivesCancel() && hop.number() == 0;
        Operation.Registration reg = op.register(new CancelCall(call, f, state, start), survivesCancel);
        if (!survivesCancel && op.mayBlockCurrentThread()) {
            return sendOnThisThread(call, f, reg, state, start);
        }
        call.enqueue(new Callback() {
            // the answer is read on the operation's thread: a blocking caller's own, else this one
            @Override
            public void onFailure(Call c, IOException e) {
                reg.done();
                op.execute(() -> f.complete(SentHop.failed(c, e, state.sent, start)));
            }

            @Override
            public void onResponse(Call c, Response response) {
                reg.done();
                op.execute(() -> {
                    if (!f.complete(SentHop.answered(c, response, state.sent, start))) {
                        response.close();
                    }
                });
            }
        });
        return f;
    }

    /** Cancels the call and fails its hop. A named class, not a lambda spun on a fresh JVM's first exchange. */
    private static final class CancelCall implements Operation.Cancellable {
        private final Call call;
        private final CompletableFuture<SentHop> f;
        private final AttemptState state;
        private final long start;

        CancelCall(Call call, CompletableFuture<SentHop> f, AttemptState state, long start) {
            this.call = call;
            this.f = f;
            this.state = state;
            this.start = start;
        }

        @Override
        public void cancel() {
            call.cancel();
            f.complete(SentHop.failed(call, new IOException("Canceled"), state.sent, start));
        }
    }

    /**
     * A blocking caller's exchange, on its own thread. Stopping the operation still cancels the call from elsewhere;
     * an interrupt cancels it too ({@link InterruptWatch}) and leaves the hop to the caller's wait, which sees the
     * interrupt and cancels the operation (that completes the hop). A paid job submission never comes here: a cancel
     * must let its answer arrive, to name the job to cancel.
     */
    private CompletableFuture<SentHop> sendOnThisThread(Call call, CompletableFuture<SentHop> f,
                                                        Operation.Registration reg, AttemptState state, long start) {
        if (Thread.currentThread().isInterrupted()) {
            return f;
        }
        Response response;
        try (InterruptWatch.Watched w = interrupts.watch(call)) {
            response = call.execute();
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                return f;
            }
            reg.done();
            f.complete(SentHop.failed(call, e, state.sent, start));
            return f;
        }
        reg.done();
        if (!f.complete(SentHop.answered(call, response, state.sent, start))) {
            response.close();
        }
        return f;
    }

    /** Methods OkHttp refuses without a body. */
    private static boolean requiresBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || method.equals("PROPPATCH")
                || method.equals("REPORT");
    }

    /**
     * Per-hop state, as an OkHttp event listener: whether the request headers started going out, and for
     * {@link StaleConnections} whether the request is paid and when its connection's exchange ended.
     */
    static final class AttemptState extends EventListener {
        final boolean paid;
        private final StaleConnections connections;
        volatile boolean sent;
        /** The connection the hop's last exchange ran on (set by {@link StaleConnections#check()}). */
        volatile Connection connection;

        AttemptState(boolean paid, StaleConnections connections) {
            this.paid = paid;
            this.connections = connections;
        }

        @Override
        public void requestHeadersStart(Call call) {
            sent = true;
        }

        @Override
        public void responseBodyEnd(Call call, long byteCount) {
            connections.ended(connection);
        }

        @Override
        public void connectionReleased(Call call, Connection c) {
            connections.ended(c);
        }
    }
}
