package dev.imagegen.internal.http;

import okhttp3.Dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Function;

/**
 * The user's resolver ({@code HttpOptions.dns}) as OkHttp's {@link Dns}: no address, or an exception, is an
 * {@link UnknownHostException}, the failure the pipeline already classifies as a connection error (nothing was sent).
 */
final class UserDns implements Dns {

    private final Function<String, List<InetAddress>> resolver;

    UserDns(Function<String, List<InetAddress>> resolver) {
        this.resolver = resolver;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        List<InetAddress> found;
        try {
            found = resolver.apply(hostname);
        } catch (RuntimeException e) {
            UnknownHostException u = new UnknownHostException(hostname + ": the configured resolver failed: " + e);
            u.initCause(e);
            throw u;
        }
        // an immutable list's contains(null) throws; and anything but an IOException would escape OkHttp's handling
        if (found == null || found.isEmpty() || found.stream().anyMatch(java.util.Objects::isNull)) {
            throw new UnknownHostException(hostname + ": the configured resolver found no address");
        }
        return List.copyOf(found);
    }
}
