package dev.imagegen.internal.http;

import dev.imagegen.spi.WireBody;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A provider's {@link WireBody} as an OkHttp request body (built again for each hop that re-sends it). */
final class RequestBodies {

    /**
     * Parsed media types by the provider's string: providers send a handful of constant types, and parsing one (a
     * regex match) cost more than the rest of building the body. Bounded, in case a provider builds them dynamically.
     */
    private static final Map<String, MediaType> TYPES = new ConcurrentHashMap<>();
    private static final int MAX_TYPES = 64;

    private RequestBodies() {
    }

    /** {@code contentType} parsed (OkHttp's MediaType is immutable, so one instance serves every request). */
    static MediaType mediaType(String contentType) {
        MediaType t = TYPES.get(contentType);
        if (t == null) {
            t = MediaType.get(contentType);
            if (TYPES.size() < MAX_TYPES) {
                TYPES.putIfAbsent(contentType, t);
            }
        }
        return t;
    }

    static RequestBody of(WireBody body) {
        if (body instanceof WireBody.JsonBody j) {
            return RequestBody.create(j.bytes(), mediaType(j.contentType()));
        }
        if (body instanceof WireBody.FormBody f) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> e : f.fields()) {
                if (sb.length() > 0) {
                    sb.append('&');
                }
                sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            }
            return RequestBody.create(sb.toString().getBytes(StandardCharsets.US_ASCII), mediaType(f.contentType()));
        }
        WireBody.MultipartBody m = (WireBody.MultipartBody) body;
        MultipartBody.Builder mb = new MultipartBody.Builder().setType(MultipartBody.FORM);
        for (WireBody.Part p : m.parts()) {
            if (p.isFile()) {
                mb.addFormDataPart(p.name(), p.fileName(), RequestBody.create(p.data(), mediaType(p.contentType())));
            } else {
                mb.addFormDataPart(p.name(), new String(p.data(), StandardCharsets.UTF_8));
            }
        }
        return mb.build();
    }

    /** An empty body, for methods OkHttp requires one for (PUT, PATCH) when the provider gave none. */
    static RequestBody empty() {
        return RequestBody.create(new byte[0], null);
    }
}
