package dev.imagegen.internal.http;

import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.InvalidResponseException;
import okhttp3.HttpUrl;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Decides which output URLs may be fetched: https anywhere; plain http only on a loopback host and only when the
 * target allows it (its API base URL is itself loopback, or the user allowed it). The redirect layer applies the same
 * rule to every hop.
 */
final class DownloadGuard {

    private DownloadGuard() {
    }

    /** The parsed URL, or an {@link InvalidResponseException} saying why it is refused. */
    static HttpUrl check(Target target, String url) {
        HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
        if (parsed == null) {
            String scheme = url == null ? "null" : url.contains(":") ? url.substring(0, url.indexOf(':')) : url;
            throw new InvalidResponseException(new Details("refused output URL with scheme '" + scheme
                    + "': only https (or http on loopback for a local emulator) is fetched", target.providerId(), -1, null, null, null), null);
        }
        if (!allowed(target, parsed)) {
            throw new InvalidResponseException(new Details("refused output URL " + parsed.scheme() + "://" + parsed.host()
                    + ": plain http is fetched only from loopback, when the API itself is on loopback or insecure downloads are allowed",
                    target.providerId(), -1, null, null, null), null);
        }
        return parsed;
    }

    static boolean allowed(Target target, HttpUrl url) {
        if (url.isHttps()) {
            return true;
        }
        return target.allowLoopbackHttp() && isLoopback(url.host());
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        // only literal addresses: never resolve a name here
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
