package dev.imagegen.pipeline;

import dev.imagegen.HttpOptions;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageResult;
import dev.imagegen.testing.CallMode;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link HttpOptions}' proxy and TLS settings against MockWebServers on loopback: one acting as an HTTP proxy (plain
 * requests in absolute form, https ones through a CONNECT tunnel), one serving TLS with a certificate of a test CA
 * that the JDK does not trust, one requiring a client certificate.
 */
class ProxyAndTlsTest extends PipelineFixture {

    private static final HeldCertificate ROOT = new HeldCertificate.Builder().certificateAuthority(0)
            .commonName("imagegen test root").build();
    private static final HeldCertificate SERVER = new HeldCertificate.Builder().signedBy(ROOT).commonName("api.fake.test")
            .addSubjectAlternativeName("api.fake.test").addSubjectAlternativeName("localhost").build();
    private static final HeldCertificate CLIENT = new HeldCertificate.Builder().signedBy(ROOT).commonName("imagegen client").build();
    /** What the servers present, trusting the test root for client certificates. */
    private static final HandshakeCertificates SERVER_SIDE = new HandshakeCertificates.Builder()
            .heldCertificate(SERVER, ROOT.certificate()).addTrustedCertificate(ROOT.certificate()).build();
    private static final char[] KEY_PASSWORD = "key-store-password-4711".toCharArray();
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("svc-images:pr0xy-secret".getBytes(StandardCharsets.ISO_8859_1));

    private static KeyStore trustStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("test-root", ROOT.certificate());
        return ks;
    }

    private static KeyStore clientKeyStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", CLIENT.keyPair().getPrivate(), KEY_PASSWORD, new Certificate[] {CLIENT.certificate(), ROOT.certificate()});
        return ks;
    }

    private static Proxy proxyAt(MockWebServer proxy) {
        return new Proxy(Proxy.Type.HTTP, new InetSocketAddress(proxy.getHostName(), proxy.getPort()));
    }

    private ImageClient client(String baseUrl, HttpOptions http) {
        return client(builder().baseUrl("fake", baseUrl).http(http));
    }

    private static RecordedRequest take(MockWebServer s) throws InterruptedException {
        RecordedRequest r = s.takeRequest(1, TimeUnit.SECONDS);
        assertThat(r).as("a request reached " + s).isNotNull();
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aPlainRequestGoesThroughTheProxyWhichGetsItsCredentialsOnItsChallenge(CallMode mode) throws Exception {
        // the vendor's host does not resolve: only the proxy can reach it
        server.enqueue(new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "Basic realm=\"corp\"").build());
        server.enqueue(ok());
        ImageClient c = client("http://api.fake.test/", HttpOptions.builder().proxy(proxyAt(server))
                .proxyAuthentication("svc-images", "pr0xy-secret".toCharArray()).build());

        ImageResult r = mode.generate(c, sync());

        assertThat(r.images()).hasSize(1);
        RecordedRequest challenged = take(server);
        assertThat(challenged.getRequestLine()).isEqualTo("POST http://api.fake.test/generate HTTP/1.1");
        assertThat(challenged.getHeaders().get("Proxy-Authorization")).as("nothing before the proxy asks").isNull();
        RecordedRequest answered = take(server);
        assertThat(answered.getRequestLine()).isEqualTo("POST http://api.fake.test/generate HTTP/1.1");
        assertThat(answered.getHeaders().get("Proxy-Authorization")).isEqualTo(BASIC);
        assertThat(answered.getHeaders().get("x-api-key")).isEqualTo(KEY);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void credentialsTheProxyRefusesAreNotSentAgain(CallMode mode) {
        MockResponse refused = new MockResponse.Builder().code(407).addHeader("Proxy-Authenticate", "Basic realm=\"corp\"").build();
        server.enqueue(refused);
        server.enqueue(refused);
        ImageClient c = client("http://api.fake.test/", HttpOptions.builder().proxy(proxyAt(server))
                .proxyAuthentication("svc-images", "wrong".toCharArray()).build());

        assertThatThrownBy(() -> mode.generate(c, sync())).isInstanceOf(ImageGenerationException.class)
                .hasMessageContaining("407").hasMessageNotContaining("wrong");
        assertThat(server.getRequestCount()).as("the challenge and one answer to it").isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void anHttpsRequestTunnelsThroughTheProxyAndTrustsTheCustomTrustStore(CallMode mode) throws Exception {
        try (MockWebServer proxy = new MockWebServer()) {
            proxy.useHttps(SERVER_SIDE.sslSocketFactory());
            proxy.start();
            proxy.enqueue(new MockResponse.Builder().inTunnel().build());
            proxy.enqueue(ok());
            ImageClient c = client("https://api.fake.test/", HttpOptions.builder().proxy(proxyAt(proxy))
                    .proxyAuthentication("svc-images", "pr0xy-secret".toCharArray()).trustStore(trustStore()).build());

            ImageResult r = mode.generate(c, sync());

            assertThat(r.images()).hasSize(1);
            RecordedRequest connect = take(proxy);
            assertThat(connect.getRequestLine()).isEqualTo("CONNECT api.fake.test:443 HTTP/1.1");
            assertThat(connect.getHeaders().get("Proxy-Authorization")).as("sent before the tunnel opens").isEqualTo(BASIC);
            assertThat(connect.getHeaders().get("x-api-key")).as("the vendor's key stays inside the tunnel").isNull();
            RecordedRequest inTunnel = take(proxy);
            assertThat(inTunnel.getMethod() + " " + inTunnel.getTarget()).isEqualTo("POST /generate");
            assertThat(inTunnel.getHandshake()).as("TLS inside the tunnel").isNotNull();
            assertThat(inTunnel.getHandshakeServerNames()).containsExactly("api.fake.test");
            assertThat(inTunnel.getHeaders().get("x-api-key")).isEqualTo(KEY);
            assertThat(inTunnel.getHeaders().get("Proxy-Authorization")).as("the proxy's credentials stay with the proxy").isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aServerSignedByAnUnknownCaIsRefusedByDefaultAndAcceptedWithItInTheTrustStore(CallMode mode) throws Exception {
        try (MockWebServer tls = new MockWebServer()) {
            tls.useHttps(SERVER_SIDE.sslSocketFactory());
            tls.start();
            tls.enqueue(ok());
            String base = tls.url("/").toString();

            ImageClient byDefault = client(base, HttpOptions.defaults());
            assertThatThrownBy(() -> mode.generate(byDefault, sync())).isInstanceOf(ImageGenerationException.class)
                    .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
            assertThat(tls.getRequestCount()).isZero();

            ImageClient trusting = client(base, HttpOptions.builder().trustStore(trustStore()).build());
            assertThat(mode.generate(trusting, sync()).images()).hasSize(1);
            assertThat(take(tls).getHandshake()).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CallMode.class)
    void aServerRequiringAClientCertificateGetsTheConfiguredOne(CallMode mode) throws Exception {
        try (MockWebServer tls = new MockWebServer()) {
            tls.useHttps(SERVER_SIDE.sslSocketFactory());
            tls.requireClientAuth();
            tls.start();
            tls.enqueue(ok());
            tls.enqueue(ok());
            String base = tls.url("/").toString();

            ImageClient withoutCertificate = client(base, HttpOptions.builder().trustStore(trustStore()).build());
            assertThatThrownBy(() -> mode.generate(withoutCertificate, sync())).isInstanceOf(ImageGenerationException.class);

            ImageClient withKeyStore = client(base, HttpOptions.builder().trustStore(trustStore())
                    .clientCertificate(clientKeyStore(), KEY_PASSWORD).build());
            assertThat(mode.generate(withKeyStore, sync()).images()).hasSize(1);
            RecordedRequest first = take(tls);
            assertThat(first.getHandshake().peerPrincipal().getName()).isEqualTo("CN=imagegen client");

            // the same through a TLS context of one's own
            HandshakeCertificates own = new HandshakeCertificates.Builder().heldCertificate(CLIENT, ROOT.certificate())
                    .addTrustedCertificate(ROOT.certificate()).build();
            ImageClient withContext = client(base, HttpOptions.builder().tls(own.sslContext(), own.trustManager()).build());
            assertThat(mode.generate(withContext, sync()).images()).hasSize(1);
            assertThat(take(tls).getHandshake().peerPrincipal().getName()).isEqualTo("CN=imagegen client");
        }
    }

    @Test
    void aWrongKeyPasswordOrAnEmptyStoreFailsWhenTheOptionsAreBuiltWithoutShowingThePassword() throws Exception {
        assertThatThrownBy(() -> HttpOptions.builder().clientCertificate(clientKeyStore(), "not-the-password".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be unlocked")
                .hasMessageNotContaining("not-the-password").hasMessageNotContaining(new String(KEY_PASSWORD));
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        assertThatThrownBy(() -> HttpOptions.builder().trustStore(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no certificate");
        assertThatThrownBy(() -> HttpOptions.builder().clientCertificate(trustStore(), KEY_PASSWORD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no private key");
    }
}
