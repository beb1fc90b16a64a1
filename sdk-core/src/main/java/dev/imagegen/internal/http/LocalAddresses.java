package dev.imagegen.internal.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which hosts are local: {@code localhost} and literal addresses that are loopback, link-local (169.254/16, where cloud
 * metadata services answer), private (10/8, 172.16/12, 192.168/16, fc00::/7) or unspecified. Names are never resolved
 * here; {@link OutputDns} checks what a name resolves to when it is connected.
 */
public final class LocalAddresses {

    /** How a name under {@code localhost} ends, in any case. */
    private static final String SUBDOMAIN = ".localhost";

    private LocalAddresses() {
    }

    /** Whether {@code host} is {@code localhost} or a literal local address. */
    public static boolean isLocal(String host) {
        if (host.equalsIgnoreCase("localhost") || host.regionMatches(true, host.length() - SUBDOMAIN.length(), SUBDOMAIN, 0,
                SUBDOMAIN.length())) {
            return true;
        }
        if (!isLiteral(host)) {
            return false;
        }
        try {
            return isLocal(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether {@code a} is loopback, link-local, private (site-local or unique-local) or unspecified. */
    static boolean isLocal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        return b.length == 16 && (b[0] & 0xfe) == 0xfc; // IPv6 unique local addresses, fc00::/7
    }

    /** Whether {@code host} is a literal loopback address or {@code localhost}. */
    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!isLiteral(host)) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Only literal addresses: a name is never resolved here. */
    private static boolean isLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true; // IPv6
        }
        // digits and dots, as [0-9.]+ (a loop: String.matches compiles the regex on every download)
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return !host.isEmpty();
    }
}
