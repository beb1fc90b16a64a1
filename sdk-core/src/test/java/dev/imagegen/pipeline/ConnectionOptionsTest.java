package dev.imagegen.pipeline;

import dev.imagegen.ConnectionException;
import dev.imagegen.HttpOptions;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.RetryPolicy;
import dev.imagegen.internal.client.ClientInternals;
import dev.imagegen.internal.http.HttpPipeline;
import dev.imagegen.testing.CallMode;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link HttpOptions}' connection pool and resolver: used for API calls and downloads, and the download rule kept. */
class ConnectionOptionsTest extends PipelineFixture {

    private final List<String> resolved = new CopyOnWriteArrayList<>();

    /** Resolves every {@code *.fake.test} name to loopback, as a service registry might. */
    private Function<String, List<InetAddress>> registry() {
        return host -> {
            resolved.add(host);
            return host.endsWith(".fake.test") ? List.of(InetAddress.getLoopbackAddress()) : List.of();
        };
    }

    private String viaName(String host) {
        return "http://" + host + ":" + server.getPort() + "/";
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void theConfiguredResolverFindsTheApiHost(CallMode mode) throws Exception {
        server.enqueue(ok());
        ImageClient c = client(builder().baseUrl("fake", viaName("api.fake.test")).http(HttpOptions.builder().dns(registry()).build()));

        assertThat(mode.generate(c, sync()).images()).hasSize(1);
        assertThat(resolved).containsExactly("api.fake.test");
        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Host")).isEqualTo("api.fake.test:" + server.getPort());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aNameTheResolverMapsToALocalAddressIsStillRefusedForAnOutput(CallMode mode) {
        // the API is not local (by its name), so its outputs must be public; the resolver says cdn.fake.test is loopback
        server.enqueue(json(200, "{\"id\":\"r1\",\"images\":[{\"url\":\"https://cdn.fake.test:" + server.getPort() + "/out.png\"}]}"));
        ImageClient c = client(builder().baseUrl("fake", viaName("api.fake.test")).http(HttpOptions.builder().dns(registry()).build()));

        assertThatThrownBy(() -> mode.generate(c, sync())).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("the output was generated but could not be downloaded")
                .hasStackTraceContaining("refused output host cdn.fake.test: it resolves only to local addresses");
        assertThat(resolved).as("the download's name went to the configured resolver").contains("cdn.fake.test");
        assertThat(server.getRequestCount()).as("only the generation reached the server").isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aResolverThatFindsNothingOrThrowsIsAConnectionFailure(CallMode mode) {
        for (Function<String, List<InetAddress>> broken : List.<Function<String, List<InetAddress>>>of(host -> List.of(),
                host -> java.util.Arrays.asList((InetAddress) null), host -> null, host -> {
                    throw new java.io.UncheckedIOException(new UnknownHostException("registry down"));
                })) {
            ImageClient c = client(builder().baseUrl("fake", viaName("api.fake.test")).retryPolicy(RetryPolicy.none())
                    .http(HttpOptions.builder().dns(broken).build()));
            assertThatThrownBy(() -> mode.generate(c, sync())).isInstanceOf(ConnectionException.class)
                    .hasRootCauseInstanceOf(UnknownHostException.class);
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void thePoolKeepsNoMoreIdleConnectionsThanConfigured() throws Exception {
        CountDownLatch allArrived = new CountDownLatch(3);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
                // three requests at once, so three connections
                allArrived.countDown();
                allArrived.await(5, TimeUnit.SECONDS);
                return ok();
            }
        });
        ImageClient c = client(builder().http(HttpOptions.builder().connectionPool(1, Duration.ofMinutes(5)).build()));
        List<CompletableFuture<ImageResult>> calls = List.of(c.generateAsync(sync()), c.generateAsync(sync()), c.generateAsync(sync()));
        for (CompletableFuture<ImageResult> f : calls) {
            assertThat(f.get(5, TimeUnit.SECONDS).images()).hasSize(1);
        }
        assertThat(allArrived.getCount()).isZero();
        awaitPool(c, s -> s.connections() == 1 && s.idleConnections() == 1, "one idle connection kept of three");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void anIdleConnectionIsClosedAfterTheKeepAlive(CallMode mode) throws Exception {
        server.enqueue(ok());
        ImageClient c = client(builder().http(HttpOptions.builder().connectionPool(5, Duration.ofMillis(100)).build()));
        mode.generate(c, sync());
        awaitPool(c, s -> s.connections() == 0, "the idle connection closed after 100 ms (default: 5 min)");
    }

    /** Waits up to 5 s for the pool's own cleanup, which runs on OkHttp's task runner. */
    private static void awaitPool(ImageClient c, Predicate<HttpPipeline.Stats> condition, String what) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        HttpPipeline.Stats s = ClientInternals.transportStats(c);
        while (!condition.test(s) && System.nanoTime() < until) {
            Thread.onSpinWait();
            s = ClientInternals.transportStats(c);
        }
        assertThat(condition).as(what + "; pool: " + s).accepts(s);
    }
}
