package dev.imagegen.pipeline;

import dev.imagegen.HttpOptions;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageResult;
import dev.imagegen.RequestHeaders;
import dev.imagegen.fake.FakeProviderFactory;
import dev.imagegen.spi.AuthScheme;
import dev.imagegen.testing.CallMode;
import dev.imagegen.testing.TestImages;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user's {@link RequestHeaders} hook: its headers reach the server on every request of an operation (the paid
 * POST, the poll, the output download), it sees the URL without a query credential, it cannot replace credentials or
 * transport headers, and one that throws does not fail the call.
 */
class RequestHeadersTest extends PipelineFixture {

    private final List<RequestHeaders.OutgoingRequest> hooked = new CopyOnWriteArrayList<>();

    /** A job whose poll answers with a URL output on the same server. */
    private void serveJobWithUrlOutput() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String path = r.getUrl().encodedPath();
                if (path.equals("/generate")) {
                    return json(200, "{\"id\":\"j1\",\"status\":\"queued\"}");
                }
                if (path.equals("/jobs/j1")) {
                    return json(200, "{\"id\":\"j1\",\"status\":\"done\",\"images\":[{\"url\":\"" + server.url("/out/j1.png") + "\"}]}");
                }
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
                        .body(new Buffer().write(TestImages.png(4, 4))).build();
            }
        });
    }

    private ImageClient client(FakeProviderFactory provider, RequestHeaders hook) {
        return client(builder(provider).http(HttpOptions.builder().requestHeaders(hook).build()));
    }

    private List<RecordedRequest> taken(int n) throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(server.takeRequest(1, TimeUnit.SECONDS));
        }
        assertThat(server.takeRequest(10, TimeUnit.MILLISECONDS)).as("a request beyond the expected ones").isNull();
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void theHooksHeaderReachesTheServerOnTheCallThePollAndTheDownload(CallMode mode) throws Exception {
        serveJobWithUrlOutput();
        ImageClient c = client(new FakeProviderFactory(), (request, header) -> {
            hooked.add(request);
            header.accept("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0" + request.operationId() % 10);
            header.accept("X-Gateway-Route", request.operation());
        });
        ImageResult r = mode.generate(c, job());

        assertThat(r.images()).hasSize(1);
        List<RecordedRequest> seen = taken(3);
        assertThat(seen).extracting(q -> q.getMethod() + " " + q.getUrl().encodedPath())
                .containsExactly("POST /generate", "GET /jobs/j1", "GET /out/j1.png");
        long op = hooked.get(0).operationId();
        assertThat(hooked).containsExactly(
                new RequestHeaders.OutgoingRequest(op, "fake", "generate", "POST", server.url("/generate").toString()),
                new RequestHeaders.OutgoingRequest(op, "fake", "poll", "GET", server.url("/jobs/j1").toString()),
                new RequestHeaders.OutgoingRequest(op, "fake", "download", "GET", server.url("/out/j1.png").toString()));
        for (RecordedRequest q : seen) {
            assertThat(q.getHeaders().values("traceparent")).as(q.getUrl().encodedPath())
                    .containsExactly("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0" + op % 10);
        }
        assertThat(seen).extracting(q -> q.getHeaders().get("X-Gateway-Route")).containsExactly("generate", "poll", "download");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aHookCannotReplaceCredentialsOrTransportHeadersNorSmuggleThemOntoADownload(CallMode mode) throws Exception {
        serveJobWithUrlOutput();
        ImageClient c = client(new FakeProviderFactory(), (request, header) -> {
            header.accept("x-api-key", "hook-key");
            header.accept("Authorization", "Bearer hook-token");
            header.accept("Cookie", "session=hook");
            header.accept("User-Agent", "hook-agent");
            header.accept("Accept-Encoding", "br");
            header.accept("X-Kept", "yes");
        });
        mode.generate(c, job());

        List<RecordedRequest> seen = taken(3);
        assertThat(seen.subList(0, 2)).extracting(q -> q.getHeaders().values("x-api-key")).containsOnly(List.of(KEY));
        assertThat(seen.get(2).getHeaders().names()).as("the download's header names").doesNotContain("x-api-key");
        for (RecordedRequest q : seen) {
            assertThat(q.getHeaders().get("Authorization")).isNull();
            assertThat(q.getHeaders().get("Cookie")).isNull();
            assertThat(q.getHeaders().values("User-Agent")).singleElement().asString().startsWith("imagegen-java/");
            assertThat(q.getHeaders().values("Accept-Encoding")).containsExactly("gzip");
            assertThat(q.getHeaders().get("X-Kept")).isEqualTo("yes");
            assertThat(q.getHeaders().toString()).doesNotContain("hook-key", "hook-token");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void theHookSeesNoQueryCredential(CallMode mode) throws Exception {
        server.enqueue(ok());
        ImageClient c = client(new FakeProviderFactory(AuthScheme.queryParameter("key")), (request, header) -> hooked.add(request));
        mode.generate(c, sync());

        RecordedRequest post = taken(1).get(0);
        assertThat(post.getUrl().queryParameter("key")).as("the credential was sent").isEqualTo(KEY);
        assertThat(hooked).singleElement().satisfies(o -> assertThat(o.url()).isEqualTo(server.url("/generate").toString()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aThrowingHookAddsNothingAndDoesNotFailTheCall(CallMode mode) throws Exception {
        serveJobWithUrlOutput();
        ImageClient c = client(new FakeProviderFactory(), (request, header) -> {
            header.accept("X-Half", "set");
            throw new IllegalStateException("tracer not ready");
        });
        ImageResult r = mode.generate(c, job());

        assertThat(r.images()).hasSize(1);
        assertThat(taken(3)).allSatisfy(q -> assertThat(q.getHeaders().get("X-Half")).isNull());
    }
}
