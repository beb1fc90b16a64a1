package dev.imagegen.internal.http;

import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.List;

/**
 * A network interceptor: sees every hop, redirects included, and removes every credential header from a hop whose
 * origin is not the provider's API origin. OkHttp itself drops only {@code Authorization} on a cross-host redirect;
 * {@code x-api-key} and the like would otherwise follow.
 */
final class CredentialGuard implements Interceptor {

    /** Headers that carry credentials for some vendor, plus the generic ones. */
    static final List<String> CREDENTIAL_HEADERS = List.of("Authorization", "Proxy-Authorization", "Cookie", "x-api-key", "api-key");

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Target target = request.tag(Target.class);
        if (target != null && !target.sameOrigin(request.url())) {
            Request.Builder b = request.newBuilder();
            for (String h : CREDENTIAL_HEADERS) {
                b.removeHeader(h);
            }
            if (target.authHeader() != null) {
                b.removeHeader(target.authHeader());
            }
            request = b.build();
        }
        return chain.proceed(request);
    }
}
