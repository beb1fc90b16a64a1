package dev.imagegen.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest extends EmulatorTestSupport {
    static final String SEGMIND_BODY = "{\"prompt\":\"fault test\",\"seed\":1,\"output_format\":\"png\","
            + "\"resolution\":\"832 \u00d7 1248 (Portrait)\"}";
    static final String LUMENFALL_BODY = "{\"model\":\"hidream-i1-fast\",\"prompt\":\"fault test\",\"size\":\"512x512\","
            + "\"seed\":3}";
    ProviderEmulator emu;

    @BeforeEach
    void start() {
        emu = ProviderEmulator.builder().processingTime(Duration.ofMillis(150)).start();
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    HttpResponse<byte[]> segmind() {
        return postJson(emu.baseUrl("segmind") + "/v1/hidream-l1-fast", SEGMIND_BODY, "x-api-key", emu.apiKey());
    }

    HttpResponse<byte[]> lumenfall() {
        return postJson(emu.baseUrl("lumenfall") + "/images/generations", LUMENFALL_BODY, "Authorization",
                bearer(emu));
    }

    /** A fresh client: no pooled connection, so the JDK client never silently retries on a dropped one. */
    static HttpResponse<byte[]> sendFresh(HttpRequest req) throws IOException, InterruptedException {
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return fresh.send(req, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void statusFaultWithHeaderAndBodyFiresTheGivenNumberOfTimes() {
        FaultPlan.Rule rule = emu.faults().on(Routes.SEGMIND_GENERATE).times(2)
                .respond(Fault.status(429).header("Retry-After", "1").body("{\"error\":\"rate limited\"}"));
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> r = segmind();
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("retry-after")).hasValue("1");
            assertThat(text(r)).isEqualTo("{\"error\":\"rate limited\"}");
        }
        assertThat(rule.fired()).isEqualTo(2);
        assertThat(rule.exhausted()).isTrue();
        assertThat(segmind().statusCode()).isEqualTo(200);
        assertThat(emu.requestCount(Routes.SEGMIND_GENERATE)).as("faulted requests are counted").isEqualTo(3);
        assertThat(emu.requests()).hasSize(3);
    }

    @Test
    void statusFaultWithoutBodyUsesTheVendorErrorShape() {
        emu.faults().on(Routes.LUMENFALL_GENERATIONS).respond(Fault.status(429));
        emu.faults().on(Routes.LUMENFALL_GENERATIONS).respond(Fault.status(402));
        emu.faults().on(Routes.SEGMIND_GENERATE).respond(Fault.status(503));
        emu.faults().on(Routes.SEGMIND_GENERATE).respond(Fault.status(405));
        emu.faults().on(Routes.WAVESPEED_SUBMIT).respond(Fault.status(500));
        emu.faults().on(Routes.LUMOZ_RUN).respond(Fault.status(502));
        JsonNode rl = json(lumenfall());
        assertThat(rl.at("/error/code").asText()).isEqualTo("RATE_LIMITED");
        HttpResponse<byte[]> bal = lumenfall();
        assertThat(bal.statusCode()).isEqualTo(402);
        assertThat(json(bal).at("/error/code").asText()).isEqualTo("INSUFFICIENT_BALANCE");
        HttpResponse<byte[]> s = segmind();
        assertThat(s.statusCode()).isEqualTo(503);
        assertThat(json(s).get("error").asText()).isEqualTo("Service unavailable");
        HttpResponse<byte[]> html = segmind();
        assertThat(html.statusCode()).isEqualTo(405);
        assertThat(text(html)).contains("<html>");
        HttpResponse<byte[]> w = postJson(emu.baseUrl("wavespeed") + "/api/v2/wavespeed-ai/hidream-i1-dev",
                "{\"prompt\":\"x\"}", "Authorization", bearer(emu));
        assertThat(w.statusCode()).isEqualTo(500);
        assertThat(json(w).get("code").asInt()).isEqualTo(500);
        assertThat(json(w).at("/data/error").asText()).isNotBlank();
        HttpResponse<byte[]> l = postJson(emu.baseUrl("lumoz") + "/api/v4/run", "{}", "Authorization", bearer(emu));
        assertThat(l.statusCode()).isEqualTo(502);
        assertThat(json(l).get("success").asBoolean(true)).isFalse();
    }

    @Test
    void delayWaitsThenAnswersNormally() {
        emu.faults().on(Routes.LUMENFALL_GENERATIONS).once().respond(Fault.delay(Duration.ofMillis(400)));
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = lumenfall();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ms).isGreaterThanOrEqualTo(400 + 150);
        assertThat(Fault.status(500).afterDelay(Duration.ofMillis(5)).toString()).contains("500").contains("delay");
    }

    @Test
    void dropConnectionClosesBeforeAnyResponse() {
        emu.faults().on(Routes.LUMENFALL_GENERATIONS).once().respond(Fault.dropConnection());
        HttpRequest req = request(emu.baseUrl("lumenfall") + "/images/generations")
                .header("Authorization", bearer(emu)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(LUMENFALL_BODY)).build();
        assertThatThrownBy(() -> sendFresh(req)).isInstanceOf(IOException.class);
        assertThat(lumenfall().statusCode()).isEqualTo(200);
        assertThat(emu.requestCount(Routes.LUMENFALL_GENERATIONS)).isEqualTo(2);
    }

    @Test
    void dropConnectionSeenOnARawSocketIsAnEmptyStream() throws IOException {
        emu.faults().on(Routes.STORAGE).once().respond(Fault.dropConnection());
        RawResponse raw = rawGet("/storage/x.png");
        assertThat(raw.all).isEmpty();
    }

    @Test
    void dropMidBodySendsHeadersAndPartOfTheImage() throws Exception {
        String url = json(lumenfall()).at("/data/0/url").asText();
        int full = get(url).body().length;
        emu.faults().on(Routes.STORAGE).once().respond(Fault.dropMidBody());
        HttpRequest req = request(url).GET().build();
        assertThatThrownBy(() -> sendFresh(req)).isInstanceOf(IOException.class);
        emu.faults().on(Routes.STORAGE).once().respond(Fault.dropMidBody());
        RawResponse raw = rawGet(url.substring(emu.uri().toString().length()));
        assertThat(raw.head).startsWith("HTTP/1.1 200").containsIgnoringCase("Transfer-encoding: chunked");
        assertThat(raw.head.toLowerCase(Locale.ROOT)).doesNotContain("content-length");
        assertThat(raw.head).containsIgnoringCase("Content-Type: image/png");
        assertThat(raw.body.length).isGreaterThan(full / 3).isLessThan(full);
        assertThat(new String(raw.body, StandardCharsets.ISO_8859_1)).doesNotEndWith("\r\n0\r\n\r\n");
    }

    @Test
    void truncatedBodyClaimsTheFullLength() throws Exception {
        HttpResponse<byte[]> normal = segmind();
        int full = normal.body().length;
        emu.faults().on(Routes.SEGMIND_GENERATE).once().respond(Fault.truncatedBody());
        HttpRequest req = request(emu.baseUrl("segmind") + "/v1/hidream-l1-fast").header("x-api-key", emu.apiKey())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(SEGMIND_BODY))
                .build();
        assertThatThrownBy(() -> sendFresh(req)).isInstanceOf(IOException.class)
                .hasMessageContaining(Integer.toString(full));
        String url = json(lumenfall()).at("/data/0/url").asText();
        int stored = get(url).body().length;
        emu.faults().on(Routes.STORAGE).once().respond(Fault.truncatedBody());
        RawResponse raw = rawGet(url.substring(emu.uri().toString().length()));
        assertThat(raw.head).containsIgnoringCase("Content-length: " + stored);
        assertThat(raw.body.length).isEqualTo(stored / 2);
    }

    @Test
    void malformedBodyIsA200ThatDoesNotParse() {
        emu.faults().on(Routes.LUMENFALL_GENERATIONS).once().respond(Fault.malformedBody());
        HttpResponse<byte[]> r = lumenfall();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).isEqualTo("{\"data\":[{\"b64_json\":");
        assertThatThrownBy(() -> MAPPER.readTree(r.body())).isInstanceOf(IOException.class);
        emu.faults().on(Routes.SEGMIND_GENERATE).once().respond(Fault.malformedBody());
        HttpResponse<byte[]> img = segmind();
        assertThat(img.statusCode()).isEqualTo(200);
        assertThat(img.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(img.body()[1]).isEqualTo((byte) 'P');
        assertThatThrownBy(() -> javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(img.body())))
                .isInstanceOf(IOException.class);
        emu.faults().on(Routes.LUMENFALL_GENERATIONS).once().respond(Fault.malformedBody("{\"created\":1,"));
        assertThat(text(lumenfall())).isEqualTo("{\"created\":1,");
    }

    @Test
    void oversizedBodyHasExactlyTheRequestedLength() {
        emu.faults().on(Routes.LUMENFALL_GENERATIONS).once().respond(Fault.oversizedBody(5_000_000));
        HttpResponse<byte[]> r = lumenfall();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValueAsLong("content-length")).hasValue(5_000_000);
        assertThat(r.body()).hasSize(5_000_000);
        assertThat(new String(r.body(), 0, 22, StandardCharsets.US_ASCII)).isEqualTo("{\"data\":[{\"b64_json\":\"");
    }

    @Test
    void slowBodyTricklesTheRealBody() {
        byte[] normal = segmind().body();
        emu.faults().on(Routes.SEGMIND_GENERATE).once().respond(Fault.slowBody(Duration.ofMillis(50)));
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = segmind();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(normal);
        assertThat(ms).isGreaterThanOrEqualTo(8 * 50);
    }

    @Test
    void jobNeverFinishesOnPollsKeepsTheJobProcessingUntilCleared() {
        emu.faults().on(Routes.WAVESPEED_RESULT).always().respond(Fault.jobNeverFinishes());
        JsonNode sub = json(postJson(emu.baseUrl("wavespeed") + "/api/v2/wavespeed-ai/hidream-i1-dev",
                "{\"prompt\":\"stuck\",\"size\":\"512*512\"}", "Authorization", bearer(emu)));
        String getUrl = sub.at("/data/urls/get").asText();
        long deadline = System.nanoTime() + Duration.ofMillis(400).toNanos();
        List<String> states = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            states.add(json(get(getUrl, "Authorization", bearer(emu))).at("/data/status").asText());
        }
        assertThat(states).isNotEmpty().allSatisfy(s -> assertThat(s).isIn("created", "processing"));
        assertThat(states).last().isEqualTo("processing");
        emu.faults().clear();
        assertThat(json(get(getUrl, "Authorization", bearer(emu))).at("/data/status").asText())
                .isEqualTo("completed");
    }

    @Test
    void jobNeverFinishesOnSubmitIsSticky() {
        emu.faults().on(Routes.SEGMIND_QUEUE_SUBMIT).respond(Fault.jobNeverFinishes());
        String base = emu.baseUrl("segmind");
        String id = json(postJson(base + "/v2/hidream-l1-fast", SEGMIND_BODY, "x-api-key", emu.apiKey()))
                .get("request_id").asText();
        long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
        String status = null;
        while (System.nanoTime() < until) {
            status = json(get(base + "/v2/requests/" + id + "/status", "x-api-key", emu.apiKey())).get("status")
                    .asText();
        }
        assertThat(status).isEqualTo("PROCESSING");
    }

    @Test
    void jobFailsInEachVendorsShape() {
        // WaveSpeed: the prediction ends failed with the message.
        emu.faults().on(Routes.WAVESPEED_SUBMIT).respond(Fault.jobFails("NSFW content detected"));
        String getUrl = json(postJson(emu.baseUrl("wavespeed") + "/api/v2/wavespeed-ai/hidream-i1-dev",
                "{\"prompt\":\"x\",\"size\":\"512*512\"}", "Authorization", bearer(emu))).at("/data/urls/get").asText();
        JsonNode failed = WaveSpeedRoutesTest.awaitCompleted(emu, getUrl);
        assertThat(failed.at("/data/status").asText()).isEqualTo("failed");
        assertThat(failed.at("/data/error").asText()).isEqualTo("NSFW content detected");
        assertThat(failed.at("/data/outputs")).isEmpty();

        // Segmind queue: FAILED status, then 422 with metrics on the result.
        emu.faults().on(Routes.SEGMIND_QUEUE_STATUS).respond(Fault.jobFails("CUDA out of memory"));
        String base = emu.baseUrl("segmind");
        String id = json(postJson(base + "/v2/hidream-l1-fast", SEGMIND_BODY, "x-api-key", emu.apiKey()))
                .get("request_id").asText();
        JsonNode st = json(get(base + "/v2/requests/" + id + "/status", "x-api-key", emu.apiKey()));
        assertThat(st.get("status").asText()).isEqualTo("FAILED");
        HttpResponse<byte[]> res = get(base + "/v2/requests/" + id, "x-api-key", emu.apiKey());
        assertThat(res.statusCode()).isEqualTo(422);
        assertThat(json(res).get("error").asText()).isEqualTo("CUDA out of memory");
        assertThat(json(res).at("/metrics/total_time").isNumber()).isTrue();

        // Segmind v1 (synchronous): 422 {"error":...}
        emu.faults().on(Routes.SEGMIND_GENERATE).respond(Fault.jobFails("generation failed"));
        HttpResponse<byte[]> v1 = segmind();
        assertThat(v1.statusCode()).isEqualTo(422);
        assertThat(json(v1).get("error").asText()).isEqualTo("generation failed");

        // Lumenfall: 502 UPSTREAM_ERROR
        emu.faults().on(Routes.LUMENFALL_GENERATIONS).respond(Fault.jobFails("fal is down"));
        HttpResponse<byte[]> lf = lumenfall();
        assertThat(lf.statusCode()).isEqualTo(502);
        assertThat(json(lf).at("/error/code").asText()).isEqualTo("UPSTREAM_ERROR");
        assertThat(json(lf).at("/error/message").asText()).isEqualTo("fal is down");
    }

    @Test
    void lumozAsyncJobFailsOnCheck() {
        try (ProviderEmulator async = ProviderEmulator.builder().lumozAsync(true).start()) {
            async.faults().on(Routes.LUMOZ_RUN).respond(Fault.jobFails("model crashed"));
            JsonNode run = json(postForm(async.baseUrl("lumoz") + "/api/v4/run",
                    java.util.Map.of("model_id", "hidream-l1", "prompt", "x"), "Authorization", bearer(async)));
            long id = run.at("/data/request_id").asLong();
            JsonNode check = json(get(async.baseUrl("lumoz") + "/api/v4/check?request_id=" + id, "Authorization",
                    bearer(async)));
            assertThat(check.get("success").asBoolean(true)).isFalse();
            assertThat(check.get("message").asText()).isEqualTo("model crashed");
            assertThat(check.at("/data/status").asText()).isEqualTo("failed");
        }
    }

    @Test
    void jobNeverFinishesOnASynchronousRouteHangsUntilTheClientGivesUp() {
        emu.faults().on(Routes.SEGMIND_GENERATE).respond(Fault.jobNeverFinishes());
        HttpRequest req = request(emu.baseUrl("segmind") + "/v1/hidream-l1-fast").timeout(Duration.ofMillis(300))
                .header("x-api-key", emu.apiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SEGMIND_BODY)).build();
        assertThatThrownBy(() -> sendFresh(req)).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void probabilityRulesAreDeterministicBySeed() {
        List<Integer> first = statuses(emu, 40);
        try (ProviderEmulator other = ProviderEmulator.start()) {
            List<Integer> second = statuses(other, 40);
            assertThat(second).isEqualTo(first);
        }
        long faulted = first.stream().filter(s -> s == 503).count();
        assertThat(faulted).isBetween(5L, 35L);
        assertThat(first).containsOnly(200, 503);
    }

    private static List<Integer> statuses(ProviderEmulator e, int n) {
        e.faults().on(Routes.STORAGE).probability(0.5, 1234L).always().respond(Fault.status(503));
        e.faults().on(Routes.STORAGE).always().respond(Fault.status(200).body("{}"));
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(get(e.uri() + "/storage/any.png").statusCode());
        }
        return out;
    }

    @Test
    void anyRouteRulesAndCancel() {
        FaultPlan.Rule rule = emu.faults().onAnyRoute().always().respond(Fault.status(418).body("teapot"));
        assertThat(segmind().statusCode()).isEqualTo(418);
        assertThat(lumenfall().statusCode()).isEqualTo(418);
        assertThat(emu.faults().rules()).containsExactly(rule);
        rule.cancel();
        assertThat(segmind().statusCode()).isEqualTo(200);
        assertThat(rule.fired()).isEqualTo(2);
        assertThat(emu.faults().rules()).isEmpty();
        assertThatThrownBy(() -> emu.faults().on("segmind.nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.dropConnection().body("x")).isInstanceOf(IllegalStateException.class);
    }

    /** A response read straight off a socket (request sent with Connection: close). */
    static final class RawResponse {
        byte[] all;
        String head = "";
        byte[] body = new byte[0];
    }

    RawResponse rawGet(String pathAndQuery) throws IOException {
        try (Socket s = new Socket("127.0.0.1", emu.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                in.transferTo(all);
            } catch (IOException e) {
                // a reset after a partial body is what some faults look like
                if (all.size() == 0) {
                    throw new UncheckedIOException(e);
                }
            }
            RawResponse r = new RawResponse();
            r.all = all.toByteArray();
            String asText = new String(r.all, StandardCharsets.ISO_8859_1);
            int split = asText.indexOf("\r\n\r\n");
            if (split >= 0) {
                r.head = asText.substring(0, split);
                byte[] rest = java.util.Arrays.copyOfRange(r.all, split + 4, r.all.length);
                r.body = r.head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked") ? dechunk(rest) : rest;
            }
            return r;
        }
    }

    /** Decodes as many complete chunks as there are; stops at a missing or cut chunk. */
    static byte[] dechunk(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < b.length) {
            int eol = indexOfCrlf(b, i);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(new String(b, i, eol - i, StandardCharsets.US_ASCII).trim(), 16);
            if (size == 0) {
                break;
            }
            int start = eol + 2;
            int n = Math.min(size, b.length - start);
            out.write(b, start, n);
            i = start + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
