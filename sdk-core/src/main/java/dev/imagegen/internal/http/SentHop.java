package dev.imagegen.internal.http;

import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;

/**
 * What sending one hop gave: the response (open; the receiver closes it) or the I/O failure, and whether the request
 * headers had started going out (if not, nothing reached the server). The call tells whether its timeout (the time
 * left before the operation's deadline) cut it.
 */
record SentHop(Call call, Request request, Response response, IOException failure, boolean sent, long startNanos) {

    static SentHop answered(Call call, Response response, boolean sent, long startNanos) {
        return new SentHop(call, call.request(), response, null, sent, startNanos);
    }

    static SentHop failed(Call call, IOException failure, boolean sent, long startNanos) {
        return new SentHop(call, call.request(), null, failure, sent, startNanos);
    }
}
