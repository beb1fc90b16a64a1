package dev.imagegen.provider.wavespeed;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageSize;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ProviderConfig;
import dev.imagegen.spi.WireBody;
import dev.imagegen.spi.WireRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an {@link ImageRequest} into WaveSpeed's submit: {@code POST {base}/api/<version>/wavespeed-ai/<model>} with
 * JSON {@code {prompt, size:"W*H", seed, enable_base64_output, enable_safety_checker, output_format?,
 * enable_sync_mode?}}, and the webhook as a query parameter. Also owns the provider options.
 */
final class WaveSpeedRequestMapper {

    static final String ID = WaveSpeedCatalog.PROVIDER_ID;

    private final ProviderConfig config;
    private final String apiVersion;
    private final boolean base64Default;
    private final boolean syncDefault;
    private final String webhookDefault;

    WaveSpeedRequestMapper(ProviderConfig config) {
        this.config = config;
        String v = config.option(WaveSpeedOptions.API_VERSION, "v2").trim().toLowerCase(Locale.ROOT);
        if (!v.equals("v2") && !v.equals("v3")) {
            throw new IllegalArgumentException("wavespeed: option " + WaveSpeedOptions.API_VERSION
                    + " must be v2 or v3, got '" + v + "'");
        }
        this.apiVersion = v;
        this.base64Default = config.booleanOption(WaveSpeedOptions.BASE64_OUTPUT, false);
        this.syncDefault = config.booleanOption(WaveSpeedOptions.SYNC_MODE, false);
        String webhook = config.option(WaveSpeedOptions.WEBHOOK_URL).orElse(null); // no lambda spun on a fresh JVM
        this.webhookDefault = webhook == null || webhook.isBlank() ? null : webhook;
    }

    /** The submit request. The core has checked the request against {@code model} already. */
    WireRequest submit(ImageRequest request, ModelInfo model) {
        Map<String, Object> raw = request.providerOptions(ID);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("prompt", request.prompt());
        ImageSize size = request.size().orElse(model.defaultSize().orElse(WaveSpeedCatalog.DEFAULT_SIZE));
        body.put("size", size.width() + "*" + size.height());
        body.put("seed", request.seed().orElse(-1L));
        body.put("enable_base64_output", base64(request));
        body.put("enable_safety_checker", request.safetyChecker().orElse(Boolean.TRUE));
        request.outputFormat().ifPresent(f -> body.put("output_format", f.name()));
        if (syncMode(request)) {
            body.put("enable_sync_mode", true);
        }
        // Raw fields win, except the ones read as typed settings above: those keep their normalised boolean value,
        // and the webhook goes into the query string, where the vendor reads it.
        raw.forEach((k, v) -> {
            if (!k.equals(WaveSpeedOptions.FIELD_WEBHOOK) && !k.equals(WaveSpeedOptions.FIELD_BASE64_OUTPUT)
                    && !k.equals(WaveSpeedOptions.FIELD_SYNC_MODE)) {
                body.putPOJO(k, v);
            }
        });
        if (raw.containsKey(WaveSpeedOptions.FIELD_SYNC_MODE)) {
            body.put("enable_sync_mode", syncMode(request));
        }
        String url = config.url("/api/" + apiVersion + "/" + model.vendorId());
        String webhook = webhook(request);
        if (webhook != null) {
            url += "?webhook=" + URLEncoder.encode(webhook, StandardCharsets.UTF_8);
        }
        return WireRequest.post(url).header("Accept", "application/json").body(WireBody.json(body))
                .paid(true).operation("submit").build();
    }

    /** The poll request for a job. */
    WireRequest poll(String pollUrl) {
        return WireRequest.get(pollUrl).header("Accept", "application/json").operation("poll").build();
    }

    /**
     * Where to poll prediction {@code id}: the {@code data.urls.get} the vendor returned when it is on the API's origin
     * (the core sends the key only there), else {@code {base}/api/<version>/predictions/{id}/result}.
     */
    String pollUrl(String id, String vendorUrl) {
        if (vendorUrl != null && config.isApiOrigin(vendorUrl)) {
            return vendorUrl;
        }
        String seg = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        return config.url("/api/" + apiVersion + "/predictions/" + seg + "/result");
    }

    /** Whether the request asks for base64 outputs: its raw field, else the provider option. */
    boolean base64(ImageRequest request) {
        return flag(request, WaveSpeedOptions.FIELD_BASE64_OUTPUT, base64Default);
    }

    /** Whether the request asks for sync mode: its raw field, else the provider option. */
    boolean syncMode(ImageRequest request) {
        return flag(request, WaveSpeedOptions.FIELD_SYNC_MODE, syncDefault);
    }

    private String webhook(ImageRequest request) {
        Object v = request.providerOptions(ID).get(WaveSpeedOptions.FIELD_WEBHOOK);
        if (v == null) {
            return webhookDefault;
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }

    private static boolean flag(ImageRequest request, String field, boolean defaultValue) {
        Object v = request.providerOptions(ID).get(field);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw InvalidRequestException.forField(ID, "providerOptions.wavespeed." + field, "must be true or false, got '" + v + "'",
                List.of("true", "false"));
    }
}
