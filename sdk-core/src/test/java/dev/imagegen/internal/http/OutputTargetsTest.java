package dev.imagegen.internal.http;

import dev.imagegen.InvalidResponseException;
import dev.imagegen.spi.AuthScheme;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where a hostile answer may send the SDK for an output: with a public API, never to a local address (loopback,
 * link-local such as the cloud metadata endpoint, private), by literal or by what a name resolves to; with a local API
 * (the emulator) or when the user allows it, local outputs are fine.
 */
class OutputTargetsTest {

    static Target target(String api, boolean trustLocal) {
        return new Target("fake", HttpUrl.get(api), AuthScheme.bearer(), "Bearer k", trustLocal);
    }

    @Test
    void aPublicApisOutputsMayNotBeLocal() {
        Target t = target("https://api.vendor.example", false);
        for (String url : new String[] {"https://127.0.0.1/o.png", "https://localhost/o.png", "https://169.254.169.254/latest/meta-data",
                "https://10.1.2.3/o.png", "https://172.16.0.9/o.png", "https://192.168.1.1/o.png", "https://[::1]/o.png",
                "https://[fd00::1]/o.png", "https://0.0.0.0/o.png", "http://127.0.0.1/o.png"}) {
            assertThatThrownBy(() -> DownloadGuard.check(t, url)).as(url).isInstanceOf(InvalidResponseException.class)
                    .hasMessageContaining("refused output URL");
        }
        assertThat(DownloadGuard.check(t, "https://cdn.vendor.example/o.png").host()).isEqualTo("cdn.vendor.example");
        assertThat(DownloadGuard.check(t, "https://8.8.8.8/o.png").host()).isEqualTo("8.8.8.8");
        assertThatThrownBy(() -> DownloadGuard.check(t, "http://cdn.vendor.example/o.png")).hasMessageContaining("plain http");
    }

    @Test
    void aLocalApisOrAnAllowedClientsOutputsMayBeLocal() {
        Target emulator = target("http://127.0.0.1:8080", true);
        assertThat(DownloadGuard.check(emulator, "http://127.0.0.1:8080/storage/o.png").port()).isEqualTo(8080);
        assertThat(DownloadGuard.check(emulator, "https://10.1.2.3/o.png").host()).isEqualTo("10.1.2.3");
        assertThatThrownBy(() -> DownloadGuard.check(emulator, "http://cdn.vendor.example/o.png"))
                .as("plain http still only from loopback").hasMessageContaining("plain http");
    }

    @Test
    void localAddressesAreRecognisedWithoutResolvingNames() {
        assertThat(LocalAddresses.isLocal("127.0.0.1")).isTrue();
        assertThat(LocalAddresses.isLocal("169.254.169.254")).isTrue();
        assertThat(LocalAddresses.isLocal("api.localhost")).isTrue();
        assertThat(LocalAddresses.isLocal("fe80::1")).isTrue();
        assertThat(LocalAddresses.isLocal("93.184.216.34")).isFalse();
        assertThat(LocalAddresses.isLocal("cdn.vendor.example")).as("names are left to the resolver").isFalse();
    }

    @Test
    void aNameThatResolvesOnlyToLocalAddressesIsRefused() {
        assertThatThrownBy(() -> new OutputDns(okhttp3.Dns.SYSTEM).lookup("localhost")).isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("resolves only to local addresses");
    }
}
