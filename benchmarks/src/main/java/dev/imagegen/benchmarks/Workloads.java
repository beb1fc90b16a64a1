package dev.imagegen.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.provider.lumenfall.LumenfallOptions;
import dev.imagegen.provider.lumenfall.LumenfallProviderFactory;
import dev.imagegen.provider.lumoz.LumozProviderFactory;
import dev.imagegen.provider.segmind.SegmindProviderFactory;
import dev.imagegen.provider.wavespeed.WaveSpeedOptions;
import dev.imagegen.provider.wavespeed.WaveSpeedProviderFactory;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The work each benchmark times: one image through the SDK, and the same vendor request written by hand with OkHttp
 * and Jackson. The hand-written calls come in two kinds: the <em>floor</em> ({@code floor*}), written as a careful
 * engineer would (the body read into one array of its Content-Length, base64 decoded from the body's bytes or streamed
 * with {@code readBinaryValue}, no String of the image), and the <em>naive</em> one ({@code raw*}: {@code body().bytes()},
 * a Jackson tree and {@code Base64.getDecoder().decode(node.asText())}), kept as a labelled row only.
 */
public final class Workloads {

    /** The API key every client sends (the loopback server does not check it). */
    public static final String KEY = "bench-key";
    /** The four providers, in table order. */
    public static final String[] PROVIDERS = {"lumoz", "segmind", "wavespeed", "lumenfall"};

    static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** A user's mapper, with Jackson's 20 M character limit on strings lifted so a 16 MiB base64 image can be read. */
    static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).build())
            .build());
    static final String PROMPT = "a lighthouse on a cliff at dusk, watercolor";

    private Workloads() {
    }

    /**
     * A PNG-signed image of exactly {@code size} bytes: a real PNG signature and IHDR (1024x1024) followed by random
     * bytes, so that type sniffing and dimension reading work and nothing compresses it.
     */
    public static byte[] image(int size) {
        byte[] b = new byte[size];
        new Random(42).nextBytes(b);
        byte[] head = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                0, 0, 4, 0, 0, 0, 4, 0, 8, 2, 0, 0, 0};
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    /**
     * An SDK client for all four providers at {@code server}. WaveSpeed is set to sync mode with base64 outputs and
     * Lumenfall to {@code lumenfallFormat}, so each provider makes one paid call (Lumoz adds the download of its URL).
     *
     * @param maxConcurrency the client's maxConcurrency, or 0 for the library's default
     */
    public static ImageClient client(LoopbackServer server, int maxConcurrency, String lumenfallFormat, boolean waveSpeedSync) {
        return client(server.origin(), maxConcurrency, lumenfallFormat, waveSpeedSync);
    }

    /** As {@link #client(LoopbackServer, int, String, boolean)}, for a server at {@code origin} (http://host:port). */
    public static ImageClient client(String origin, int maxConcurrency, String lumenfallFormat, boolean waveSpeedSync) {
        ImageClient.Builder b = ImageClient.builder()
                .discoverProviders(false)
                .environment(Map.of())
                .addProvider(new LumozProviderFactory())
                .addProvider(new SegmindProviderFactory())
                .addProvider(new WaveSpeedProviderFactory())
                .addProvider(new LumenfallProviderFactory())
                .providerOption("wavespeed", WaveSpeedOptions.SYNC_MODE, String.valueOf(waveSpeedSync))
                .providerOption("wavespeed", WaveSpeedOptions.BASE64_OUTPUT, "true")
                .providerOption("lumenfall", LumenfallOptions.RESPONSE_FORMAT, lumenfallFormat)
                .timeout(Duration.ofMinutes(2));
        for (String id : PROVIDERS) {
            b.apiKey(id, KEY).baseUrl(id, LoopbackServer.baseUrl(origin, id));
        }
        if (maxConcurrency > 0) {
            b.maxConcurrency(maxConcurrency);
        }
        return b.build();
    }

    /** The neutral request for {@code provider}. */
    public static ImageRequest request(String provider) {
        String model = switch (provider) {
            case "lumoz", "segmind" -> "hidream-i1-fast";
            default -> "hidream-i1-full";
        };
        return ImageRequest.builder().provider(provider).model(model).prompt(PROMPT).seed(42L).build();
    }

    /** One generation through the SDK, reading the image's bytes (Lumoz: downloading them). */
    public static byte[] sdk(ImageClient client, ImageRequest request) {
        return client.generate(request).image().bytes();
    }

    /**
     * An OkHttp client as a careful user builds one, one per application: a read timeout, and a call timeout bounding
     * the whole paid call, as the SDK's deadline bounds each of its calls. The call timeout is also what keeps a large
     * body cheap: with a read timeout alone, every 8 KiB read of the body registers that timeout with Okio's watchdog
     * as the earliest one and wakes its thread (measured: 3.2 ms of the watchdog's CPU time per 16 MiB body, against
     * 0.05 ms with the call timeout, which stays the earliest).
     */
    public static OkHttpClient rawClient() {
        Dispatcher d = new Dispatcher();
        d.setMaxRequestsPerHost(64);
        return new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(16, 5, TimeUnit.MINUTES))
                .dispatcher(d)
                .readTimeout(Duration.ofMinutes(2))
                .callTimeout(Duration.ofMinutes(2))
                .build();
    }

    /** The same vendor call as {@link #sdk} for {@code provider}, by hand. */
    public static byte[] raw(OkHttpClient http, LoopbackServer server, String provider) throws IOException {
        return raw(http, server.baseUrl(provider), provider);
    }

    /** As {@link #raw(OkHttpClient, LoopbackServer, String)}, against the provider's API at {@code baseUrl}. */
    public static byte[] raw(OkHttpClient http, String baseUrl, String provider) throws IOException {
        return switch (provider) {
            case "lumoz" -> rawLumoz(http, baseUrl);
            case "segmind" -> rawSegmind(http, baseUrl);
            case "wavespeed" -> rawWaveSpeed(http, baseUrl);
            case "lumenfall" -> rawLumenfall(http, baseUrl, "b64_json");
            default -> throw new IllegalArgumentException(provider);
        };
    }

    static byte[] rawLumoz(OkHttpClient http, String base) throws IOException {
        RequestBody form = new FormBody.Builder()
                .add("model_id", "hidream-l1")
                .add("prompt", PROMPT)
                .add("seed", "42")
                .add("speed_mode", "Lightly Juiced \uD83C\uDF4A (more consistent)")
                .add("resolution", "1024 \u00D7 1024 (Square)")
                .add("output_format", "webp")
                .add("output_quality", "100")
                .build();
        Request req = new Request.Builder().url(base + "/api/v4/run").header("Authorization", "Bearer " + KEY)
                .header("Accept", "application/json").post(form).build();
        String url;
        try (Response resp = http.newCall(req).execute()) {
            check(resp);
            JsonNode json = MAPPER.readTree(resp.body().byteStream());
            if (!json.path("success").asBoolean()) {
                throw new IOException("lumoz: " + json.path("message").asText());
            }
            url = json.path("data").path("output").asText();
        }
        try (Response img = http.newCall(new Request.Builder().url(url).build()).execute()) {
            check(img);
            return img.body().bytes();
        }
    }

    static byte[] rawSegmind(OkHttpClient http, String base) throws IOException {
        ObjectNode body = MAPPER.createObjectNode()
                .put("prompt", PROMPT)
                .put("seed", 42)
                .put("model_type", "fast")
                .put("resolution", "1024 \u00D7 1024 (Square)")
                .put("speed_mode", "Lightly Juiced \uD83C\uDF4A (more consistent)")
                .put("output_format", "webp")
                .put("output_quality", 100);
        Request req = new Request.Builder().url(base + "/v1/hidream-l1-fast").header("x-api-key", KEY)
                .post(RequestBody.create(MAPPER.writeValueAsBytes(body), JSON)).build();
        try (Response resp = http.newCall(req).execute()) {
            check(resp);
            return resp.body().bytes();
        }
    }

    static byte[] rawWaveSpeed(OkHttpClient http, String base) throws IOException {
        ObjectNode body = MAPPER.createObjectNode()
                .put("prompt", PROMPT)
                .put("size", "1024*1024")
                .put("seed", 42)
                .put("enable_base64_output", true)
                .put("enable_safety_checker", true)
                .put("enable_sync_mode", true);
        Request req = new Request.Builder().url(base + "/api/v2/wavespeed-ai/hidream-i1-full")
                .header("Authorization", "Bearer " + KEY)
                .post(RequestBody.create(MAPPER.writeValueAsBytes(body), JSON)).build();
        try (Response resp = http.newCall(req).execute()) {
            check(resp);
            JsonNode data = MAPPER.readTree(resp.body().byteStream()).path("data");
            if (!"completed".equals(data.path("status").asText())) {
                throw new IOException("wavespeed: status " + data.path("status").asText());
            }
            return Base64.getDecoder().decode(data.path("outputs").path(0).asText());
        }
    }

    static byte[] rawLumenfall(OkHttpClient http, String base, String format) throws IOException {
        ObjectNode body = MAPPER.createObjectNode()
                .put("model", "hidream-i1-full")
                .put("prompt", PROMPT)
                .put("n", 1)
                .put("response_format", format)
                .put("seed", 42);
        Request req = new Request.Builder().url(base + "/images/generations").header("Authorization", "Bearer " + KEY)
                .post(RequestBody.create(MAPPER.writeValueAsBytes(body), JSON)).build();
        JsonNode first;
        try (Response resp = http.newCall(req).execute()) {
            check(resp);
            first = MAPPER.readTree(resp.body().byteStream()).path("data").path(0);
        }
        if (first.hasNonNull("b64_json")) {
            return Base64.getDecoder().decode(first.get("b64_json").asText());
        }
        try (Response img = http.newCall(new Request.Builder().url(first.path("url").asText()).build()).execute()) {
            check(img);
            return img.body().bytes();
        }
    }

    /** A plain Jackson factory, default limits: what the floor parses with (it never builds the image as a String). */
    static final com.fasterxml.jackson.core.JsonFactory FACTORY = new com.fasterxml.jackson.core.JsonFactory();

    /**
     * The body read the careful way: one array of its Content-Length, filled segment by segment as they arrive
     * ({@code body().bytes()} and Okio's {@code readFully} first buffer the whole body in fresh segments, then copy:
     * twice the body). Without a length, bytes().
     */
    static byte[] readExact(okhttp3.ResponseBody body) throws IOException {
        long n = body.contentLength();
        if (n < 0) {
            return body.bytes();
        }
        byte[] out = new byte[Math.toIntExact(n)];
        okio.BufferedSource source = body.source();
        int off = 0;
        while (off < out.length) {
            int r = source.read(out, off, out.length - off);
            if (r < 0) {
                throw new java.io.EOFException("body ended after " + off + " of " + n + " bytes");
            }
            off += r;
        }
        return out;
    }

    /** Segmind's raw-bytes answer, the careful way. */
    static byte[] floorSegmind(OkHttpClient http, String base) throws IOException {
        Request req = new Request.Builder().url(base + "/v1/hidream-l1-fast").header("x-api-key", KEY)
                .post(RequestBody.create(SEGMIND_BODY, JSON)).build();
        try (Response resp = http.newCall(req).execute()) {
            check(resp);
            return readExact(resp.body());
        }
    }

    private static final byte[] SEGMIND_BODY;
    private static final byte[] LUMENFALL_B64_BODY;
    private static final byte[] LUMENFALL_URL_BODY;

    static {
        try {
            SEGMIND_BODY = MAPPER.writeValueAsBytes(MAPPER.createObjectNode().put("prompt", PROMPT).put("seed", 42)
                    .put("model_type", "fast").put("resolution", "1024 \u00D7 1024 (Square)")
                    .put("speed_mode", "Lightly Juiced \uD83C\uDF4A (more consistent)").put("output_format", "webp")
                    .put("output_quality", 100));
            LUMENFALL_B64_BODY = lumenfallBody("b64_json");
            LUMENFALL_URL_BODY = lumenfallBody("url");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static byte[] lumenfallBody(String format) throws IOException {
        return MAPPER.writeValueAsBytes(MAPPER.createObjectNode().put("model", "hidream-i1-full").put("prompt", PROMPT)
                .put("n", 1).put("response_format", format).put("seed", 42));
    }

    private static Request lumenfallRequest(String base, String format) {
        return new Request.Builder().url(base + "/images/generations").header("Authorization", "Bearer " + KEY)
                .post(RequestBody.create(format.equals("url") ? LUMENFALL_URL_BODY : LUMENFALL_B64_BODY, JSON)).build();
    }

    /**
     * Lumenfall (OpenAI shape), the careful way: the JSON read into one Content-Length-sized array, a streaming
     * parser to find {@code data[0]}, then {@code b64_json} decoded from the body's own bytes (no String, no char[])
     * or {@code url} downloaded into one Content-Length-sized array.
     */
    static byte[] floorLumenfall(OkHttpClient http, String base, String format) throws IOException {
        byte[] json;
        try (Response resp = http.newCall(lumenfallRequest(base, format)).execute()) {
            check(resp);
            json = readExact(resp.body());
        }
        String url = null;
        try (com.fasterxml.jackson.core.JsonParser p = FACTORY.createParser(json)) {
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    continue;
                }
                String name = p.currentName();
                if (name.equals("b64_json")) {
                    p.nextToken();
                    int start = Math.toIntExact(p.currentTokenLocation().getByteOffset()) + 1;
                    int end = start;
                    while (json[end] != '"') {
                        end++;
                    }
                    java.nio.ByteBuffer decoded = Base64.getDecoder().decode(java.nio.ByteBuffer.wrap(json, start, end - start));
                    return decoded.remaining() == decoded.capacity() ? decoded.array()
                            : java.util.Arrays.copyOf(decoded.array(), decoded.remaining());
                }
                if (name.equals("url")) {
                    p.nextToken();
                    url = p.getText();
                    break;
                }
            }
        }
        if (url == null) {
            throw new IOException("lumenfall: no image in the answer");
        }
        try (Response img = http.newCall(new Request.Builder().url(url).build()).execute()) {
            check(img);
            return readExact(img.body());
        }
    }

    /**
     * Lumenfall {@code b64_json}, the other careful way: a streaming parser over the body's stream and
     * {@code readBinaryValue} into an output sized from the Content-Length (no String of the image either).
     */
    static byte[] floorLumenfallStreamed(OkHttpClient http, String base) throws IOException {
        try (Response resp = http.newCall(lumenfallRequest(base, "b64_json")).execute()) {
            check(resp);
            long length = resp.body().contentLength();
            try (com.fasterxml.jackson.core.JsonParser p = FACTORY.createParser(resp.body().byteStream())) {
                com.fasterxml.jackson.core.JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME && p.currentName().equals("b64_json")) {
                        p.nextToken();
                        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(
                                length > 0 ? (int) (length * 3 / 4) : 8192);
                        p.readBinaryValue(out);
                        return out.toByteArray();
                    }
                }
            }
        }
        throw new IOException("lumenfall: no b64_json in the answer");
    }

    /** Downloads {@code url} (used for the URL variant of the peer benchmark). */
    static byte[] download(OkHttpClient http, String url) throws IOException {
        try (Response img = http.newCall(new Request.Builder().url(url).build()).execute()) {
            check(img);
            return img.body().bytes();
        }
    }

    private static void check(Response resp) throws IOException {
        if (!resp.isSuccessful()) {
            String text;
            try (InputStream in = resp.body().byteStream()) {
                text = new String(in.readNBytes(300), java.nio.charset.StandardCharsets.UTF_8);
            }
            throw new IOException("HTTP " + resp.code() + ": " + text);
        }
    }
}
