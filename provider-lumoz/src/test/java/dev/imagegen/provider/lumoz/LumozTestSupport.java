package dev.imagegen.provider.lumoz;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.RetryPolicy;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A MockWebServer standing for LumozAI, a client on fake time pointed at it, and the fixtures. */
abstract class LumozTestSupport {

    static final String KEY = "lumoz-test-key-0123456789";
    static final String ID = "lumoz";
    static final String HIDREAM = "hidream-l1";
    static final String KAWAII = "flux-cute-3d-kawaii";

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakeTime time;
    final List<ImageClient> clients = new ArrayList<>();
    ImageClient client;

    @BeforeEach
    void createClient() {
        time = new FakeTime();
        client = client(Map.of());
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ImageClient::close);
    }

    /** A client with these provider options. */
    ImageClient client(Map<String, String> options) {
        ImageClient.Builder b = ImageClient.builder()
                .discoverProviders(false)
                .addProvider(new LumozProviderFactory())
                .environment(Map.of())
                .apiKey(ID, KEY)
                .baseUrl(ID, server.url("/").toString())
                .retryPolicy(RetryPolicy.defaults().withJitter(false))
                .sleeper(time)
                .clock(time)
                .pollInterval(Duration.ofMillis(100), Duration.ofMillis(400))
                .timeout(Duration.ofMinutes(5));
        options.forEach((k, v) -> b.providerOption(ID, k, v));
        ImageClient c = b.build();
        clients.add(c);
        return c;
    }

    static ImageRequest.Builder request(String model, String prompt) {
        return ImageRequest.builder().provider(ID).model(model).prompt(prompt);
    }

    /** A fixture file's text, exactly as stored. */
    static String fixture(String path) {
        try (InputStream in = LumozTestSupport.class.getResourceAsStream("/fixtures/lumoz/" + path)) {
            assertThat(in).as("fixture %s", path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A response fixture with the test server's root in place of {@code {{server}}}. */
    String answer(String name) {
        String root = server.url("/").toString();
        return fixture("responses/" + name).strip().replace("{{server}}/", root);
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse json(String body) {
        return json(200, body);
    }

    static MockResponse png() {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
                .body(new okio.Buffer().write(TestImages.png(32, 32))).build();
    }

    /** Enqueues a run answer with an output URL on this server, then the image it points at. */
    void enqueueRunSuccess() {
        server.enqueue(json(answer("run-success.json")));
        server.enqueue(png());
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(r).as("a recorded request").isNotNull();
        return r;
    }

    /** One part of a multipart body. */
    record Part(Map<String, String> headers, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** Splits a multipart/form-data body into its parts by name, in order (a plain reader, not the client's). */
    static Map<String, Part> multipart(RecordedRequest r) {
        String type = r.getHeaders().get("Content-Type");
        assertThat(type).startsWith("multipart/form-data; boundary=");
        String boundary = "--" + type.substring(type.indexOf("boundary=") + 9);
        // ISO-8859-1 maps bytes to chars one to one, so binary parts survive the round trip.
        String body = new String(r.getBody().toByteArray(), StandardCharsets.ISO_8859_1);
        assertThat(body).startsWith(boundary + "\r\n").endsWith(boundary + "--\r\n");
        Map<String, Part> parts = new LinkedHashMap<>();
        String[] chunks = body.substring(0, body.length() - (boundary.length() + 4)).split(java.util.regex.Pattern.quote(boundary + "\r\n"));
        for (String chunk : chunks) {
            if (chunk.isEmpty()) {
                continue;
            }
            int split = chunk.indexOf("\r\n\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : chunk.substring(0, split).split("\r\n")) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).trim());
            }
            assertThat(chunk).endsWith("\r\n");
            byte[] data = chunk.substring(split + 4, chunk.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
            String disposition = headers.get("content-disposition");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"([^\"]*)\"").matcher(disposition);
            assertThat(m.find()).isTrue();
            parts.put(m.group(1), new Part(headers, data));
        }
        return parts;
    }
}
