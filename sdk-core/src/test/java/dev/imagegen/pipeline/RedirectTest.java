package dev.imagegen.pipeline;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.spi.AuthScheme;
import dev.imagegen.fake.FakeProviderFactory;
import dev.imagegen.testing.CallMode;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redirects are followed by the core, not by OkHttp: a paid request is never sent twice (a 307 back to the same URL
 * once made one generate() send 21 paid POSTs), the credential goes only to the API origin, and hops are bounded.
 */
class RedirectTest extends PipelineFixture {

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aRedirectBackToTheSameUrlIsNotFollowedForAPaidRequest(CallMode mode) throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return redirect(307, "/generate");
            }
        });
        ImageClient c = client();
        assertThatThrownBy(() -> mode.generate(c, sync()))
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("307 redirecting to " + server.url("/generate"))
                .hasMessageContaining("never sent twice")
                .hasMessageContaining("generated nothing");
        assertThat(server.getRequestCount()).as("paid POSTs the vendor saw").isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aRedirectToAnotherOriginDoesNotRepostThePrompt(CallMode mode) throws Exception {
        try (MockWebServer other = new MockWebServer()) {
            other.start();
            other.enqueue(ok());
            server.enqueue(redirect(308, other.url("/generate?token=secret").toString()));
            ImageClient c = client();
            assertThatThrownBy(() -> mode.generate(c, sync()))
                    .isInstanceOf(InvalidResponseException.class)
                    .hasMessageContaining("308 redirecting to " + other.url("/generate"))
                    .hasMessageNotContaining("token=secret");
            assertThat(other.getRequestCount()).as("requests that reached the other origin").isZero();
            assertThat(server.getRequestCount()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aPollRedirectedToAnotherOriginIsFollowedWithoutTheCredential(CallMode mode) throws Exception {
        try (MockWebServer other = new MockWebServer()) {
            other.start();
            other.enqueue(done("j1"));
            server.enqueue(json(200, "{\"id\":\"j1\",\"status\":\"queued\"}"));
            server.enqueue(redirect(302, other.url("/elsewhere/j1").toString()));
            for (String header : new String[] {"x-api-key", "Authorization"}) {
                AuthScheme auth = header.equals("x-api-key") ? AuthScheme.header(header) : AuthScheme.bearer();
                ImageClient c = client(builder(new FakeProviderFactory(auth)));
                ImageResult r = mode.generate(c, job());
                assertThat(r.images()).hasSize(1);
                RecordedRequest post = server.takeRequest(1, TimeUnit.SECONDS);
                assertThat(post.getHeaders().get(header)).contains(KEY);
                RecordedRequest poll = server.takeRequest(1, TimeUnit.SECONDS);
                assertThat(poll.getHeaders().get(header)).as("credential on the API origin").contains(KEY);
                RecordedRequest redirected = other.takeRequest(1, TimeUnit.SECONDS);
                assertThat(redirected.getMethod()).isEqualTo("GET");
                assertThat(redirected.getHeaders().get(header)).as("credential at the other origin").isNull();
                assertThat(redirected.getHeaders().toString()).doesNotContain(KEY);
                other.enqueue(done("j1"));
                server.enqueue(json(200, "{\"id\":\"j1\",\"status\":\"queued\"}"));
                server.enqueue(redirect(302, other.url("/elsewhere/j1").toString()));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aRedirectLoopOnAGetEndsAfterFiveHops(CallMode mode) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return request.getMethod().equals("POST") ? json(200, "{\"id\":\"j2\",\"status\":\"queued\"}")
                        : redirect(307, "/jobs/j2");
            }
        });
        ImageClient c = client();
        assertThatThrownBy(() -> mode.generate(c, job()))
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("after 5 redirects");
        assertThat(server.getRequestCount()).as("the POST, the poll and 5 redirect hops").isEqualTo(7);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aRedirectToAnotherSchemeIsRefused(CallMode mode) {
        server.enqueue(json(200, "{\"id\":\"j3\",\"status\":\"queued\"}"));
        server.enqueue(redirect(302, "ftp://example.invalid/j3"));
        ImageClient c = client();
        assertThatThrownBy(() -> mode.generate(c, job()))
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("not an http(s) URL");
    }
}
