package dev.imagegen.provider.segmind;

import dev.imagegen.spi.ProviderConfig;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The URLs the provider calls: the verified v1 path, and the v2 queue's paths, which are options because they are
 * unverified (see {@link SegmindOptions}).
 */
final class SegmindEndpoints {

    private final ProviderConfig config;
    private final String submitTemplate;
    private final String statusTemplate;
    private final String resultTemplate;
    /** The v2 status and result URLs as patterns: compiled on first use, as only the v2 queue needs them. */
    private volatile Pattern[] v2Patterns;

    SegmindEndpoints(ProviderConfig config) {
        this.config = config;
        this.submitTemplate = template(config, SegmindOptions.V2_SUBMIT_PATH, SegmindOptions.DEFAULT_V2_SUBMIT_PATH, "{model}");
        this.statusTemplate = template(config, SegmindOptions.V2_STATUS_PATH, SegmindOptions.DEFAULT_V2_STATUS_PATH, "{id}");
        this.resultTemplate = template(config, SegmindOptions.V2_RESULT_PATH, SegmindOptions.DEFAULT_V2_RESULT_PATH, "{id}");
    }

    /** The last v1 URL built: a client calls the same model again and again, and the URL is built on every request. */
    private volatile V1Url lastV1;

    private record V1Url(String vendorModelId, String url) {
    }

    /** {@code POST {base}/v1/{vendor model id}}: answers with the image. */
    String v1(String vendorModelId) {
        V1Url last = lastV1;
        if (last != null && last.vendorModelId().equals(vendorModelId)) {
            return last.url();
        }
        String url = config.url("/v1/".concat(segment(vendorModelId))); // concat, not +: no indy bootstrap on a fresh JVM
        lastV1 = new V1Url(vendorModelId, url);
        return url;
    }

    /** The v2 submit URL for a vendor model id. */
    String v2Submit(String vendorModelId) {
        return config.url(submitTemplate.replace("{model}", segment(vendorModelId)));
    }

    /** The v2 status URL of a request id. */
    String v2Status(String requestId) {
        return config.url(statusTemplate.replace("{id}", segment(requestId)));
    }

    /** The v2 result URL of a request id. */
    String v2Result(String requestId) {
        return config.url(resultTemplate.replace("{id}", segment(requestId)));
    }

    /** The request id in a v2 status or result URL, or null when {@code url} is neither. */
    String requestIdIn(String url) {
        if (url == null) {
            return null;
        }
        String u = url.split("\\?", 2)[0];
        Pattern[] patterns = v2Patterns;
        if (patterns == null) {
            patterns = new Pattern[]{pattern(config.url(statusTemplate)), pattern(config.url(resultTemplate))};
            v2Patterns = patterns;
        }
        for (Pattern p : patterns) {
            Matcher m = p.matcher(u);
            if (m.matches()) {
                return java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String template(ProviderConfig config, String option, String defaultValue, String placeholder) {
        String t = config.option(option).orElse("").trim();
        if (t.isEmpty()) {
            t = defaultValue;
        }
        if (!t.startsWith("/")) {
            t = "/" + t;
        }
        if (!t.contains(placeholder)) {
            throw new IllegalArgumentException("Segmind option " + option + " must contain " + placeholder + ", got '" + t + "'");
        }
        return t;
    }

    private static Pattern pattern(String urlTemplate) {
        int i = urlTemplate.indexOf("{id}");
        return Pattern.compile(Pattern.quote(urlTemplate.substring(0, i)) + "([^/?#]+)"
                + Pattern.quote(urlTemplate.substring(i + 4)));
    }

    /** A path segment: unreserved characters as they are, everything else percent-encoded (UTF-8). */
    static String segment(String value) {
        if (allUnreserved(value)) {
            return value; // a model id, nearly always: nothing to encode
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (unreserved(c)) {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static boolean allUnreserved(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!unreserved(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean unreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
                || c == '~';
    }
}
