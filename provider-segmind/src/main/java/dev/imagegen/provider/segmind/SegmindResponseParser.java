package dev.imagegen.provider.segmind;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.imagegen.Cost;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;
import dev.imagegen.spi.ImageData;
import dev.imagegen.spi.ImageOutput;
import dev.imagegen.spi.ProviderErrors;
import dev.imagegen.spi.ProviderResult;
import dev.imagegen.spi.WireResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Segmind's successful answers.
 *
 * <p><b>v1</b>: the 200 body is the image itself. It is accepted when its first bytes are a PNG, JPEG, WebP, GIF or AVIF
 * signature, or when it is declared {@code image/*} and does not look like text; anything else (a JSON or HTML body with
 * status 200) is an {@link dev.imagegen.InvalidResponseException}. Headers: {@code x-seed-value} (seed),
 * {@code x-cost} (reported cost, USD), {@code x-request-id}, {@code x-generation-time} (seconds, decimal: the inference
 * time), {@code x-remaining-credits} and {@code x-rate-limit-reset-at-utc} (metadata {@code remainingCredits} and
 * {@code rateLimitResetAtUtc}).
 *
 * <p><b>v2 queue</b> (<b>unverified</b> shapes, read tolerantly): the submit answers {@code {"request_id":...}}; the
 * status endpoint {@code {"status":"QUEUED|PROCESSING|COMPLETED|FAILED", ...}}; the result endpoint either the raw
 * image (as v1) or JSON: {@code status}, {@code error}, {@code metrics} ({@code inference_time}, {@code queue_time},
 * {@code total_time}, {@code cost}, {@code remaining_credits}) and the image under {@code output}, {@code outputs},
 * {@code image}, {@code images}, {@code image_url} or {@code url}: a URL, a base64 string (with or without a
 * {@code data:image/...;base64,} prefix), an array of those, or objects holding one under {@code url}, {@code image},
 * {@code b64_json} or {@code base64}.
 */
final class SegmindResponseParser {

    static final String META_REMAINING_CREDITS = "remainingCredits";
    static final String META_RATE_LIMIT_RESET = "rateLimitResetAtUtc";
    static final String META_QUEUE_TIME = "queueTime";
    static final String META_TOTAL_TIME = "totalTime";

    private static final Set<String> OUTPUT_FIELDS = Set.of("output", "outputs", "image", "images", "image_url", "url");
    private static final Set<String> NESTED_OUTPUT_FIELDS = Set.of("url", "image", "b64_json", "base64", "output");

    private SegmindResponseParser() {
    }

    // ---- raw image answers ----

    /**
     * The image in a raw-image answer, with what its headers say.
     *
     * @param fallbackRequestId the request id when the answer has no {@code x-request-id} (the v2 job id), or null
     */
    static ProviderResult imageResult(WireResponse response, String vendorModelId, String fallbackRequestId) {
        byte[] body = response.bodyBytes();
        String header = response.header("x-request-id").orElse(null);
        String requestId = header == null || header.isBlank() ? fallbackRequestId : header;
        String declared = response.mediaType().orElse(null);
        ImageOutput image = imageOrNull(body, declared);
        if (image == null) {
            throw ProviderErrors.invalidResponse(SegmindCatalog.PROVIDER_ID, "HTTP " + response.status()
                    + " body is not an image (Content-Type " + (declared == null ? "none" : declared) + ", "
                    + body.length + " bytes" + (body.length == 0 ? "" : ": " + ProviderErrors.excerpt(
                    new String(body, 0, Math.min(body.length, 2000), StandardCharsets.UTF_8))) + ")", requestId);
        }
        ProviderResult.Builder b = ProviderResult.builder().addImage(image).modelId(vendorModelId).requestId(requestId);
        readHeaders(response, b);
        return b.build();
    }

    /** Whether the answer carries image bytes rather than JSON (for the v2 result, which may be either). */
    static boolean isImageAnswer(WireResponse response) {
        byte[] body = response.bodyBytes();
        return imageOrNull(body, response.mediaType().orElse(null)) != null;
    }

    private static ImageOutput imageOrNull(byte[] body, String declared) {
        String sniffed = ImageData.sniff(body).orElse(null);
        boolean declaredImage = declared != null && declared.startsWith("image/");
        if (sniffed != null) {
            return ImageOutput.ofBytes(body, declaredImage ? declared : sniffed);
        }
        if (declaredImage && body.length > 0 && !looksLikeText(body)) {
            return ImageOutput.ofBytes(body, declared);
        }
        return null;
    }

    // plain branches rather than Optional chains: this runs on every answer, the first one in a fresh JVM too, where
    // each lambda is a class to spin
    private static void readHeaders(WireResponse response, ProviderResult.Builder b) {
        String seed = header(response, "x-seed-value");
        if (seed != null) {
            try {
                b.seed(Long.parseLong(seed));
            } catch (NumberFormatException e) {
                b.metadata("seedValue", seed);
            }
        }
        String cost = header(response, "x-cost");
        Optional<BigDecimal> usd = cost == null ? Optional.empty() : usd(cost);
        if (usd.isPresent()) {
            b.cost(Cost.reported(usd.get()));
        }
        String time = header(response, "x-generation-time");
        Optional<Duration> inference = time == null ? Optional.empty() : seconds(time);
        if (inference.isPresent()) {
            b.inferenceTime(inference.get());
        }
        b.metadata(META_REMAINING_CREDITS, header(response, "x-remaining-credits"));
        b.metadata(META_RATE_LIMIT_RESET, header(response, "x-rate-limit-reset-at-utc"));
    }

    /** The header's value, trimmed, or null. */
    private static String header(WireResponse response, String name) {
        String v = response.header(name).orElse(null);
        return v == null ? null : v.trim();
    }

    // ---- v2 queue ----

    /** The request id in the v2 submit answer, or empty. */
    static Optional<String> submittedRequestId(WireResponse response) {
        return response.tryJson().map(j -> j.path("request_id")).filter(n -> n.isTextual() || n.isNumber())
                .map(n -> n.asText()).filter(s -> !s.isBlank());
    }

    /** The neutral status for a v2 status word. */
    static JobStatus status(String vendorStatus, Integer position) {
        String s = vendorStatus == null ? "" : vendorStatus.trim().toUpperCase(Locale.ROOT);
        JobState state = switch (s) {
            case "QUEUED", "PENDING", "IN_QUEUE" -> JobState.QUEUED;
            case "COMPLETED", "SUCCEEDED", "SUCCESS" -> JobState.SUCCEEDED;
            case "FAILED", "ERROR" -> JobState.FAILED;
            case "CANCELLED", "CANCELED" -> JobState.CANCELLED;
            default -> JobState.RUNNING;
        };
        return new JobStatus(state, vendorStatus, position);
    }

    /** What a JSON v2 result body holds. */
    record JsonResult(String status, String error, String requestId, List<ImageOutput> images, ProviderResult.Builder result) {
    }

    /**
     * Reads a JSON v2 result (or status) body by streaming, so an inlined base64 image never becomes a Java String.
     */
    static JsonResult readJson(byte[] body) {
        ProviderResult.Builder b = ProviderResult.builder();
        List<ImageOutput> images = new ArrayList<>();
        String status = null;
        String error = null;
        String requestId = null;
        try (JsonParser p = ImageData.parser(ImageData.withoutDataUriPrefixes(new ByteArrayInputStream(body)))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (OUTPUT_FIELDS.contains(f)) {
                    readOutputs(p, images, 0);
                } else if (f.equals("status") && t.isScalarValue()) {
                    status = p.getText();
                } else if (f.equals("error") || f.equals("message") && error == null) {
                    if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
                        error = p.getText();
                    } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                        com.fasterxml.jackson.databind.JsonNode tree = p.readValueAsTree();
                        error = tree.path("message").isTextual() ? tree.path("message").asText() : tree.toString();
                    }
                } else if (f.equals("request_id") && t.isScalarValue()) {
                    requestId = p.getText();
                } else if (f.equals("seed") && (t == JsonToken.VALUE_NUMBER_INT)) {
                    b.seed(p.getLongValue());
                } else if (f.equals("metrics") && t == JsonToken.START_OBJECT) {
                    readMetrics(p, b);
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new JsonResult(status, error, requestId, images, b);
    }

    private static void readOutputs(JsonParser p, List<ImageOutput> images, int depth) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            ImageOutput o = stringOutput(p);
            if (o != null) {
                images.add(o);
            }
        } else if (t == JsonToken.START_ARRAY && depth < 3) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                readOutputs(p, images, depth + 1);
            }
        } else if (t == JsonToken.START_OBJECT && depth < 3) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                if (NESTED_OUTPUT_FIELDS.contains(f)) {
                    readOutputs(p, images, depth + 1);
                } else {
                    p.skipChildren();
                }
            }
        } else {
            p.skipChildren();
        }
    }

    /** A URL as a URL output; anything else decoded as base64 (the data: prefix is already stripped). */
    private static ImageOutput stringOutput(JsonParser p) throws IOException {
        char[] chars = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
        int start = off;
        while (start < off + len && Character.isWhitespace(chars[start])) {
            start++;
        }
        if (start == off + len) {
            return null;
        }
        if (startsWith(chars, start, off + len, "https://") || startsWith(chars, start, off + len, "http://")) {
            return ImageOutput.ofUrl(new String(chars, start, off + len - start).trim());
        }
        byte[] bytes = decodeBase64(chars, start, off + len);
        return ImageOutput.ofBytes(bytes, ImageData.sniff(bytes).orElse(null));
    }

    /**
     * Decodes base64 from the parser's character buffer (standard or URL-safe alphabet, padded or not, whitespace
     * ignored) without building a String. {@link ImageData#readBase64} would, once the token has been read to tell a
     * URL from base64.
     */
    private static byte[] decodeBase64(char[] chars, int from, int end) throws IOException {
        byte[] ascii = new byte[end - from];
        int n = 0;
        for (int i = from; i < end; i++) {
            char c = chars[i];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                continue;
            }
            if (c == '-') {
                c = '+';
            } else if (c == '_') {
                c = '/';
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
                    || c == '=')) {
                throw new IOException("output is neither a URL nor base64 image data");
            }
            ascii[n++] = (byte) c;
        }
        try {
            return Base64.getDecoder().decode(n == ascii.length ? ascii : Arrays.copyOf(ascii, n));
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid base64 image data: " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(char[] chars, int from, int end, String prefix) {
        if (end - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.toLowerCase(chars[from + i]) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static void readMetrics(JsonParser p, ProviderResult.Builder b) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            if (!t.isScalarValue() || t == JsonToken.VALUE_NULL) {
                p.skipChildren();
                continue;
            }
            String v = p.getText();
            switch (f) {
                case "inference_time" -> seconds(v).ifPresent(b::inferenceTime);
                case "queue_time" -> b.metadata(META_QUEUE_TIME, v);
                case "total_time" -> b.metadata(META_TOTAL_TIME, v);
                case "cost" -> usd(v).ifPresent(c -> b.cost(Cost.reported(c)));
                case "remaining_credits" -> b.metadata(META_REMAINING_CREDITS, v);
                default -> {
                }
            }
        }
    }

    // ---- values ----

    /** A USD amount such as {@code 0.0153} or {@code $0.0153}; empty when unreadable or negative. */
    static Optional<BigDecimal> usd(String text) {
        String t = text.trim();
        if (t.startsWith("$")) {
            t = t.substring(1).trim();
        }
        try {
            BigDecimal v = new BigDecimal(t);
            return v.signum() < 0 || !plausible(v) ? Optional.empty() : Optional.of(v);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Seconds as a decimal ({@code 9.75}, also {@code 9.75s}); empty when unreadable or negative. */
    static Optional<Duration> seconds(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1).trim();
        }
        long plain = plainSecondsAsNanos(t);
        if (plain >= 0) {
            return Optional.of(Duration.ofNanos(plain));
        }
        try {
            BigDecimal v = new BigDecimal(t);
            if (v.signum() < 0 || !plausible(v)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos(v.movePointRight(9).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact()));
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /**
     * The usual header, {@code 9.75}: 1 to 9 digits, optionally a point and 1 to 30 digits, in nanoseconds rounded half
     * up exactly as the BigDecimal path rounds it (on every answer, without its three BigDecimals); -1 for any other
     * form, which that path reads.
     */
    static long plainSecondsAsNanos(String t) {
        int point = t.indexOf('.');
        int intDigits = point < 0 ? t.length() : point;
        int fracDigits = point < 0 ? 0 : t.length() - point - 1;
        if (intDigits < 1 || intDigits > 9 || (point >= 0 && (fracDigits < 1 || fracDigits > 30))) {
            return -1;
        }
        long seconds = 0;
        for (int i = 0; i < intDigits; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            seconds = seconds * 10 + (c - '0');
        }
        long nanos = 0;
        boolean roundUp = false;
        for (int i = 0; i < fracDigits; i++) {
            char c = t.charAt(point + 1 + i);
            if (c < '0' || c > '9') {
                return -1;
            }
            if (i < 9) {
                nanos = nanos * 10 + (c - '0');
            } else if (i == 9) {
                roundUp = c >= '5';
            }
        }
        for (int i = fracDigits; i < 9; i++) {
            nanos *= 10;
        }
        return seconds * 1_000_000_000L + nanos + (roundUp ? 1 : 0);
    }

    /**
     * Whether a header number is of a size a cost or a duration can have. {@code 1e1000000} is a short header but a
     * million-digit number: rounding or printing it would take minutes (found by SegmindResponseFuzzTest).
     */
    static boolean plausible(BigDecimal v) {
        return v.precision() - v.scale() <= 18 && v.scale() <= 30;
    }

    /** Whether the body starts (after whitespace or a UTF-8 BOM) like JSON, HTML/XML or is all printable ASCII. */
    private static boolean looksLikeText(byte[] b) {
        int i = 0;
        if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        if (i < b.length && (b[i] == '{' || b[i] == '[' || b[i] == '<' || b[i] == '"')) {
            return true;
        }
        int end = Math.min(b.length, 512);
        for (int k = i; k < end; k++) {
            int c = b[k] & 0xff;
            if (c < 0x09 || (c > 0x0d && c < 0x20) || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
