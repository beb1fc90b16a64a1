package dev.imagegen.pipeline;

import dev.imagegen.HttpOptions;
import dev.imagegen.ImageClient;
import dev.imagegen.testing.CallMode;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The User-Agent names the SDK's real version (as Maven built it), then the application's suffix when it gave one. */
class UserAgentTest extends PipelineFixture {

    private static final String VERSION = System.getProperty("imagegen.test.version");

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void theUserAgentIsTheBuildsVersion(CallMode mode) throws Exception {
        assertThat(VERSION).as("the build passes the project version").isNotBlank().doesNotStartWith("${");
        server.enqueue(ok());
        mode.generate(client(), sync());
        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(r.getHeaders().values("User-Agent")).containsExactly("imagegen-java/" + VERSION);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void theApplicationsSuffixFollowsOnEveryRequestOfAJob(CallMode mode) throws Exception {
        server.enqueue(json(200, "{\"id\":\"j1\",\"status\":\"queued\"}"));
        server.enqueue(done("j1"));
        ImageClient c = client(builder().http(HttpOptions.builder().userAgentSuffix("acme-studio/2.3 (+https://acme.example)").build()));
        mode.generate(c, job());
        for (int i = 0; i < 2; i++) {
            assertThat(server.takeRequest(1, TimeUnit.SECONDS).getHeaders().values("User-Agent"))
                    .containsExactly("imagegen-java/" + VERSION + " acme-studio/2.3 (+https://acme.example)");
        }
    }

    @Test
    void aSuffixThatIsNoHeaderValueIsRefused() {
        for (String bad : new String[] {"", " ", "app\r\nX-Injected: 1", "café/1"}) {
            assertThatThrownBy(() -> HttpOptions.builder().userAgentSuffix(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("printable ASCII");
        }
    }
}
