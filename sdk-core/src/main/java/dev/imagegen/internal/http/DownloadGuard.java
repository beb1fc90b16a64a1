package dev.imagegen.internal.http;

import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.InvalidResponseException;
import okhttp3.HttpUrl;


/**
 * Decides which output URLs may be fetched: https on public hosts; local hosts (loopback, link-local, private; see
 * {@link LocalAddresses}) and plain http on a loopback host only when the target trusts local outputs (its API is
 * itself local, as an emulator is, or the user allowed it). The redirect layer applies the same rule to every hop, and
 * {@link OutputDns} to what a name resolves to.
 */
final class DownloadGuard {

    private DownloadGuard() {
    }

    /** The parsed URL, or an {@link InvalidResponseException} saying why it is refused. */
    static HttpUrl check(Target target, String url) {
        return check(target, url, null);
    }

    /** As {@link #check(Target, String)}, with {@code url} already parsed as {@code parsed} (null: parse it here). */
    static HttpUrl check(Target target, String url, HttpUrl parsedAlready) {
        HttpUrl parsed = parsedAlready != null ? parsedAlready : url == null ? null : HttpUrl.parse(url);
        if (parsed == null) {
            String scheme = url == null ? "null" : url.contains(":") ? url.substring(0, url.indexOf(':')) : url;
            throw new InvalidResponseException(new Details("refused output URL with scheme '" + scheme
                    + "': only https (or http on loopback for a local emulator) is fetched", target.providerId(), -1, null, null, null), null);
        }
        if (!allowed(target, parsed)) {
            String why = !target.trustLocalOutputs() && LocalAddresses.isLocal(parsed.host())
                    ? ": a local address (loopback, link-local or private) is fetched only when the API itself is local or insecure downloads are allowed"
                    : ": plain http is fetched only from loopback, when the API itself is local or insecure downloads are allowed";
            throw new InvalidResponseException(new Details("refused output URL " + parsed.scheme() + "://" + parsed.host() + why,
                    target.providerId(), -1, null, null, null), null);
        }
        return parsed;
    }

    static boolean allowed(Target target, HttpUrl url) {
        if (!target.trustLocalOutputs() && LocalAddresses.isLocal(url.host())) {
            return false;
        }
        return url.isHttps() || target.trustLocalOutputs() && LocalAddresses.isLoopback(url.host());
    }
}
