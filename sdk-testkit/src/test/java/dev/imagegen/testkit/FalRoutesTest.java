package dev.imagegen.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** fal's queue API on the emulator, spoken to over raw HTTP. */
class FalRoutesTest extends EmulatorTestSupport {
    static ProviderEmulator emu;

    @BeforeAll
    static void start() {
        emu = ProviderEmulator.start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void reset() {
        emu.faults().clear();
        emu.clearRequests();
    }

    static String key(ProviderEmulator e) {
        return "Key " + e.apiKey();
    }

    static String submitUrl(ProviderEmulator e, String model) {
        return e.baseUrl("fal") + "/fal-ai/" + model;
    }

    static JsonNode submit(ProviderEmulator e, String model, String body) {
        HttpResponse<byte[]> r = postJson(submitUrl(e, model), body, "Authorization", key(e));
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        return json(r);
    }

    static HttpResponse<byte[]> put(String url, String... headers) {
        HttpRequest.Builder b = request(url).PUT(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    @Test
    void onlyTheKeySchemeWithTheRightKeyIsAccepted() {
        for (String auth : new String[] {"Key wrong", "Bearer " + emu.apiKey(), emu.apiKey()}) {
            HttpResponse<byte[]> r = postJson(submitUrl(emu, "hidream-i1-dev"), "{\"prompt\":\"x\"}", "Authorization", auth);
            assertThat(r.statusCode()).as(auth).isEqualTo(401);
            assertThat(json(r).get("detail").asText()).contains("Key");
        }
        JsonNode sub = submit(emu, "hidream-i1-dev", "{\"prompt\":\"x\"}");
        assertThat(get(sub.get("status_url").asText()).statusCode()).isEqualTo(401);
        assertThat(get(sub.get("response_url").asText(), "Authorization", "Key nope").statusCode()).isEqualTo(401);
        assertThat(put(sub.get("cancel_url").asText()).statusCode()).isEqualTo(401);
    }

    @Test
    void unknownModelsAndWrongMethodsAreRefused() {
        HttpResponse<byte[]> unknown = postJson(submitUrl(emu, "flux-dev"), "{\"prompt\":\"x\"}", "Authorization", key(emu));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("detail").asText()).contains("fal-ai/flux-dev");
        HttpResponse<byte[]> subPath = postJson(submitUrl(emu, "hidream-i1-full/image-to-image"), "{\"prompt\":\"x\"}",
                "Authorization", key(emu));
        assertThat(subPath.statusCode()).isEqualTo(404);
        HttpResponse<byte[]> getSubmit = get(submitUrl(emu, "hidream-i1-dev"), "Authorization", key(emu));
        assertThat(getSubmit.statusCode()).isEqualTo(405);
        assertThat(getSubmit.headers().firstValue("allow")).hasValue("POST");
        JsonNode sub = submit(emu, "hidream-i1-dev", "{\"prompt\":\"x\"}");
        assertThat(get(sub.get("cancel_url").asText(), "Authorization", key(emu)).statusCode()).isEqualTo(405);
        String otherModel = sub.get("status_url").asText().replace("hidream-i1-dev", "hidream-i1-fast");
        assertThat(get(otherModel, "Authorization", key(emu)).statusCode()).as("the id belongs to another app").isEqualTo(404);
    }

    @Test
    void everyFieldIsValidatedInPydanticsShape() {
        String[][] cases = {
            {"hidream-i1-dev", "{\"image_size\":{\"width\":1024,\"height\":1024}}", "prompt", "missing"},
            {"hidream-i1-dev", "{\"prompt\":7}", "prompt", "string_type"},
            {"hidream-i1-dev", "{\"prompt\":\"x\",\"image_size\":{\"width\":0,\"height\":1024}}", "image_size", "value_error"},
            {"hidream-i1-dev", "{\"prompt\":\"x\",\"image_size\":{\"width\":14143,\"height\":64}}", "image_size", "value_error"},
            {"hidream-i1-dev", "{\"prompt\":\"x\",\"image_size\":{\"width\":8192,\"height\":8192}}", "image_size", "value_error"},
            {"hidream-i1-dev", "{\"prompt\":\"x\",\"image_size\":\"huge\"}", "image_size", "enum"},
            {"hidream-i1-full", "{\"prompt\":\"x\",\"num_inference_steps\":51}", "num_inference_steps", "less_than_equal"},
            {"hidream-i1-full", "{\"prompt\":\"x\",\"num_inference_steps\":0}", "num_inference_steps", "greater_than_equal"},
            {"hidream-i1-fast", "{\"prompt\":\"x\",\"num_inference_steps\":\"16\"}", "num_inference_steps", "int_type"},
            {"hidream-i1-dev", "{\"prompt\":\"x\",\"guidance_scale\":3}", "guidance_scale", "extra_forbidden"},
            {"hidream-i1-fast", "{\"prompt\":\"x\",\"loras\":[]}", "loras", "extra_forbidden"},
            {"hidream-i1-full", "{\"prompt\":\"x\",\"guidance_scale\":21}", "guidance_scale", "number_range"},
            {"hidream-i1-full", "{\"prompt\":\"x\",\"num_images\":5}", "num_images", "less_than_equal"},
            {"hidream-i1-dev", "{\"prompt\":\"x\",\"output_format\":\"webp\"}", "output_format", "literal_error"},
            {"hidream-i1-dev", "{\"prompt\":\"x\",\"enable_safety_checker\":\"yes\"}", "enable_safety_checker", "bool_type"},
            {"hidream-i1-dev", "{\"prompt\":\"x\",\"seed\":1.5}", "seed", "int_type"},
        };
        for (String[] c : cases) {
            HttpResponse<byte[]> r = postJson(submitUrl(emu, c[0]), c[1], "Authorization", key(emu));
            assertThat(r.statusCode()).as(c[1]).isEqualTo(422);
            JsonNode first = json(r).at("/detail/0");
            assertThat(first.get("loc").toString()).as(c[1]).isEqualTo("[\"body\",\"" + c[2] + "\"]");
            assertThat(first.get("type").asText()).as(c[1]).isEqualTo(c[3]);
            assertThat(first.get("msg").asText()).isNotBlank();
        }
        JsonNode many = json(postJson(submitUrl(emu, "hidream-i1-dev"), "{\"num_images\":9,\"output_format\":\"gif\"}",
                "Authorization", key(emu)));
        assertThat(many.get("detail")).extracting(d -> d.at("/loc/1").asText())
                .containsExactly("prompt", "num_images", "output_format");
        HttpResponse<byte[]> notJson = send(request(submitUrl(emu, "hidream-i1-dev")).header("Authorization", key(emu))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("prompt=x")).build());
        assertThat(notJson.statusCode()).isEqualTo(422);
        assertThat(json(notJson).at("/detail/0/type").asText()).isEqualTo("json_invalid");
        assertThat(emu.requestCount(Routes.FAL_SUBMIT)).isEqualTo(cases.length + 2);
    }

    @Test
    void theQueuePositionCountsDownPerPollThenLogsThenCompleted() {
        JsonNode sub = submit(emu, "hidream-i1-full", "{\"prompt\":\"HiDream on fal\",\"image_size\":{\"width\":768,"
                + "\"height\":512},\"num_inference_steps\":30,\"seed\":42,\"output_format\":\"png\"}");
        String id = sub.get("request_id").asText();
        String base = emu.baseUrl("fal") + "/fal-ai/hidream-i1-full/requests/" + id;
        assertThat(sub.get("status").asText()).isEqualTo("IN_QUEUE");
        assertThat(sub.get("queue_position").asInt()).isEqualTo(2);
        assertThat(sub.get("response_url").asText()).isEqualTo(base);
        assertThat(sub.get("status_url").asText()).isEqualTo(base + "/status");
        assertThat(sub.get("cancel_url").asText()).isEqualTo(base + "/cancel");

        List<String> seen = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        JsonNode last = null;
        for (int i = 0; i < 5; i++) {
            HttpResponse<byte[]> r = get(base + "/status?logs=1", "Authorization", key(emu));
            codes.add(r.statusCode());
            last = json(r);
            seen.add(last.get("status").asText() + (last.has("queue_position") ? " " + last.get("queue_position").asInt() : ""));
            if (last.get("status").asText().equals("IN_PROGRESS")) {
                assertThat(last.get("logs")).extracting(l -> l.get("message").asText())
                        .containsExactly("Loading fal-ai/hidream-i1-full weights", "Running 30 inference steps");
                assertThat(last.at("/logs/0/level").asText()).isEqualTo("INFO");
                assertThat(last.at("/logs/0/timestamp").asText()).isNotBlank();
            }
        }
        assertThat(seen).containsExactly("IN_QUEUE 1", "IN_QUEUE 0", "IN_PROGRESS", "COMPLETED", "COMPLETED");
        assertThat(codes).containsExactly(202, 202, 202, 200, 200);
        assertThat(last.at("/metrics/inference_time").asDouble()).isEqualTo(0.04);
        assertThat(last.get("logs")).hasSize(3);
        assertThat(last.has("error")).isFalse();

        HttpResponse<byte[]> res = get(base, "Authorization", key(emu));
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("x-fal-request-id")).hasValue(id);
        JsonNode out = json(res);
        assertThat(out.get("seed").asLong()).isEqualTo(42);
        assertThat(out.at("/has_nsfw_concepts/0").asBoolean(true)).isFalse();
        assertThat(out.at("/timings/inference").asDouble()).isEqualTo(0.04);
        assertThat(out.at("/images/0/width").asInt()).isEqualTo(768);
        assertThat(out.at("/images/0/content_type").asText()).isEqualTo("image/png");
        String url = out.at("/images/0/url").asText();
        assertThat(url).startsWith(emu.uri() + "/storage/");
        BufferedImage img = decode(get(url).body());
        assertThat(img.getWidth()).isEqualTo(768);
        assertThat(img.getHeight()).isEqualTo(512);
        assertThat(emu.requestCount(Routes.FAL_STATUS)).isEqualTo(5);
        assertThat(emu.requestCount(Routes.FAL_RESULT)).isEqualTo(1);
    }

    @Test
    void withoutLogs1TheLogsAreNullAndDefaultsAreJpegSquareHdAndABigSeed() {
        try (ProviderEmulator e = ProviderEmulator.builder().falQueuePosition(0).start()) {
            JsonNode sub = submit(e, "hidream-i1-fast", "{\"prompt\":\"defaults\",\"num_images\":2}");
            assertThat(sub.get("queue_position").asInt()).isZero();
            JsonNode progress = json(get(sub.get("status_url").asText(), "Authorization", key(e)));
            assertThat(progress.get("status").asText()).isEqualTo("IN_PROGRESS");
            assertThat(progress.get("logs").isNull()).isTrue();
            assertThat(json(get(sub.get("status_url").asText() + "?logs=0", "Authorization", key(e))).get("logs").isNull())
                    .isTrue();
            JsonNode out = json(get(sub.get("response_url").asText(), "Authorization", key(e)));
            assertThat(out.get("images")).hasSize(2);
            assertThat(out.get("seed").asLong()).as("random seeds exceed 2^53, as fal's do").isGreaterThan(1L << 53);
            HttpResponse<byte[]> img = get(out.at("/images/1/url").asText());
            assertThat(img.headers().firstValue("content-type")).hasValue("image/jpeg");
            assertThat(decode(img.body()).getWidth()).isEqualTo(1024);
        }
    }

    @Test
    void presetSizesAndSyncModeDataUris() {
        JsonNode sub = submit(emu, "hidream-i1-dev", "{\"prompt\":\"preset\",\"image_size\":\"landscape_16_9\","
                + "\"sync_mode\":true,\"output_format\":\"png\"}");
        JsonNode out = json(get(sub.get("response_url").asText(), "Authorization", key(emu)));
        String uri = out.at("/images/0/url").asText();
        assertThat(uri).startsWith("data:image/png;base64,");
        BufferedImage img = decode(Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1)));
        assertThat(img.getWidth()).isEqualTo(1024);
        assertThat(img.getHeight()).isEqualTo(576);
    }

    @Test
    void aCancelBeforeCompletionEndsTheRequestCompletedWithAnError() {
        emu.faults().on(Routes.FAL_SUBMIT).once().respond(Fault.jobNeverFinishes());
        JsonNode sub = submit(emu, "hidream-i1-dev", "{\"prompt\":\"cancel me\"}");
        HttpResponse<byte[]> c = put(sub.get("cancel_url").asText(), "Authorization", key(emu));
        assertThat(c.statusCode()).isEqualTo(202);
        assertThat(json(c).get("status").asText()).isEqualTo("CANCELLATION_REQUESTED");

        HttpResponse<byte[]> s = get(sub.get("status_url").asText(), "Authorization", key(emu));
        assertThat(s.statusCode()).isEqualTo(200);
        assertThat(json(s).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(json(s).get("error").asText()).isEqualTo("Request cancelled by the client");
        assertThat(json(s).get("error_type").asText()).isEqualTo("request_cancelled");
        assertThat(get(sub.get("response_url").asText(), "Authorization", key(emu)).statusCode()).isEqualTo(400);

        HttpResponse<byte[]> again = put(sub.get("cancel_url").asText(), "Authorization", key(emu));
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json(again).get("status").asText()).isEqualTo("ALREADY_COMPLETED");
        assertThat(emu.requestCount(Routes.FAL_CANCEL)).isEqualTo(2);
    }

    @Test
    void aCancelAfterCompletionOrOfAnUnknownIdIsRefused() {
        JsonNode sub = submit(emu, "hidream-i1-dev", "{\"prompt\":\"done\"}");
        HttpResponse<byte[]> late = put(sub.get("cancel_url").asText(), "Authorization", key(emu));
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(json(late).get("status").asText()).isEqualTo("ALREADY_COMPLETED");
        HttpResponse<byte[]> unknown = put(emu.baseUrl("fal") + "/fal-ai/hidream-i1-dev/requests/nope/cancel",
                "Authorization", key(emu));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("status").asText()).isEqualTo("NOT_FOUND");
        HttpResponse<byte[]> missing = get(emu.baseUrl("fal") + "/fal-ai/hidream-i1-dev/requests/nope/status",
                "Authorization", key(emu));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("detail").asText()).isEqualTo("Request not found");
    }

    @Test
    void aResultAskedForWhileRunningIs400() {
        try (ProviderEmulator slow = ProviderEmulator.builder().processingTime(Duration.ofSeconds(30)).start()) {
            JsonNode sub = submit(slow, "hidream-i1-dev", "{\"prompt\":\"slow\"}");
            HttpResponse<byte[]> r = get(sub.get("response_url").asText(), "Authorization", key(slow));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).get("detail").asText()).contains("in progress");
            for (int i = 0; i < 5; i++) {
                get(sub.get("status_url").asText(), "Authorization", key(slow));
            }
            assertThat(json(get(sub.get("status_url").asText(), "Authorization", key(slow))).get("status").asText())
                    .as("never COMPLETED before the processing time").isEqualTo("IN_PROGRESS");
        }
    }

    @Test
    void failedJobsEndCompletedWithErrorAndErrorType() {
        emu.faults().on(Routes.FAL_SUBMIT).once().respond(Fault.jobFails("Runner disconnected"));
        JsonNode sub = submit(emu, "hidream-i1-dev", "{\"prompt\":\"fails\"}");
        List<String> statuses = new ArrayList<>();
        JsonNode last = null;
        for (int i = 0; i < 4; i++) {
            last = json(get(sub.get("status_url").asText(), "Authorization", key(emu)));
            statuses.add(last.get("status").asText());
        }
        assertThat(statuses).containsExactly("IN_QUEUE", "IN_QUEUE", "IN_PROGRESS", "COMPLETED");
        assertThat(last.get("error").asText()).isEqualTo("Runner disconnected");
        assertThat(last.get("error_type").asText()).isEqualTo("job_failed");
        HttpResponse<byte[]> r = get(sub.get("response_url").asText(), "Authorization", key(emu));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("x-fal-error-type")).hasValue("job_failed");

        JsonNode now = submit(emu, "hidream-i1-dev", "{\"prompt\":\"fails on the poll\"}");
        emu.faults().on(Routes.FAL_STATUS).once().respond(Fault.jobFails("out of memory"));
        JsonNode failed = json(get(now.get("status_url").asText(), "Authorization", key(emu)));
        assertThat(failed.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(failed.get("error").asText()).isEqualTo("out of memory");
    }

    @Test
    void statusFaultsUseFalsErrorShapeAndMalformedBodiesAreCut() {
        JsonNode sub = submit(emu, "hidream-i1-dev", "{\"prompt\":\"faults\"}");
        emu.faults().on(Routes.FAL_STATUS).once().respond(Fault.status(503));
        HttpResponse<byte[]> busy = get(sub.get("status_url").asText(), "Authorization", key(emu));
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(json(busy).get("detail").asText()).isEqualTo("Service unavailable");
        assertThat(json(busy).get("error_type").asText()).isEqualTo("runner_scheduling_failure");
        assertThat(busy.headers().firstValue("x-fal-error-type")).hasValue("runner_scheduling_failure");
        emu.faults().on(Routes.FAL_SUBMIT).once().respond(Fault.status(401));
        assertThat(json(postJson(submitUrl(emu, "hidream-i1-dev"), "{\"prompt\":\"x\"}", "Authorization", key(emu)))
                .get("detail").asText()).isEqualTo("Unauthorized");
        for (String route : List.of(Routes.FAL_SUBMIT, Routes.FAL_STATUS, Routes.FAL_RESULT, Routes.FAL_CANCEL)) {
            emu.faults().on(route).once().respond(Fault.malformedBody());
        }
        assertThat(text(postJson(submitUrl(emu, "hidream-i1-dev"), "{\"prompt\":\"x\"}", "Authorization", key(emu))))
                .isEqualTo("{\"status\":\"IN_QUEUE\",\"request_id\":\"");
        assertThat(text(get(sub.get("status_url").asText(), "Authorization", key(emu)))).isEqualTo("{\"status\":\"IN_PRO");
        assertThat(text(get(sub.get("response_url").asText(), "Authorization", key(emu)))).startsWith("{\"images\":[");
        assertThat(text(put(sub.get("cancel_url").asText(), "Authorization", key(emu)))).isEqualTo("{\"status\":");
    }

    @Test
    void webhooksAreRecordedAndPostedToLoopbackWhenEnabled() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        CompletableFuture<String> got = new CompletableFuture<>();
        receiver.createContext("/hook", ex -> {
            got.complete(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        try (ProviderEmulator hooks = ProviderEmulator.builder().falWebhooks(true).processingTime(Duration.ofMillis(50))
                .start()) {
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            JsonNode sub = json(postJson(submitUrl(hooks, "hidream-i1-dev") + "?fal_webhook="
                    + URLEncoder.encode(hook, StandardCharsets.UTF_8), "{\"prompt\":\"hooked\",\"seed\":5}",
                    "Authorization", key(hooks)));
            JsonNode posted = MAPPER.readTree(got.get(10, TimeUnit.SECONDS));
            assertThat(posted.get("request_id").asText()).isEqualTo(sub.get("request_id").asText());
            assertThat(posted.get("gateway_request_id").asText()).isEqualTo(sub.get("request_id").asText());
            assertThat(posted.get("status").asText()).isEqualTo("OK");
            assertThat(posted.at("/payload/seed").asLong()).isEqualTo(5);
            assertThat(posted.at("/payload/images/0/url").asText()).contains("/storage/");
            assertThat(hooks.requests().get(0).pathAndQuery()).contains("fal_webhook=");
        } finally {
            receiver.stop(0);
        }
    }
}
