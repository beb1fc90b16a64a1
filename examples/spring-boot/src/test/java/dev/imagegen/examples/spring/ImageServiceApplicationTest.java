package dev.imagegen.examples.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.ImageClient;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service end to end, as shipped: a real HTTP server on a random port, the starter's client on the emulator
 * ({@code imagegen.emulator.enabled=true} is its only imagegen property), and Actuator's health endpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImageServiceApplicationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    ImageClient client;

    @Autowired
    ProviderEmulator emulator;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<byte[]> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void postImagesAnswersARealPngOfTheRequestedSize() throws Exception {
        HttpResponse<byte[]> response = post("/images", "{\"prompt\":\"a red fox in the snow\",\"width\":1360,\"height\":768}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(response.headers().firstValue("X-Imagegen-Provider")).hasValue("segmind");
        assertThat(response.body()).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(png.getWidth()).isEqualTo(1360);
        assertThat(png.getHeight()).isEqualTo(768);
        assertThat(emulator.requestCount(Routes.SEGMIND_GENERATE)).isPositive();
    }

    @Test
    void aRequestTheModelCannotServeIsABadRequestThatSaysWhy() throws Exception {
        HttpResponse<byte[]> response = post("/images", "{\"prompt\":\"a fox\",\"width\":999,\"height\":999}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("detail").asText()).contains("size");
    }

    @Test
    void healthShowsTheImagegenComponentWithoutCallingAnyVendor() throws Exception {
        long before = emulator.requests().size();

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode imagegen = JSON.readTree(response.body()).path("components").path("imagegen");
        assertThat(imagegen.path("status").asText()).isEqualTo("UP");
        assertThat(imagegen.path("details").path("providers").path("segmind").path("configured").asBoolean()).isTrue();
        assertThat(imagegen.path("details").path("providers").path("segmind").path("circuit").asText()).isEqualTo("CLOSED");
        assertThat(emulator.requests()).hasSize((int) before);
    }

    @Test
    void theClientIsTheStartersOnTheEmulatorAndOkHttpIsNotDowngradedBySpringBoot() {
        assertThat(client.providers()).containsExactly("segmind");
        // Spring Boot 4 manages no OkHttp version, so the SDK's own one is what runs
        assertThat(okhttp3.OkHttp.VERSION).isEqualTo("5.5.1");
    }
}
