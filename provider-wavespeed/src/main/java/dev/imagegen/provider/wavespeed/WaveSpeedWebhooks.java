package dev.imagegen.provider.wavespeed;

import java.nio.charset.StandardCharsets;

/**
 * Helps read the body WaveSpeed POSTs to a webhook: the bare prediction object ({@code {id, model, outputs[], status,
 * has_nsfw_contents[], timings, error, ...}}, no envelope). The payload does not say whether the prediction was
 * submitted with {@code enable_base64_output}, so the first output is looked at in the raw bytes (the payload is in
 * memory already) to choose between URLs and streaming base64 decoding.
 */
final class WaveSpeedWebhooks {

    private static final byte[] OUTPUTS_KEY = "\"outputs\"".getBytes(StandardCharsets.US_ASCII);

    private WaveSpeedWebhooks() {
    }

    /**
     * Whether the first entry of the {@code outputs} array is inline data rather than an http(s) URL. False when there
     * is no {@code outputs} key or the array is empty. Only an unescaped {@code "outputs"} followed by {@code :} and
     * {@code [} counts: inside a JSON string that sequence cannot occur unescaped.
     */
    static boolean outputsAreInline(byte[] json) {
        int from = 0;
        while (true) {
            int at = indexOf(json, OUTPUTS_KEY, from);
            if (at < 0) {
                return false;
            }
            from = at + 1;
            if (at > 0 && json[at - 1] == '\\') {
                continue;
            }
            int i = skipWhitespace(json, at + OUTPUTS_KEY.length);
            if (i >= json.length || json[i] != ':') {
                continue;
            }
            i = skipWhitespace(json, i + 1);
            if (i >= json.length || json[i] != '[') {
                continue;
            }
            i = skipWhitespace(json, i + 1);
            if (i >= json.length || json[i] != '"') {
                return false;
            }
            return !startsWithIgnoreCase(json, i + 1, "https://") && !startsWithIgnoreCase(json, i + 1, "http://");
        }
    }

    private static int skipWhitespace(byte[] b, int i) {
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int at, String prefix) {
        if (at + prefix.length() > b.length) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (Character.toLowerCase((char) b[at + k]) != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
