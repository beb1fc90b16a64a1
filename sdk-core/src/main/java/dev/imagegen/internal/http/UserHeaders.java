package dev.imagegen.internal.http;

import dev.imagegen.RequestHeaders;
import dev.imagegen.internal.Logs;
import dev.imagegen.spi.AuthScheme;
import okhttp3.Request;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The user's {@link RequestHeaders} hook, applied to every hop after the provider's headers and the credential: it may
 * add headers, never replace one. Names it may not set are the credential headers (whether or not this hop carries
 * the credential: a trace header is no way to smuggle a key to another origin), the provider's own, and those the
 * transport owns; such a header is dropped (logged at DEBUG). A hook that throws adds nothing to that hop and is
 * logged at WARN; the request goes on.
 */
final class UserHeaders {


    /** Set by OkHttp or the core from the request itself: overriding them would break framing or decoding. */
    private static final List<String> TRANSPORT_HEADERS = List.of("Host", "Content-Length", "Content-Type",
            "Transfer-Encoding", "Connection", "Accept-Encoding", "User-Agent");

    private final RequestHeaders hook;

    /** {@code hook}: null for none. */
    UserHeaders(RequestHeaders hook) {
        this.hook = hook;
    }

    void apply(Exchange<?> x, RedirectLayer.Hop hop, Request.Builder b) {
        if (hook == null) {
            return;
        }
        Target t = x.target();
        RequestHeaders.OutgoingRequest out = new RequestHeaders.OutgoingRequest(x.op().id(), x.providerId(),
                x.request().operation(), hop.method(), t.withoutCredential(hop.url()).toString());
        List<String[]> added = new ArrayList<>(2);
        try {
            hook.addTo(out, (name, value) -> added.add(new String[] {name, value}));
        } catch (RuntimeException e) {
            Logs.HTTP.warn("request headers hook {} threw on {} {} {}; no headers added: {}", hook.getClass().getName(),
                    x.providerId(), x.request().operation(), hop.method(), e.toString());
            return;
        }
        Set<String> taken = taken(x);
        for (String[] h : added) {
            if (h[0] == null || h[1] == null || taken.contains(h[0])) {
                Logs.HTTP.debug("request headers hook: header {} ignored on {} {}", h[0], x.providerId(), x.request().operation());
                continue;
            }
            try {
                b.addHeader(h[0], h[1]);
            } catch (IllegalArgumentException e) {
                // OkHttp's message quotes the value; a hook's value is not a secret of ours, but keep the log small
                Logs.HTTP.warn("request headers hook: header {} ignored on {} {}: not a valid header name or value", h[0],
                        x.providerId(), x.request().operation());
            }
        }
    }

    /** Case-insensitive names the hook may not set on this exchange. */
    private static Set<String> taken(Exchange<?> x) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(CredentialLayer.CREDENTIAL_HEADERS);
        names.addAll(TRANSPORT_HEADERS);
        if (x.target().auth().placement() == AuthScheme.Placement.HEADER) {
            names.add(x.target().auth().name());
        }
        x.request().headers().forEach(h -> names.add(h.getKey()));
        return names;
    }
}
