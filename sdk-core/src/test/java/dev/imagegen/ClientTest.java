package dev.imagegen;

import dev.imagegen.fake.FakeProviderFactory;
import dev.imagegen.spi.AuthScheme;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.spi.ProviderConfig;
import dev.imagegen.testing.FakeTime;
import dev.imagegen.testing.TestImages;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client end to end over the SPI: discovery, configuration, validation, splitting, jobs, downloads. */
class ClientTest {

    static final String KEY = "client-test-key-0123456789";

    @StartStop
    final MockWebServer server = new MockWebServer();

    final FakeTime time = new FakeTime();
    final List<ImageClient> clients = new ArrayList<>();

    ImageClient discovered() {
        // found by the ServiceLoader (src/test/resources/META-INF/services), configured from the environment only
        ImageClient c = ImageClient.builder()
                .environment(Map.of("FAKE_API_KEY", KEY, "FAKE_BASE_URL", server.url("/").toString()))
                .systemProperties(new Properties())
                .retryPolicy(RetryPolicy.defaults().withJitter(false)).sleeper(time).clock(time)
                .pollInterval(Duration.ofMillis(100), Duration.ofMillis(300))
                .build();
        clients.add(c);
        return c;
    }

    @AfterEach
    void close() {
        clients.forEach(ImageClient::close);
    }

    static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    static String b64Png(int w, int h) {
        return Base64.getEncoder().encodeToString(TestImages.png(w, h));
    }

    static ImageRequest.Builder sync() {
        return ImageRequest.builder().model("fake-sync").prompt("a teapot");
    }

    static ImageRequest.Builder job() {
        return ImageRequest.builder().model("fake-job").prompt("a teapot");
    }

    // ---- discovery and configuration ----

    @Test
    void aProviderOnTheClassPathIsDiscoveredAndConfiguredFromTheEnvironment() throws Exception {
        ImageClient c = discovered();
        assertThat(c.providers()).containsExactly("fake");
        assertThat(c.models()).extracting(ModelInfo::id).containsExactly("fake-sync", "fake-job");
        server.enqueue(json("{\"id\":\"r9\",\"seed\":42,\"images\":[{\"b64\":\"" + b64Png(64, 32) + "\"}]}"));
        ImageResult r = c.generate(sync().build());
        assertThat(r.provider()).isEqualTo("fake");
        assertThat(r.model()).isEqualTo("vendor-sync-1");
        assertThat(r.requestId()).contains("r9");
        assertThat(r.seed()).contains(42L);
        assertThat(r.image().mediaType()).isEqualTo("image/png");
        assertThat(r.image().size()).isEqualTo(ImageSize.of(64, 32));
        assertThat(r.cost()).contains(Cost.estimated(new java.math.BigDecimal("0.01")));
        assertThat(server.takeRequest().getHeaders().get("x-api-key")).isEqualTo(KEY);
    }

    @Test
    void builderBeatsSystemPropertyBeatsEnvironment() throws Exception {
        Properties props = new Properties();
        props.setProperty("imagegen.fake.apiKey", "from-property");
        Map<String, String> env = Map.of("FAKE_API_KEY", "from-env", "FAKE_BASE_URL", server.url("/").toString());
        for (int i = 0; i < 3; i++) {
            server.enqueue(json("{\"id\":\"r\",\"images\":[{\"b64\":\"" + b64Png(4, 4) + "\"}]}"));
        }
        try (ImageClient c = ImageClient.builder().environment(env).systemProperties(new Properties()).build()) {
            c.generate(sync().build());
        }
        try (ImageClient c = ImageClient.builder().environment(env).systemProperties(props).build()) {
            c.generate(sync().build());
        }
        try (ImageClient c = ImageClient.builder().environment(env).systemProperties(props).apiKey("fake", "from-builder").build()) {
            c.generate(sync().build());
        }
        assertThat(List.of(server.takeRequest(), server.takeRequest(), server.takeRequest()))
                .extracting(r -> r.getHeaders().get("x-api-key"))
                .containsExactly("from-env", "from-property", "from-builder");
    }

    @Test
    void providersWithoutAKeyAreNotUsedAndTheErrorSaysWhichVariableToSet() {
        try (ImageClient c = ImageClient.builder().environment(Map.of()).systemProperties(new Properties()).build()) {
            assertThat(c.providers()).isEmpty();
            assertThatThrownBy(() -> c.generate(sync().build()))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("provider"))
                    .hasMessageContaining("FAKE_API_KEY");
            assertThatThrownBy(() -> c.generate(sync().provider("fake").build()))
                    .hasMessageContaining("has no API key");
        }
    }

    @Test
    void twoFactoriesWithOneIdFailNamingBothClasses() {
        ImageProviderFactory impostor = new ImageProviderFactory() {
            @Override
            public String id() {
                return "fake";
            }

            @Override
            public String defaultBaseUrl() {
                return "https://example.invalid";
            }

            @Override
            public AuthScheme authScheme() {
                return AuthScheme.bearer();
            }

            @Override
            public List<ModelInfo> models() {
                return List.of();
            }

            @Override
            public ImageProvider create(ProviderConfig config) {
                throw new UnsupportedOperationException();
            }
        };
        assertThatThrownBy(() -> ImageClient.builder().addProvider(impostor).environment(Map.of()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'fake'")
                .hasMessageContaining(impostor.getClass().getName())
                .hasMessageContaining(FakeProviderFactory.class.getName());
    }

    @Test
    void aFactoryThatThrowsIsReportedWithItsCause() {
        ImageProviderFactory broken = new FakeProviderFactory() {
            @Override
            public ImageProvider create(ProviderConfig config) {
                throw new IllegalArgumentException("bad option 'mode'");
            }
        };
        assertThatThrownBy(() -> ImageClient.builder().discoverProviders(false).addProvider(broken)
                .environment(Map.of("FAKE_API_KEY", "k")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(broken.getClass().getName())
                .hasMessageContaining("bad option 'mode'")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void providerOptionsComeFromBuilderPropertiesAndEnvironment() {
        List<ProviderConfig> seen = new CopyOnWriteArrayList<>();
        ImageProviderFactory spy = new FakeProviderFactory() {
            @Override
            public ImageProvider create(ProviderConfig config) {
                seen.add(config);
                return super.create(config);
            }
        };
        Properties props = new Properties();
        props.setProperty("imagegen.fake.pollPath", "/from-prop");
        props.setProperty("imagegen.fake.apiKey", "secret-from-prop");
        try (ImageClient c = ImageClient.builder().discoverProviders(false).addProvider(spy).systemProperties(props)
                .environment(Map.of("FAKE_API_KEY", "k", "FAKE_CHECK_PATH", "/from-env", "FAKE_POLL_PATH", "/env-loses"))
                .providerOption("fake", "mode", "fast").build()) {
            assertThat(c.providers()).containsExactly("fake");
        }
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).options()).containsOnly(Map.entry("checkPath", "/from-env"),
                Map.entry("pollPath", "/from-prop"), Map.entry("mode", "fast"));
        assertThat(seen.get(0).toString()).doesNotContain("secret-from-prop");
    }

    // ---- validation before any network call ----

    @Test
    void everyInvalidFieldIsNamedWithTheAllowedValuesAndNothingIsSent() {
        ImageClient c = discovered();
        record Case(ImageRequest.Builder request, String field, String allowed) {
        }
        List<Case> cases = List.of(
                new Case(sync().size(1000, 1000), "size", "1024x1024"),
                new Case(sync().outputFormat(OutputFormat.WEBP), "outputFormat", "png"),
                new Case(sync().outputQuality(101), "outputQuality", "1..100"),
                new Case(sync().count(9), "count", "1..8"),
                new Case(sync().seed(10_000_000_000L), "seed", "-1..9999999999"),
                new Case(sync().steps(20), "steps", "prompt"),
                new Case(sync().negativePrompt("blur"), "negativePrompt", "prompt"),
                new Case(sync().aspectRatio("16:9"), "aspectRatio", "prompt"),
                new Case(job().size(100, 100), "size", "256..2048 per side, multiple of 64"),
                new Case(sync().model("nope"), "model", "fake/fake-sync (vendor-sync-1)"),
                new Case(sync().provider("nope"), "provider", "fake"));
        for (Case k : cases) {
            assertThatThrownBy(() -> c.generate(k.request().build()))
                    .as(k.field())
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.field()).contains(k.field());
                        assertThat(e.allowed()).anySatisfy(a -> assertThat(a).contains(k.allowed()));
                        assertThat(e.getMessage()).startsWith(k.field().equals("provider") || k.field().equals("model")
                                ? e.getMessage() : "[fake] " + k.field());
                    });
            assertThatThrownBy(() -> c.generateAsync(k.request().build()).join()).hasCauseInstanceOf(InvalidRequestException.class);
        }
        assertThatThrownBy(() -> sync().prompt("  ").build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("prompt"));
        // an unpaired surrogate has no UTF-8 form: an encoder would send '?' in its place
        assertThatThrownBy(() -> sync().prompt("a panda \uD83D holding a sign").build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("prompt"))
                .hasMessageContaining("unpaired surrogate (U+D83D at index 8)");
        assertThatThrownBy(() -> sync().negativePrompt("\uDC00").build())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("negativePrompt"));
        assertThat(sync().prompt("a panda \uD83D\uDC3C").build().prompt()).as("a paired emoji is fine").endsWith("\uD83D\uDC3C");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aSizeNotOfferedBecomesTheNearestWhenAskedWithAWarning() throws Exception {
        ImageClient c = discovered();
        server.enqueue(json("{\"id\":\"r\",\"images\":[{\"b64\":\"" + b64Png(4, 4) + "\"}]}"));
        ImageResult r = c.generate(sync().size(1300, 720).nearestSize(true).build());
        assertThat(server.takeRequest().getBody().utf8()).contains("\"size\":\"1360x768\"");
        assertThat(r.warnings()).singleElement().asString().contains("1300x720").contains("1360x768");
    }

    // ---- splitting ----

    @Test
    void aCountAboveThePerCallLimitRunsAsConcurrentCallsWithConsecutiveSeeds() throws Exception {
        ImageClient c = discovered();
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = request.getBody().utf8();
                int n = body.contains("\"n\":2") ? 2 : 1;
                StringBuilder images = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    images.append(i == 0 ? "" : ",").append("{\"b64\":\"").append(b64Png(4, 4)).append("\"}");
                }
                String seed = body.replaceAll(".*\"seed\":(\\d+).*", "$1");
                return json("{\"id\":\"r" + seed + "\",\"images\":[" + images + "]}");
            }
        });
        ImageResult r = c.generate(sync().count(5).seed(100L).build());
        assertThat(r.images()).hasSize(5);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            bodies.add(server.takeRequest().getBody().utf8());
        }
        assertThat(bodies).extracting(b -> b.replaceAll(".*\"seed\":(\\d+).*", "$1")).containsExactlyInAnyOrder("100", "101", "102");
        assertThat(bodies).filteredOn(b -> b.contains("\"n\":2")).hasSize(2);
        assertThat(r.requestId()).contains("r100");
        assertThat(r.metadata().get("requestIds")).isEqualTo("r100,r101,r102");
        assertThat(r.cost()).contains(Cost.estimated(new java.math.BigDecimal("0.05")));
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("3 calls").contains("100, 101, 102"));
    }

    @Test
    void listenersHearTheEndBeforeTheFutureCompletesAndSplitCallsShareOneId() throws Exception {
        List<ImageEventListener.RequestEnded> ended = new CopyOnWriteArrayList<>();
        List<Long> attemptIds = new CopyOnWriteArrayList<>();
        ImageClient c = clientWithListener(new ImageEventListener() {
            @Override
            public void requestEnded(RequestEnded event) {
                ended.add(event);
            }

            @Override
            public void attempt(Attempt event) {
                attemptIds.add(event.operationId());
            }
        });
        for (int i = 0; i < 3; i++) {
            server.enqueue(json("{\"id\":\"r" + i + "\",\"images\":[{\"b64\":\"" + b64Png(4, 4) + "\"},{\"b64\":\"" + b64Png(4, 4) + "\"}]}"));
        }
        ImageResult r = c.generateAsync(sync().count(5).build()).get(10, TimeUnit.SECONDS);
        // no waiting: the end event was delivered before the future completed
        assertThat(ended).singleElement().satisfies(e -> assertThat(e.result()).isSameAs(r));
        assertThat(attemptIds).hasSize(3).containsOnly(ended.get(0).operationId());
    }

    // ---- jobs ----

    @Test
    void aJobIsPolledUntilDoneOnTheBackoffSchedule() throws Exception {
        ImageClient c = discovered();
        server.enqueue(json("{\"id\":\"j1\",\"status\":\"queued\"}"));
        server.enqueue(json("{\"id\":\"j1\",\"status\":\"queued\",\"position\":3}"));
        server.enqueue(json("{\"id\":\"j1\",\"status\":\"running\"}"));
        server.enqueue(json("{\"id\":\"j1\",\"status\":\"running\"}"));
        server.enqueue(json("{\"id\":\"j1\",\"status\":\"done\",\"images\":[{\"b64\":\"" + b64Png(320, 256) + "\"}]}"));
        List<JobState> states = new CopyOnWriteArrayList<>();
        ImageClient withEvents = clientWithListener(new ImageEventListener() {
            @Override
            public void jobStateChanged(JobStateChanged event) {
                states.add(event.status().state());
            }
        });
        ImageResult r = withEvents.generate(job().size(320, 256).build());
        assertThat(r.image().size()).isEqualTo(ImageSize.of(320, 256));
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(225),
                Duration.ofMillis(300));
        // the queue position changing (none -> 3) is a change too
        assertThat(states).containsExactly(JobState.QUEUED, JobState.RUNNING, JobState.SUCCEEDED);
        assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
        RecordedRequest poll = server.takeRequest();
        assertThat(poll.getMethod()).isEqualTo("GET");
        assertThat(poll.getUrl().encodedPath()).isEqualTo("/jobs/j1");
        assertThat(poll.getHeaders().get("x-api-key")).isEqualTo(KEY);
        assertThat(c.providers()).containsExactly("fake");
    }

    ImageClient clientWithListener(ImageEventListener l) {
        ImageClient c = ImageClient.builder()
                .environment(Map.of("FAKE_API_KEY", KEY, "FAKE_BASE_URL", server.url("/").toString()))
                .systemProperties(new Properties()).retryPolicy(RetryPolicy.defaults().withJitter(false))
                .sleeper(time).clock(time).pollInterval(Duration.ofMillis(100), Duration.ofMillis(300)).listener(l).build();
        clients.add(c);
        return c;
    }

    @Test
    void aFailedJobIsAGenerationFailedException() {
        ImageClient c = discovered();
        server.enqueue(json("{\"id\":\"j2\",\"status\":\"queued\"}"));
        server.enqueue(json("{\"id\":\"j2\",\"status\":\"failed\",\"error\":\"NSFW content detected\"}"));
        assertThatThrownBy(() -> c.generate(job().build()))
                .isInstanceOf(GenerationFailedException.class)
                .hasMessageContaining("NSFW content detected")
                .hasMessageContaining("j2");
    }

    @Test
    void aJobPastTheDeadlineKeepsItsRefAndAnotherClientResumesIt() throws Exception {
        ImageClient first = discovered();
        server.enqueue(json("{\"id\":\"j3\",\"status\":\"queued\"}"));
        for (int i = 0; i < 40; i++) {
            server.enqueue(json("{\"id\":\"j3\",\"status\":\"running\"}"));
        }
        DeadlineExceededException timeout = org.junit.jupiter.api.Assertions.assertThrows(DeadlineExceededException.class,
                () -> first.generate(job().timeout(Duration.ofSeconds(2)).build()));
        assertThat(timeout.jobRef()).isPresent();
        int before = server.getRequestCount();
        assertThat(before).isBetween(3, 40);
        // drain what the first client did not consume, then finish the job
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return json("{\"id\":\"j3\",\"status\":\"done\",\"images\":[{\"b64\":\"" + b64Png(8, 8) + "\"}]}");
            }
        });
        ImageClient second = discovered();
        ImageJob resumed = second.resume(timeout.jobRef().get());
        assertThat(resumed.id()).isEqualTo("j3");
        ImageResult r = resumed.await(Duration.ofSeconds(10));
        assertThat(r.images()).hasSize(1);
        for (int i = 0; i < server.getRequestCount(); i++) {
            RecordedRequest req = server.takeRequest(1, TimeUnit.SECONDS);
            if (i > 0) {
                assertThat(req.getMethod()).as("only the first request is the paid POST").isEqualTo("GET");
            }
        }
    }

    @Test
    void submitReturnsAJobWhoseRefSurvivesAndPollWorksOnTheCallingThread() {
        ImageClient c = discovered();
        server.enqueue(json("{\"id\":\"j4\",\"status\":\"queued\"}"));
        ImageJob job = c.submit(job().build());
        assertThat(job.status().state()).isEqualTo(JobState.QUEUED);
        assertThat(job.ref()).startsWith("igjob1_").doesNotContain(KEY);
        server.enqueue(json("{\"id\":\"j4\",\"status\":\"running\"}"));
        assertThat(job.poll().state()).isEqualTo(JobState.RUNNING);
        server.enqueue(json("{\"id\":\"j4\",\"status\":\"done\",\"images\":[{\"b64\":\"" + b64Png(8, 8) + "\"}]}"));
        assertThat(job.poll().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.toFuture()).isCompleted();
        assertThat(job.await(Duration.ofSeconds(1)).images()).hasSize(1);
    }

    @Test
    void submittedAndResumedJobsAreEachOneRequestToListeners() {
        List<String> events = new CopyOnWriteArrayList<>();
        ImageClient c = clientWithListener(new ImageEventListener() {
            @Override
            public void requestStarted(RequestStarted event) {
                events.add("start " + event.operationId());
            }

            @Override
            public void requestEnded(RequestEnded event) {
                events.add("end " + event.operationId() + (event.result() != null ? " ok" : " " + event.error()));
            }

            @Override
            public void poll(Poll event) {
                events.add("poll " + event.operationId());
            }
        });
        server.enqueue(json("{\"id\":\"j6\",\"status\":\"queued\"}"));
        ImageJob job = c.submit(job().build());
        server.enqueue(json("{\"id\":\"j6\",\"status\":\"done\",\"images\":[{\"b64\":\"" + b64Png(8, 8) + "\"}]}"));
        job.await(Duration.ofSeconds(10));
        ImageJob resumed = c.resume(job.ref());
        server.enqueue(json("{\"id\":\"j6\",\"status\":\"done\",\"images\":[{\"b64\":\"" + b64Png(8, 8) + "\"}]}"));
        resumed.await(Duration.ofSeconds(10));
        assertThat(events).hasSize(6);
        String first = events.get(0).substring(6);
        String second = events.get(3).substring(6);
        assertThat(events).containsExactly("start " + first, "poll " + first, "end " + first + " ok",
                "start " + second, "poll " + second, "end " + second + " ok");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void cancellingAJobStopsPolling() throws Exception {
        ImageClient c = ImageClient.builder()
                .environment(Map.of("FAKE_API_KEY", KEY, "FAKE_BASE_URL", server.url("/").toString()))
                .systemProperties(new Properties()).pollInterval(Duration.ofMillis(20), Duration.ofMillis(20)).build();
        clients.add(c);
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return json(request.getMethod().equals("POST") ? "{\"id\":\"j5\",\"status\":\"queued\"}" : "{\"id\":\"j5\",\"status\":\"running\"}");
            }
        });
        var future = c.generateAsync(job().build());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.getRequestCount() < 3 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(future.cancel(true)).isTrue();
        Thread.sleep(100);
        int after = server.getRequestCount();
        Thread.sleep(200);
        assertThat(server.getRequestCount()).as("no polls after cancel").isEqualTo(after);
    }

    @Test
    void aResumedRefForAnUnknownProviderOrDamagedIsInvalid() {
        ImageClient c = discovered();
        assertThatThrownBy(() -> c.resume("not-a-ref"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("ref"));
        assertThatThrownBy(() -> c.resume("igjob1_%%%"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).contains("ref"));
    }

    // ---- downloads ----

    @Test
    void outputUrlsAreDownloadedWithTheRequestWithoutCredentials(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        ImageClient c = discovered();
        byte[] png = TestImages.png(40, 30);
        server.enqueue(json("{\"id\":\"r\",\"images\":[{\"url\":\"" + server.url("/out/a.png") + "\"}]}"));
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").body(new okio.Buffer().write(png)).build());
        ImageResult r = c.generate(sync().build());
        GeneratedImage img = r.image();
        assertThat(img.isLoaded()).as("downloaded and checked before generate() returned").isTrue();
        assertThat(img.url()).contains(server.url("/out/a.png").toString());
        assertThat(r.warnings()).noneMatch(w -> w.contains("not downloaded"));
        server.takeRequest();
        RecordedRequest download = server.takeRequest();
        assertThat(download.getUrl().encodedPath()).isEqualTo("/out/a.png");
        assertThat(download.getHeaders().get("x-api-key")).isNull();
        assertThat(download.getHeaders().get("Authorization")).isNull();
        Path file = dir.resolve("nested/a.png");
        img.writeTo(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(png);
        assertThat(img.size()).isEqualTo(ImageSize.of(40, 30));
        assertThat(server.getRequestCount()).as("the generation and one download").isEqualTo(2);
    }

    @Test
    void withDownloadOutputsFalseAUrlIsFetchedOnceOnFirstUse(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        ImageClient c = discovered();
        byte[] png = TestImages.png(40, 30);
        server.enqueue(json("{\"id\":\"r\",\"images\":[{\"url\":\"" + server.url("/out/a.png") + "\"}]}"));
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png").body(new okio.Buffer().write(png)).build());
        ImageResult r = c.generate(sync().downloadOutputs(false).build());
        GeneratedImage img = r.image();
        assertThat(img.isLoaded()).isFalse();
        assertThat(r.warnings()).anyMatch(w -> w.contains("not downloaded or checked"));
        assertThat(server.getRequestCount()).isEqualTo(1);

        Path file = dir.resolve("nested/a.png");
        img.writeTo(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(png);
        assertThat(img.size()).isEqualTo(ImageSize.of(40, 30));
        assertThat(img.bytes()).isEqualTo(png);
        assertThat(img.mediaType()).isEqualTo("image/png");
        assertThat(server.getRequestCount()).as("writeTo, size, bytes and mediaType: one download").isEqualTo(2);
        server.takeRequest();
        RecordedRequest download = server.takeRequest();
        assertThat(download.getHeaders().get("x-api-key")).isNull();
    }

    @Test
    void aLazyDownloadReportsUnderTheGenerationsOperationId() {
        List<Long> started = new CopyOnWriteArrayList<>();
        List<Long> downloads = new CopyOnWriteArrayList<>();
        List<String> attempts = new CopyOnWriteArrayList<>();
        ImageClient c = clientWithListener(new ImageEventListener() {
            @Override
            public void requestStarted(RequestStarted event) {
                started.add(event.operationId());
            }

            @Override
            public void download(Download event) {
                downloads.add(event.operationId());
            }

            @Override
            public void attempt(Attempt event) {
                attempts.add(event.operation() + " " + event.operationId());
            }
        });
        server.enqueue(json("{\"id\":\"r\",\"images\":[{\"url\":\"" + server.url("/out/b.png") + "\"}]}"));
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
                .body(new okio.Buffer().write(TestImages.png(6, 6))).build());
        ImageResult r = c.generate(sync().build());
        assertThat(r.image().size()).isEqualTo(ImageSize.of(6, 6));
        long id = started.get(0);
        assertThat(downloads).containsExactly(id);
        assertThat(attempts).containsExactly("generate " + id, "download " + id);
    }

    @Test
    void anOutputUrlThatIsNotHttpsIsRefusedAndSaysTheImageWasGenerated() {
        ImageClient c = discovered();
        server.enqueue(json("{\"id\":\"r\",\"images\":[{\"url\":\"http://images.example.com/a.png\"}]}"));
        assertThatThrownBy(() -> c.generate(sync().build())).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("plain http").hasMessageContaining("was generated")
                .hasMessageContaining("http://images.example.com/a.png");
        assertThat(server.getRequestCount()).isEqualTo(1);

        server.enqueue(json("{\"id\":\"r\",\"images\":[{\"url\":\"http://images.example.com/a.png\"}]}"));
        ImageResult lazy = c.generate(sync().downloadOutputs(false).build());
        assertThatThrownBy(() -> lazy.image().bytes()).isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("plain http");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aPaidAnswerWhoseOutputIsNotAUrlIsAnUnknownOutcome() {
        ImageClient c = discovered();
        server.enqueue(json("{\"id\":\"r\",\"images\":[{\"url\":\"file:///etc/passwd\"}]}"));
        assertThatThrownBy(() -> c.generate(sync().build())).isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("file:///etc/passwd").hasMessageContaining("neither image data nor an absolute http(s) URL");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void dataUrlsAreDecodedInPlace() {
        ImageClient c = discovered();
        byte[] png = TestImages.png(5, 7);
        server.enqueue(json("{\"id\":\"r\",\"images\":[{\"url\":\"data:image/png;base64," + Base64.getEncoder().withoutPadding().encodeToString(png) + "\"}]}"));
        ImageResult r = c.generate(sync().build());
        assertThat(r.image().isLoaded()).isTrue();
        assertThat(r.image().bytes()).isEqualTo(png);
    }
}
