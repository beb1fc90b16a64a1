package dev.imagegen;

import dev.imagegen.testing.TestImages;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EstimateAndWebhookTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    ImageClient client;

    @org.junit.jupiter.api.BeforeEach
    void open() {
        client = ImageClient.builder()
                .environment(Map.of("FAKE_API_KEY", "k", "FAKE_BASE_URL", server.url("/").toString()))
                .systemProperties(new Properties()).build();
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void anEstimateComesFromTheCatalogWithoutAnyCall() {
        Cost c = client.estimate(ImageRequest.builder().model("fake-sync").prompt("x").count(5).build());
        assertThat(c).isEqualTo(Cost.estimated(new BigDecimal("0.05")));
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aConfiguredPriceReplacesTheCatalogsForEstimatesAndCosts() throws Exception {
        ImageClient priced = ImageClient.builder()
                .environment(Map.of("FAKE_API_KEY", "k", "FAKE_BASE_URL", server.url("/").toString()))
                .systemProperties(new Properties()).price("fake", "fake-sync", PriceFormula.perImage("0.25")).build();
        try (priced) {
            assertThat(priced.estimate(ImageRequest.builder().model("fake-sync").prompt("x").count(2).build()).amount())
                    .isEqualByComparingTo("0.50");
            server.enqueue(new mockwebserver3.MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body("{\"id\":\"r1\",\"images\":[{\"b64\":\"" + Base64.getEncoder().encodeToString(TestImages.png(8, 8))
                            + "\"}]}").build());
            assertThat(priced.generate(ImageRequest.builder().model("fake-sync").prompt("x").build()).cost().orElseThrow()
                    .amount()).isEqualByComparingTo("0.25");
        }
        assertThatThrownBy(() -> ImageClient.builder().environment(Map.of("FAKE_API_KEY", "k")).systemProperties(new Properties())
                .price("fake", "no-such-model", PriceFormula.perImage("1")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no-such-model'");
    }

    @Test
    void anEstimateValidatesFirst() {
        assertThatThrownBy(() -> client.estimate(ImageRequest.builder().model("fake-sync").prompt("x").count(50).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("count"));
    }

    @Test
    void aWebhookPayloadBecomesAResult() {
        String b64 = Base64.getEncoder().encodeToString(TestImages.png(12, 10));
        byte[] payload = ("{\"id\":\"w1\",\"status\":\"done\",\"images\":[{\"b64\":\"" + b64 + "\"}]}").getBytes(StandardCharsets.UTF_8);
        ImageResult r = client.parseUnverifiedWebhook("fake", payload);
        assertThat(r.requestId()).contains("w1");
        assertThat(r.image().size()).isEqualTo(ImageSize.of(12, 10));
    }

    @Test
    void aFailedWebhookPayloadThrowsTheTypedError() {
        byte[] payload = "{\"id\":\"w2\",\"status\":\"failed\",\"error\":\"boom\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> client.parseUnverifiedWebhook("fake", payload))
                .isInstanceOf(GenerationFailedException.class).hasMessageContaining("boom").hasMessageContaining("w2");
        byte[] running = "{\"id\":\"w3\",\"status\":\"running\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> client.parseUnverifiedWebhook("fake", running)).isInstanceOf(InvalidResponseException.class);
        assertThatThrownBy(() -> client.parseUnverifiedWebhook("fake", "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidResponseException.class);
    }
}
