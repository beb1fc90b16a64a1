package dev.imagegen;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link HttpOptions} as a value: equality, copies, and a toString that shows no secret. */
class HttpOptionsTest {

    private static final Proxy PROXY = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.corp", 3128));

    @Test
    void equalSettingsAreEqualAndToBuilderCopiesThem() {
        char[] password = "pr0xy-secret".toCharArray();
        HttpOptions a = HttpOptions.builder().proxy(PROXY).proxyAuthentication("svc", password).userAgentSuffix("app/1").build();
        HttpOptions b = HttpOptions.builder().proxy(PROXY).proxyAuthentication("svc", "pr0xy-secret".toCharArray())
                .userAgentSuffix("app/1").build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isEqualTo(a.toBuilder().build());
        assertThat(a).isNotEqualTo(a.toBuilder().proxyAuthentication("svc", "other".toCharArray()).build());
        assertThat(HttpOptions.defaults()).isEqualTo(HttpOptions.builder().build());

        java.util.Arrays.fill(password, 'x');
        PasswordAuthentication kept = a.proxyAuthentication().orElseThrow();
        assertThat(kept.getPassword()).as("the builder copied the caller's array").containsExactly("pr0xy-secret".toCharArray());
        java.util.Arrays.fill(kept.getPassword(), 'y');
        assertThat(a.proxyAuthentication().orElseThrow().getPassword()).as("the accessor hands out a copy")
                .containsExactly("pr0xy-secret".toCharArray());
    }

    @Test
    void toStringShowsWhatIsSetButNoPassword() {
        HttpOptions o = HttpOptions.builder().proxy(PROXY).proxyAuthentication("svc", "pr0xy-secret".toCharArray())
                .userAgentSuffix("app/1").build();
        assertThat(o.toString()).contains("proxy.corp", "svc:***", "userAgentSuffix=app/1").doesNotContain("pr0xy-secret");
        assertThat(HttpOptions.defaults()).hasToString("HttpOptions{}");
    }

    @Test
    void aProxyAndASelectorReplaceEachOther() {
        HttpOptions o = HttpOptions.builder().proxy(PROXY).proxySelector(java.net.ProxySelector.getDefault()).build();
        assertThat(o.proxy()).isEmpty();
        assertThat(o.proxySelector()).contains(java.net.ProxySelector.getDefault());
        assertThat(o.toBuilder().proxy(PROXY).build().proxySelector()).isEmpty();
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> HttpOptions.builder().proxyAuthentication("a:b", new char[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpOptions.builder().tls(null, new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both");
    }
}
