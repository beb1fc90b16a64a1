package dev.imagegen.testkit.integration;

import dev.imagegen.DeadlineExceededException;
import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageJob;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.JobState;
import dev.imagegen.OutputFormat;
import dev.imagegen.RequestProgress;
import dev.imagegen.testkit.EmulatedProviders;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.Fault;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.imagegen.testkit.integration.Images.assertImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The fal provider against the emulator: queue positions, logs, results, failures, cancel, deadlines, resuming. */
@EmulatedProviders
class FalIntegrationTest {

    private static ImageRequest.Builder request(String model) {
        return ImageRequest.builder().provider("fal").model(model).prompt("a paper lantern festival");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hidream-i1-full", "hidream-i1-dev", "hidream-i1-fast"})
    void everyModelBlockingAndAsync(String model, ImageClient client, ProviderEmulator emu) {
        ImageResult png = client.generate(request(model).size(768, 512).seed(3L).outputFormat(OutputFormat.PNG).build());
        ImageResult jpeg = client.generateAsync(request(model).size(512, 640).count(2).build()).join();

        assertThat(png.provider()).isEqualTo("fal");
        assertThat(png.model()).isEqualTo("fal-ai/" + model);
        assertThat(png.seed()).hasValue(3L);
        assertImage(png.image(), 768, 512, "image/png");
        assertThat(png.image().url()).hasValueSatisfying(u -> assertThat(u).contains("/storage/"));
        assertThat(jpeg.images()).hasSize(2);
        assertImage(jpeg.images().get(1), 512, 640, "image/jpeg");
        assertThat(emu.requestCount(Routes.FAL_SUBMIT)).as("two images in one call").isEqualTo(2);
        assertThat(emu.requestCount(Routes.FAL_RESULT)).isEqualTo(2);
    }

    @Test
    void progressShowsTheQueueCountingDownAndTheLogLines(ImageClient client) {
        List<RequestProgress> seen = new CopyOnWriteArrayList<>();
        ImageResult r = client.generate(request("hidream-i1-dev").steps(20).build(), seen::add);

        assertImage(r.image(), 1024, 1024, "image/jpeg");
        assertThat(seen.stream().map(p -> p.status().queuePosition()).filter(Objects::nonNull).toList())
                .containsExactly(2, 1, 0);
        assertThat(seen).anySatisfy(p -> assertThat(p.status().logs())
                .containsExactly("Loading fal-ai/hidream-i1-dev weights", "Running 20 inference steps"));
        assertThat(seen.get(seen.size() - 1).status().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(r.timings().inference()).hasValue(Duration.ofMillis(40));
    }

    @Test
    void aFailedRequestIsAGenerationFailedExceptionWithFalsErrorType(ImageClient client, ProviderEmulator emu) {
        emu.faults().on(Routes.FAL_SUBMIT).once().respond(Fault.jobFails("Runner disconnected"));
        assertThatThrownBy(() -> client.generate(request("hidream-i1-fast").build()))
                .isInstanceOfSatisfying(GenerationFailedException.class, e -> {
                    assertThat(e.vendorMessage()).hasValue("Runner disconnected");
                    assertThat(e.vendorCode()).hasValue("job_failed");
                    assertThat(e.requestId()).isPresent();
                });
        assertThat(emu.requestCount(Routes.FAL_RESULT)).isZero();
    }

    @Test
    void aValidationErrorFromFalNamesTheNeutralField(ImageClient client, ProviderEmulator emu) {
        // a raw field overriding what the catalog checked: fal's 422 comes back, naming num_images as count
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> client.generate(request("hidream-i1-dev").providerOption("fal", "num_images", 9).build()));
        assertThat(e.field()).hasValue("count");
        assertThat(e.vendorCode()).hasValue("less_than_equal");
        assertThat(emu.requestCount(Routes.FAL_SUBMIT)).isEqualTo(1);
    }

    @Test
    void cancellingTheFutureSendsOneCancelAndTheRequestEndsWithAnError(ProviderEmulator emu) throws Exception {
        emu.faults().on(Routes.FAL_SUBMIT).once().respond(Fault.jobNeverFinishes());
        List<RequestProgress> seen = new CopyOnWriteArrayList<>();
        try (ImageClient client = EmulatorClients.client(emu)) {
            CompletableFuture<ImageResult> f = client.generateAsync(request("hidream-i1-full").build(), seen::add);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.stream().noneMatch(p -> p.job().isPresent()) && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(f.cancel(true)).isTrue();
            awaitCount(emu, Routes.FAL_CANCEL, 1);
        }
        assertThat(emu.requestCount(Routes.FAL_CANCEL)).isEqualTo(1);
        String statusUrl = emu.requests().stream().filter(c -> c.route().equals(Routes.FAL_CANCEL)).findFirst()
                .orElseThrow().path().replace("/cancel", "/status");
        assertThat(Images.json(emu.uri() + statusUrl, emu.apiKey())).contains("\"error_type\":\"request_cancelled\"");
    }

    @Test
    void cancellingASubmittedJobSendsOneCancel(ImageClient client, ProviderEmulator emu) throws Exception {
        emu.faults().on(Routes.FAL_SUBMIT).once().respond(Fault.jobNeverFinishes());
        ImageJob job = client.submit(request("hidream-i1-dev").build());
        job.cancel();
        job.cancel();
        assertThat(job.status().state()).isEqualTo(JobState.CANCELLED);
        awaitCount(emu, Routes.FAL_CANCEL, 1);
        Thread.sleep(100);
        assertThat(emu.requestCount(Routes.FAL_CANCEL)).isEqualTo(1);
    }

    @Test
    void aDeadlineSendsNoCancelAndTheJobResumesInANewClient(ProviderEmulator ignored) {
        try (ProviderEmulator emu = ProviderEmulator.builder().processingTime(Duration.ofMillis(1500)).start()) {
            DeadlineExceededException e;
            try (ImageClient first = EmulatorClients.client(emu)) {
                e = catchThrowableOfType(DeadlineExceededException.class,
                        () -> first.generate(request("hidream-i1-full").size(640, 640).timeout(Duration.ofMillis(300)).build()));
            }
            assertThat(e).isNotNull();
            assertThat(e.jobRef()).isPresent();
            assertThat(emu.requestCount(Routes.FAL_CANCEL)).isZero();
            try (ImageClient second = EmulatorClients.client(emu)) {
                ImageResult r = second.resume(e.jobRef().get()).await(Duration.ofSeconds(20));
                assertImage(r.image(), 640, 640, "image/jpeg");
            }
            assertThat(emu.requestCount(Routes.FAL_SUBMIT)).isEqualTo(1);
            assertThat(emu.requestCount(Routes.FAL_CANCEL)).isZero();
        }
    }

    @Test
    void aWebhookTheEmulatorPostsIsReadByParseWebhook() throws Exception {
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 0), 0);
        CompletableFuture<dev.imagegen.WebhookDelivery> got = new CompletableFuture<>();
        receiver.createContext("/hook", ex -> {
            got.complete(dev.imagegen.WebhookDelivery.of(ex.getRequestHeaders(), ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        try (ProviderEmulator emu = ProviderEmulator.builder().falWebhooks(true).start();
             ImageClient client = EmulatorClients.builder(emu).providerOption("fal", "webhookUrl",
                     "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook").build()) {
            ImageJob job = client.submit(request("hidream-i1-fast").size(512, 512).seed(11L).build());
            dev.imagegen.WebhookDelivery delivery = got.get(10, TimeUnit.SECONDS);
            // signed by the emulator, checked against the key it publishes, as with fal's own
            ImageResult fromHook = client.parseWebhook("fal", delivery);
            assertThat(fromHook.requestId()).hasValue(job.id());
            byte[] forged = new String(delivery.body(), java.nio.charset.StandardCharsets.UTF_8).replace("\"OK\"", "\"OK\" ")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            dev.imagegen.WebhookDelivery.Builder tampered = dev.imagegen.WebhookDelivery.builder().body(forged);
            for (String h : new String[] {"X-Fal-Webhook-Request-Id", "X-Fal-Webhook-User-Id", "X-Fal-Webhook-Timestamp",
                    "X-Fal-Webhook-Signature"}) {
                tampered.header(h, delivery.header(h).orElseThrow());
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.parseWebhook("fal", tampered.build()))
                    .isInstanceOf(dev.imagegen.WebhookVerificationException.class);
            assertThat(fromHook.seed()).hasValue(11L);
            assertImage(fromHook.image(), 512, 512, "image/jpeg");
        } finally {
            receiver.stop(0);
        }
    }

    private static void awaitCount(ProviderEmulator emu, String route, int n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (emu.requestCount(route) < n && System.nanoTime() < until) {
            Thread.sleep(5);
        }
    }
}
