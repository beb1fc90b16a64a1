package dev.imagegen.it;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.RetryPolicy;
import dev.imagegen.it.logging.CapturedLogs;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.TestImages;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.RecordedCall;
import dev.imagegen.testkit.Routes;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Secrets and trust: no key in any log line (every level on), message or toString(); credentials only ever sent to the
 * configured API origin; output URLs https only (plain http only on loopback, and only for a loopback API or when
 * allowed); downloads capped.
 */
class SecretsAndTrustTest {

    final MockWebServer foreign = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        foreign.start();
    }

    @AfterEach
    void stop() {
        foreign.close();
    }

    @Test
    void noKeyInAnyLogLineMessageOrToString() {
        List<Object> shown = new ArrayList<>();
        long linesBefore = CapturedLogs.total();
        for (Profile p : Profile.ALL) {
            ProviderEmulator emu = Emulators.forProfile(p);
            emu.faults().clear();
            // a retry (WARN), a failed attempt and a success (DEBUG), and an error with a vendor body
            emu.faults().on(p.paidRoute()).once().respond(Fault.status(429));
            FakeTime time = new FakeTime();
            try (ImageClient client = Emulators.client(p, time, new dev.imagegen.ImageEventListener() {
            }).build()) {
                shown.add(client);
                ImageRequest request = p.request(Duration.ofSeconds(10));
                shown.add(request);
                ImageResult result = client.generate(request);
                shown.add(result);
                result.images().forEach(i -> {
                    i.bytes();
                    shown.add(i);
                });
                if (p.isJob()) {
                    ImageJob job = client.submit(request);
                    shown.add(job);
                    shown.add(job.ref());
                    shown.add(job.await(Duration.ofSeconds(10)));
                }
                emu.faults().on(p.paidRoute()).once().respond(Fault.status(401));
                try {
                    client.generate(request);
                } catch (ImageGenerationException e) {
                    shown.add(e);
                    shown.add(e.details());
                }
                emu.faults().on(p.paidRoute()).once().respond(Fault.dropConnection());
                try {
                    client.generateAsync(request).join();
                } catch (RuntimeException e) {
                    shown.add(e);
                    shown.add(e.getCause());
                }
            }
        }
        for (Object o : shown) {
            String text = o instanceof Throwable t ? t + " " + t.getMessage() + " " + t.getCause() : String.valueOf(o);
            assertThat(text).as("toString/message of a %s", o == null ? null : o.getClass().getSimpleName())
                    .doesNotContain(Emulators.API_KEY);
        }
        List<String> lines = CapturedLogs.lines();
        assertThat(CapturedLogs.total() - linesBefore).as("log lines captured").isGreaterThan(20);
        assertThat(lines).as("DEBUG lines are captured").anyMatch(l -> l.startsWith("DEBUG dev.imagegen.http"));
        assertThat(lines).as("WARN lines are captured").anyMatch(l -> l.startsWith("WARN dev.imagegen.http"));
        assertThat(CapturedLogs.leaks()).as("log lines with the key").isEmpty();
        assertThat(lines).noneMatch(l -> l.contains(Emulators.API_KEY));
    }

    @Test
    void theKeyGoesOnlyToTheApiHostAndNeverToOutputHosts() throws Exception {
        // Lumenfall answers with an image URL on another origin (loopback, so plain http is allowed for this test API)
        ProviderEmulator emu = Emulators.forProfile(Profile.LUMENFALL);
        emu.faults().clear();
        foreign.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
                .body(new Buffer().write(TestImages.png(8, 8))).build());
        String url = "http://localhost:" + foreign.getPort() + "/cdn/out.png";
        emu.faults().on(Routes.LUMENFALL_GENERATIONS).once().respond(Fault.status(200)
                .body(Profile.LUMENFALL.completedBody(url), "application/json"));
        try (ImageClient client = Emulators.client(Profile.LUMENFALL, new FakeTime(), new dev.imagegen.ImageEventListener() {
        }).build()) {
            ImageResult r = client.generate(Profile.LUMENFALL.request(Duration.ofSeconds(10)));
            assertThat(r.image().bytes()).isEqualTo(TestImages.png(8, 8));
        }
        RecordedRequest download = foreign.takeRequest(1, TimeUnit.SECONDS);
        assertThat(download.getHeaders().get("Authorization")).isNull();
        assertThat(download.getHeaders().toString()).doesNotContain(Emulators.API_KEY);
        // and the API host did get it
        RecordedCall api = emu.requests().stream().filter(c -> c.route().equals(Routes.LUMENFALL_GENERATIONS)).findFirst().orElseThrow();
        assertThat(api.header("Authorization")).hasValue("Bearer " + Emulators.API_KEY);
    }

    @Test
    void webhookCallsCarryNoCredential() throws Exception {
        foreign.enqueue(new MockResponse.Builder().code(200).build());
        String hook = "http://127.0.0.1:" + foreign.getPort() + "/hooks/imagegen";
        try (ProviderEmulator emu = ProviderEmulator.builder().apiKey(Emulators.API_KEY).wavespeedWebhooks(true)
                .fixedImage(TestImages.png(8, 8), "image/png").start();
             ImageClient client = EmulatorClients.builder(emu).providerOption("wavespeed", "webhookUrl", hook).build()) {
            client.generate(Profile.WAVESPEED.request(Duration.ofSeconds(10)));
            RecordedRequest posted = foreign.takeRequest(5, TimeUnit.SECONDS);
            assertThat(posted).as("the vendor's webhook call").isNotNull();
            assertThat(posted.getHeaders().get("Authorization")).isNull();
            assertThat(posted.getHeaders().toString() + posted.getBody().utf8()).doesNotContain(Emulators.API_KEY);
            RecordedCall submit = emu.requests().stream().filter(c -> c.route().equals(Routes.WAVESPEED_SUBMIT)).findFirst().orElseThrow();
            assertThat(submit.bodyAsString() + submit.pathAndQuery()).as("the webhook URL was sent").contains("hooks");
            // the emulator signs it as WaveSpeed does; the client checks it with the configured secret
            dev.imagegen.WebhookDelivery delivery = dev.imagegen.WebhookDelivery.of(posted.getHeaders().toMultimap(),
                    posted.getBody().toByteArray());
            assertThat(client.parseWebhook("wavespeed", delivery).images()).hasSize(1);
            try (ImageClient wrongSecret = EmulatorClients.builder(emu).webhookSecret("wavespeed", "whsec_not-the-one").build()) {
                assertThatThrownBy(() -> wrongSecret.parseWebhook("wavespeed", delivery))
                        .isInstanceOf(dev.imagegen.WebhookVerificationException.class);
            }
        }
    }

    /** A client whose API is not on loopback (it is never called): outputs come in through parseWebhook. */
    ImageClient remoteApiClient(boolean allowInsecure, long maxBody) {
        return ImageClient.builder().environment(Map.of()).systemProperties(new Properties())
                .apiKey("wavespeed", Emulators.API_KEY).allowInsecureDownloads(allowInsecure).maxBodyBytes(maxBody)
                .retryPolicy(RetryPolicy.defaults().withMaxRetries(0)).build();
    }

    static byte[] webhook(String output) {
        return ("{\"id\":\"pred-9\",\"model\":\"wavespeed-ai/hidream-i1-fast\",\"outputs\":[\"" + output
                + "\"],\"status\":\"completed\",\"has_nsfw_contents\":[false]}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void plainHttpOutputsOnlyFromLoopbackAndOnlyWhenAllowed() {
        String loopbackHttp = "http://127.0.0.1:" + foreign.getPort() + "/out.png";
        try (ImageClient strict = remoteApiClient(false, 64L << 20)) {
            ImageResult r = strict.parseUnverifiedWebhook("wavespeed", webhook(loopbackHttp));
            // with a public API, a loopback output is refused for being local, whatever its scheme
            assertThatThrownBy(() -> r.image().bytes()).isInstanceOf(InvalidResponseException.class)
                    .hasMessageContaining("refused output URL http://127.0.0.1").hasMessageContaining("a local address");
            // refused when the payload is read (not a URL WaveSpeed would send) or at the latest when fetched
            assertThatThrownBy(() -> strict.parseUnverifiedWebhook("wavespeed", webhook("file:///etc/passwd")).image().bytes())
                    .isInstanceOf(InvalidResponseException.class);
        }
        assertThat(foreign.getRequestCount()).as("nothing fetched").isZero();
        foreign.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
                .body(new Buffer().write(TestImages.png(8, 8))).build());
        try (ImageClient allowed = remoteApiClient(true, 64L << 20)) {
            assertThat(allowed.parseUnverifiedWebhook("wavespeed", webhook(loopbackHttp)).image().bytes()).isEqualTo(TestImages.png(8, 8));
            ImageResult remoteHttp = allowed.parseUnverifiedWebhook("wavespeed", webhook("http://cdn.invalid/out.png"));
            assertThatThrownBy(() -> remoteHttp.image().bytes()).as("http off loopback, even when allowed")
                    .isInstanceOf(InvalidResponseException.class);
        }
        assertThat(foreign.getRequestCount()).isEqualTo(1);
    }

    @Test
    void downloadsAreCapped() {
        foreign.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
                .body(new Buffer().write(new byte[300_000])).build());
        try (ImageClient client = remoteApiClient(true, 100_000)) {
            ImageResult r = client.parseUnverifiedWebhook("wavespeed", webhook("http://127.0.0.1:" + foreign.getPort() + "/big.png"));
            assertThatThrownBy(() -> r.image().bytes()).isInstanceOf(InvalidResponseException.class)
                    .hasMessageContaining("too large");
        }
    }
}
