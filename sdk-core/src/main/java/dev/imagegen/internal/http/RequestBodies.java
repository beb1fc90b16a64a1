package dev.imagegen.internal.http;

import dev.imagegen.spi.WireBody;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A provider's {@link WireBody} as an OkHttp request body (built again for each hop that re-sends it). */
final class RequestBodies {

    private RequestBodies() {
    }

    static RequestBody of(WireBody body) {
        if (body instanceof WireBody.JsonBody j) {
            return RequestBody.create(j.bytes(), MediaType.get(j.contentType()));
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
            return RequestBody.create(sb.toString().getBytes(StandardCharsets.US_ASCII), MediaType.get(f.contentType()));
        }
        WireBody.MultipartBody m = (WireBody.MultipartBody) body;
        MultipartBody.Builder mb = new MultipartBody.Builder().setType(MultipartBody.FORM);
        for (WireBody.Part p : m.parts()) {
            if (p.isFile()) {
                mb.addFormDataPart(p.name(), p.fileName(), RequestBody.create(p.data(), MediaType.get(p.contentType())));
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
