package dev.imagegen.internal.http;

import okhttp3.Dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The resolver of output downloads for a provider whose outputs must not be local: a name that resolves only to
 * loopback, link-local or private addresses is refused (the rest are kept), so an answer cannot point the SDK at a
 * service on the user's own network through a name instead of a literal address.
 */
final class OutputDns implements Dns {

    private final Dns resolver;

    /** {@code resolver}: the client's resolver (the system's, or the user's), whose answers are filtered. */
    OutputDns(Dns resolver) {
        this.resolver = resolver;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        List<InetAddress> all = resolver.lookup(hostname);
        List<InetAddress> public_ = all.stream().filter(a -> !LocalAddresses.isLocal(a)).toList();
        if (public_.isEmpty()) {
            throw new UnknownHostException("refused output host " + hostname + ": it resolves only to local addresses "
                    + "(loopback, link-local or private), which outputs may use only when the API does, or when the client "
                    + "allows insecure downloads");
        }
        return public_;
    }
}
