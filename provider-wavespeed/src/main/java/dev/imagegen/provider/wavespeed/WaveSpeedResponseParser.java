package dev.imagegen.provider.wavespeed;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.imagegen.spi.ImageData;
import dev.imagegen.spi.ImageOutput;
import dev.imagegen.spi.WireResponse;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads WaveSpeed predictions by streaming: the envelope {@code {code, message, data:{...}}} of submit and poll
 * answers, or a bare prediction object (webhooks). Fields may come in any order and any may be missing.
 *
 * <p>Outputs are URLs, or base64 when {@code enable_base64_output} was sent. Whether that base64 carries a
 * {@code data:image/...;base64,} prefix is not documented, so the body is read through
 * {@link ImageData#withoutDataUriPrefixes(InputStream)} and each image decoded with
 * {@link ImageData#readBase64(JsonParser)} (padded or not): an image never becomes a Java String.
 */
final class WaveSpeedResponseParser {

    private WaveSpeedResponseParser() {
    }

    /** Reads an API answer. */
    static WaveSpeedPrediction read(WireResponse response, boolean base64Outputs) throws IOException {
        return read(response.bodyStream(), base64Outputs);
    }

    /** Reads an answer or a webhook body from a stream. */
    static WaveSpeedPrediction read(InputStream body, boolean base64Outputs) throws IOException {
        try (JsonParser p = ImageData.parser(ImageData.withoutDataUriPrefixes(body))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object, got " + p.currentToken());
            }
            WaveSpeedPrediction out = new WaveSpeedPrediction();
            readObject(p, out, base64Outputs, true);
            return out;
        }
    }

    /** Reads the fields of the envelope (top) or of the prediction; a bare prediction has its fields at the top. */
    private static void readObject(JsonParser p, WaveSpeedPrediction out, boolean base64, boolean top) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "code" -> {
                    Integer c = intValue(p, t);
                    if (top) {
                        out.code = c;
                    } else {
                        out.dataCode = c;
                    }
                }
                case "message" -> {
                    String m = text(p, t);
                    if (top || out.message == null) {
                        out.message = m;
                    }
                }
                case "data" -> {
                    if (top && t == JsonToken.START_OBJECT) {
                        readObject(p, out, base64, false);
                    } else {
                        p.skipChildren();
                    }
                }
                case "id" -> out.id = text(p, t);
                case "model" -> out.model = text(p, t);
                case "status" -> out.status = text(p, t);
                case "error" -> out.error = text(p, t);
                case "created_at" -> out.createdAt = text(p, t);
                case "urls" -> readUrls(p, t, out);
                case "outputs" -> readOutputs(p, t, out, base64);
                case "has_nsfw_contents" -> readNsfw(p, t, out);
                case "timings" -> readTimings(p, t, out);
                default -> p.skipChildren();
            }
        }
    }

    private static void readUrls(JsonParser p, JsonToken t, WaveSpeedPrediction out) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("get")) {
                out.getUrl = text(p, v);
            } else {
                p.skipChildren();
            }
        }
    }

    private static void readOutputs(JsonParser p, JsonToken t, WaveSpeedPrediction out, boolean base64) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        JsonToken v;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
            if (v != JsonToken.VALUE_STRING) {
                p.skipChildren();
                continue;
            }
            if (base64) {
                out.outputs.add(ImageOutput.ofBytes(ImageData.readBase64(p), null));
            } else {
                out.outputs.add(urlOutput(p.getText()));
            }
        }
    }

    /**
     * An output read in URL mode. A value that is not an http(s) URL means the vendor sent inline base64 although URLs
     * were asked for; it is decoded rather than failing (it is small in practice, or URLs would have been asked for).
     */
    private static ImageOutput urlOutput(String value) throws IOException {
        String v = value.strip();
        if (v.regionMatches(true, 0, "https://", 0, 8) || v.regionMatches(true, 0, "http://", 0, 7)) {
            return ImageOutput.ofUrl(v);
        }
        if (URL_SCHEME.matcher(v).lookingAt() && !v.regionMatches(true, 0, "data:", 0, 5)) {
            // file:, ftp:, ...: handed to the core as a URL so its one download policy refuses it, typed
            return ImageOutput.ofUrl(v);
        }
        try {
            return ImageOutput.ofBytes(ImageData.decodeBase64(v), null);
        } catch (IllegalArgumentException e) {
            throw new IOException("an output is neither an http(s) URL nor base64 image data", e);
        }
    }

    private static final java.util.regex.Pattern URL_SCHEME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");

    private static void readNsfw(JsonParser p, JsonToken t, WaveSpeedPrediction out) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        JsonToken v;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
            switch (v) {
                case VALUE_TRUE -> out.nsfw.add(Boolean.TRUE);
                case VALUE_FALSE -> out.nsfw.add(Boolean.FALSE);
                case VALUE_STRING -> out.nsfw.add(Boolean.parseBoolean(p.getText().trim()));
                default -> {
                    p.skipChildren();
                    out.nsfw.add(null);
                }
            }
        }
    }

    private static void readTimings(JsonParser p, JsonToken t, WaveSpeedPrediction out) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("inference") && v.isNumeric()) {
                out.inferenceMillis = Math.round(p.getValueAsDouble());
            } else {
                p.skipChildren();
            }
        }
    }

    /** A scalar as text; null for null and for objects or arrays (which are skipped). */
    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static Integer intValue(JsonParser p, JsonToken t) throws IOException {
        if (t.isNumeric()) {
            return p.getValueAsInt();
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return Integer.valueOf(p.getText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        p.skipChildren();
        return null;
    }
}
