package dev.imagegen.spring;

import dev.imagegen.HttpOptions;
import dev.imagegen.ImageClient;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;

import static dev.imagegen.spring.ImagegenAutoConfigurationTest.panda;
import static org.assertj.core.api.Assertions.assertThat;

/** The {@code imagegen.http.*} properties reach the client's {@link HttpOptions}, over an application's own. */
class ImagegenHttpPropertiesTest {

    private static final HeldCertificate ROOT = new HeldCertificate.Builder().certificateAuthority(0)
            .commonName("imagegen starter test root").build();
    private static final HeldCertificate CLIENT = new HeldCertificate.Builder().signedBy(ROOT).commonName("imagegen client").build();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ImagegenAutoConfiguration.class))
            .withPropertyValues("imagegen.read-system-environment=false")
            .withBean(BuilderProbe.class, BuilderProbe::new);

    @TempDir
    Path dir;

    private static HttpOptions http(org.springframework.context.ApplicationContext context) {
        return context.getBean(BuilderProbe.class).settings().http;
    }

    private Path trustStore(String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("root", ROOT.certificate());
        return save(ks, "trust.p12", password);
    }

    private Path clientKeyStore(String storePassword, String keyPassword) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", CLIENT.keyPair().getPrivate(), keyPassword.toCharArray(),
                new Certificate[] {CLIENT.certificate(), ROOT.certificate()});
        return save(ks, "client.p12", storePassword);
    }

    private Path save(KeyStore ks, String name, String password) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
        return file;
    }

    @Test
    void nothingSetLeavesTheSdksDefaults() {
        runner.run(context -> assertThat(http(context)).isSameAs(HttpOptions.defaults()));
    }

    @Test
    void proxyWithCredentials() {
        runner.withPropertyValues("imagegen.http.proxy.host=proxy.corp.example", "imagegen.http.proxy.port=3128",
                "imagegen.http.proxy.username=svc-images", "imagegen.http.proxy.password=pr0xy-secret").run(context -> {
            HttpOptions http = http(context);
            assertThat(http.proxy()).hasValue(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.corp.example", 3128)));
            PasswordAuthentication auth = http.proxyAuthentication().orElseThrow();
            assertThat(auth.getUserName()).isEqualTo("svc-images");
            assertThat(auth.getPassword()).containsExactly("pr0xy-secret".toCharArray());
        });
        runner.withPropertyValues("imagegen.http.proxy.host=socks.corp.example", "imagegen.http.proxy.port=1080",
                "imagegen.http.proxy.type=socks").run(context -> assertThat(http(context).proxy())
                .hasValue(new Proxy(Proxy.Type.SOCKS, InetSocketAddress.createUnresolved("socks.corp.example", 1080))));
    }

    @Test
    void aProxyWithoutAPortFailsStartup() {
        runner.withPropertyValues("imagegen.http.proxy.host=proxy.corp.example").run(context ->
                assertThat(context).getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageStartingWith("Property imagegen.http.proxy.port"));
    }

    @Test
    void trustStoreFromAFile() throws Exception {
        Path store = trustStore("changeit-4711");
        runner.withPropertyValues("imagegen.http.trust-store.location=file:" + store,
                "imagegen.http.trust-store.password=changeit-4711").run(context -> {
            HttpOptions http = http(context);
            assertThat(http.trustManager()).hasValueSatisfying(tm ->
                    assertThat(tm.getAcceptedIssuers()).containsExactly(ROOT.certificate()));
            assertThat(http.sslContext()).isPresent();
        });
    }

    @Test
    void aTrustStoreThatDoesNotLoadFailsStartupWithoutShowingThePassword() throws Exception {
        Path store = trustStore("changeit-4711");
        runner.withPropertyValues("imagegen.http.trust-store.location=file:" + store,
                "imagegen.http.trust-store.password=wrong-secret-0815").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageStartingWith("Property imagegen.http.trust-store.location")
                        .hasMessageNotContaining("wrong-secret-0815"));
        runner.withPropertyValues("imagegen.http.trust-store.location=file:" + dir.resolve("missing.p12")).run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageStartingWith("Property imagegen.http.trust-store.location"));
    }

    @Test
    void clientCertificateWithItsOwnKeyPassword() throws Exception {
        Path store = clientKeyStore("store-pw-1", "key-pw-2");
        runner.withPropertyValues("imagegen.http.client-certificate.location=file:" + store,
                "imagegen.http.client-certificate.password=store-pw-1",
                "imagegen.http.client-certificate.key-password=key-pw-2").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(http(context).sslContext()).isPresent();
        });
        runner.withPropertyValues("imagegen.http.client-certificate.location=file:" + store,
                "imagegen.http.client-certificate.password=store-pw-1").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageStartingWith("Property imagegen.http.client-certificate.location")
                        .hasMessageNotContaining("store-pw-1"));
    }

    @Test
    void aSpringBootSslBundle() throws Exception {
        Path store = trustStore("changeit-4711");
        ApplicationContextRunner withSsl = runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues("spring.ssl.bundle.jks.corp.truststore.location=file:" + store,
                        "spring.ssl.bundle.jks.corp.truststore.password=changeit-4711",
                        "spring.ssl.bundle.jks.corp.truststore.type=PKCS12");
        withSsl.withPropertyValues("imagegen.http.ssl-bundle=corp").run(context -> {
            HttpOptions http = http(context);
            assertThat(http.sslContext()).isPresent();
            assertThat(http.trustManager()).hasValueSatisfying(tm ->
                    assertThat(tm.getAcceptedIssuers()).containsExactly(ROOT.certificate()));
        });
        withSsl.withPropertyValues("imagegen.http.ssl-bundle=nope").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageStartingWith("Property imagegen.http.ssl-bundle"));
        withSsl.withPropertyValues("imagegen.http.ssl-bundle=corp", "imagegen.http.trust-store.location=file:" + store)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageStartingWith("Property imagegen.http.ssl-bundle").hasMessageContaining("not both"));
    }

    @Test
    void connectionPool() {
        runner.withPropertyValues("imagegen.http.pool.max-idle-connections=8", "imagegen.http.pool.keep-alive=30s").run(context -> {
            assertThat(http(context).maxIdleConnections()).hasValue(8);
            assertThat(http(context).keepAlive()).hasValue(Duration.ofSeconds(30));
        });
        runner.withPropertyValues("imagegen.http.pool.max-idle-connections=8").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageStartingWith("Property imagegen.http.pool.keep-alive"));
    }

    @Test
    void userAgentSuffixReachesTheVendor() {
        runner.withPropertyValues("imagegen.emulator.enabled=true", "imagegen.http.user-agent-suffix=acme-studio/2.3").run(context -> {
            context.getBean(ImageClient.class).generate(panda());
            assertThat(context.getBean(ProviderEmulator.class).requests().get(0).header("User-Agent"))
                    .hasValueSatisfying(ua -> assertThat(ua).startsWith("imagegen-java/").endsWith(" acme-studio/2.3"));
        });
        runner.withPropertyValues("imagegen.http.user-agent-suffix=café").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageStartingWith("Property imagegen.http.user-agent-suffix"));
    }

    @Test
    void anHttpOptionsBeanIsTheBaseThePropertiesApplyOver() {
        HttpOptions mine = HttpOptions.builder().userAgentSuffix("from-the-bean/1").connectionPool(2, Duration.ofSeconds(5)).build();
        runner.withBean(HttpOptions.class, () -> mine)
                .withPropertyValues("imagegen.http.user-agent-suffix=from-properties/2").run(context -> {
                    HttpOptions http = http(context);
                    assertThat(http.userAgentSuffix()).hasValue("from-properties/2");
                    assertThat(http.maxIdleConnections()).hasValue(2);
                });
        runner.withBean(HttpOptions.class, () -> mine).run(context -> assertThat(http(context)).isEqualTo(mine));
    }

    @Test
    void onTheEmulatorAProxyIsIgnoredSinceItCouldNotReachLoopback() {
        runner.withPropertyValues("imagegen.emulator.enabled=true",
                "imagegen.http.proxy.host=proxy.invalid", "imagegen.http.proxy.port=3128").run(context -> {
            assertThat(http(context).proxy()).isEmpty();
            context.getBean(ImageClient.class).generate(panda());
            assertThat(context.getBean(ProviderEmulator.class).requestCount(Routes.SEGMIND_GENERATE)).isEqualTo(1);
        });
    }
}
