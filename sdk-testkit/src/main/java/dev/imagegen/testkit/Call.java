package dev.imagegen.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** One incoming request as the route handlers see it. */
final class Call {
    final String method;
    final String path;
    final String rawQuery;
    final Headers headers;
    final byte[] body;
    final String route;
    /** Path segments the route captured (model or id), in order. */
    final List<String> params;
    /** The origin the URLs in the answer name ({@link EmulatorState#originFor}). */
    final String origin;
    /** A job fault ({@link Fault#jobNeverFinishes()}, {@link Fault#jobFails}) for this request, else null. */
    Fault jobFault;

    Call(String method, String path, String rawQuery, Headers headers, byte[] body, String route,
            List<String> params, String origin) {
        this.origin = origin;
        this.method = method;
        this.path = path;
        this.rawQuery = rawQuery;
        this.headers = headers;
        this.body = body;
        this.route = route;
        this.params = params;
    }

    String header(String name) {
        return headers.getFirst(name);
    }

    /** The media type of the body, lower case, without parameters; "" when there is no Content-Type. */
    String mediaType() {
        String ct = header("Content-Type");
        if (ct == null) {
            return "";
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    boolean isJson() {
        String mt = mediaType();
        return mt.equals("application/json") || mt.endsWith("+json");
    }

    boolean isMultipart() {
        return mediaType().equals("multipart/form-data");
    }

    boolean isUrlEncoded() {
        return mediaType().equals("application/x-www-form-urlencoded");
    }

    FormData query() {
        return FormData.urlEncoded(rawQuery);
    }

    /** The body as a JSON object; a {@link FormData.BadBodyException} when it is not one. */
    JsonNode jsonObject() {
        try {
            JsonNode n = Reply.JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw new FormData.BadBodyException("request body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new FormData.BadBodyException("request body is not valid JSON");
        }
    }

    FormData form() {
        if (isMultipart()) {
            return FormData.multipart(header("Content-Type"), body);
        }
        return FormData.urlEncoded(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Whether {@code Authorization: Bearer <key>} carries a key the emulator accepts. */
    boolean hasBearer(EmulatorState state) {
        String auth = header("Authorization");
        if (auth == null || auth.length() < 7 || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return state.acceptsKey(auth.substring(7).trim());
    }
}
