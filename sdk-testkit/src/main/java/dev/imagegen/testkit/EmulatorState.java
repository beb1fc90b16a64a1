package dev.imagegen.testkit;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The state the route handlers share: configuration, rendered outputs, jobs, credits and id generators. */
final class EmulatorState {
    static final int MAX_OUTPUTS = 20_000;
    static final int MAX_JOBS = 50_000;
    /** Reported inference time when the processing time is zero, so that vendors' timing fields are never 0. */
    static final long NOMINAL_MILLIS = 40;

    final String apiKey;
    final boolean anyApiKey;
    final Duration processingTime;
    final boolean lumozAsync;
    final boolean wavespeedBase64DataUri;
    final boolean wavespeedBase64Padding;
    final boolean wavespeedWebhooks;
    final boolean falWebhooks;
    final int falQueuePosition;
    final double segmindCostPerImage;
    final byte[] fixedImage;
    final String fixedImageType;
    final ImageRenderer renderer = new ImageRenderer();
    final WebhookSigner signer;
    volatile URI base;
    /** Bound to every interface: the URLs in answers name the host the client asked for (its Host header). */
    volatile boolean wildcard;

    private final Object lock = new Object();
    private double segmindCredits;
    /**
     * Draws the seeds of requests that fix none, and ids. A fresh one per emulator, as a real vendor draws a new seed
     * for every such request; {@link ProviderEmulator.Builder#reproducible(long)} fixes it for tests that compare runs.
     */
    private final SplittableRandom random;
    private long lumozIds;
    private final LinkedHashMap<String, ImageRenderer.Spec> outputs = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ImageRenderer.Spec> eldest) {
            return size() > MAX_OUTPUTS;
        }
    };
    private final LinkedHashMap<String, Job> jobs = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Job> eldest) {
            return size() > MAX_JOBS;
        }
    };
    private ScheduledExecutorService scheduler;
    private HttpClient webhookClient;
    private volatile boolean closed;

    EmulatorState(ProviderEmulator.Builder b) {
        this.apiKey = b.apiKey;
        this.anyApiKey = b.anyApiKey;
        this.processingTime = b.processingTime;
        this.lumozAsync = b.lumozAsync;
        this.wavespeedBase64DataUri = b.wavespeedBase64DataUri;
        this.wavespeedBase64Padding = b.wavespeedBase64Padding;
        this.wavespeedWebhooks = b.wavespeedWebhooks;
        this.falWebhooks = b.falWebhooks;
        this.falQueuePosition = b.falQueuePosition;
        this.signer = new WebhookSigner(b.wavespeedWebhookSecret);
        this.segmindCredits = b.segmindCredits;
        this.segmindCostPerImage = b.segmindCostPerImage;
        this.fixedImage = b.fixedImage;
        this.fixedImageType = b.fixedImageType;
        this.random = b.reproducibleSeed == null ? new SplittableRandom() : new SplittableRandom(b.reproducibleSeed);
        this.lumozIds = 212_121_212_000_000L + random.nextLong(0, 700_000_000_000_000L);
    }

    static long nominalMillis(long processingNanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(processingNanos);
        return ms > 0 ? ms : NOMINAL_MILLIS;
    }

    long processingNanos() {
        return processingTime.toNanos();
    }

    // ---- images and storage ----

    byte[] image(ImageRenderer.Spec spec) {
        return fixedImage != null ? fixedImage : renderer.render(spec);
    }

    String mediaType(ImageRenderer.Spec spec) {
        return fixedImage != null ? fixedImageType : spec.format().mediaType;
    }

    /** Registers an output for the storage route and returns its absolute URL, on {@code origin}. */
    String storeOutput(String origin, ImageRenderer.Spec spec) {
        String name = UUID.randomUUID().toString().replace("-", "") + "."
                + (fixedImage != null ? ImageFormat.extensionFor(fixedImageType) : spec.format().extension);
        synchronized (lock) {
            outputs.put(name, spec);
        }
        return origin + "/storage/" + name;
    }

    ImageRenderer.Spec storedOutput(String name) {
        synchronized (lock) {
            return outputs.get(name);
        }
    }

    // ---- jobs ----

    /**
     * The origin the URLs in an answer to this request name: the emulator's own, or, when it listens on every
     * interface, the host and port the client asked for (a client on another machine cannot reach 127.0.0.1).
     */
    String originFor(String hostHeader) {
        if (wildcard && hostHeader != null && HOST.matcher(hostHeader).matches()) {
            return "http://" + hostHeader;
        }
        return base.toString();
    }

    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(:[0-9]{1,5})?");

    Job newJob(String origin, String key, List<ImageRenderer.Spec> specs, String model, long processingNanos) {
        Job job = new Job(key, System.nanoTime(), Instant.now(), processingNanos, List.copyOf(specs), model);
        job.origin = origin;
        synchronized (lock) {
            jobs.put(key, job);
        }
        return job;
    }

    Job job(String key) {
        synchronized (lock) {
            return jobs.get(key);
        }
    }

    /** Whether a presented credential is accepted: {@link #apiKey}, or any non-blank one when so configured. */
    boolean acceptsKey(String presented) {
        return presented != null && (anyApiKey ? !presented.isBlank() : presented.equals(apiKey));
    }

    // ---- ids, seeds, credits ----

    long randomSeed(long boundExclusive) {
        synchronized (lock) {
            return random.nextLong(boundExclusive);
        }
    }

    long nextLumozId() {
        synchronized (lock) {
            return ++lumozIds;
        }
    }

    String uuid() {
        synchronized (lock) {
            return new UUID((random.nextLong() & ~0xf000L) | 0x4000L,
                    (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L).toString();
        }
    }

    String hexId() {
        synchronized (lock) {
            return String.format("%016x%016x", random.nextLong(), random.nextLong());
        }
    }

    /** Takes the cost from the Segmind balance; returns the remaining balance, or NaN when it does not suffice. */
    double chargeSegmind(double cost) {
        synchronized (lock) {
            if (segmindCredits < cost) {
                return Double.NaN;
            }
            segmindCredits -= cost;
            return segmindCredits;
        }
    }

    double segmindCredits() {
        synchronized (lock) {
            return segmindCredits;
        }
    }

    // ---- timing ----

    /** Sleeps; an interrupt (the emulator closing) aborts the exchange. */
    static void sleep(Duration d) {
        sleepNanos(d.toNanos());
    }

    static void sleepNanos(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorServer.AbortExchange();
        }
    }

    /** Blocks until the emulator closes (for generations that never finish on synchronous routes). */
    void hang() {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!closed && System.nanoTime() < until) {
            sleep(Duration.ofMillis(50));
        }
        throw new EmulatorServer.AbortExchange();
    }

    // ---- webhooks ----

    /**
     * POSTs {@code body} to a loopback webhook URL after {@code delayNanos}, with the headers {@code signing} makes of
     * it (the vendor's signature); other hosts are never contacted.
     */
    void scheduleWebhook(String url, long delayNanos, java.util.function.Supplier<byte[]> body,
                         java.util.function.Function<byte[], Map<String, String>> signing) {
        URI uri;
        try {
            uri = URI.create(url);
            if (uri.getHost() == null || !isLoopback(uri.getHost())
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return;
            }
        } catch (IllegalArgumentException e) {
            return;
        }
        ScheduledExecutorService s;
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (scheduler == null) {
                scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "provider-emulator-webhooks");
                    t.setDaemon(true);
                    return t;
                });
                webhookClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
            }
            s = scheduler;
        }
        HttpClient client = webhookClient;
        s.schedule(() -> {
            try {
                byte[] payload = body.get();
                HttpRequest.Builder post = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(payload));
                signing.apply(payload).forEach(post::header);
                client.send(post.build(), HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                // A webhook receiver that is down is the test's business; the emulator does not retry.
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // never resolve names: no lookups leave the machine
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    void close() {
        synchronized (lock) {
            closed = true;
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
    }
}
