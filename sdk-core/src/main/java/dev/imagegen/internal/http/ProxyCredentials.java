package dev.imagegen.internal.http;

import okhttp3.Authenticator;
import okhttp3.Challenge;
import okhttp3.Credentials;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

import java.net.PasswordAuthentication;

/**
 * Answers the proxy's 407 with {@code Proxy-Authorization: Basic}, once: a proxy that refuses the credentials gets
 * no second try, and the caller gets the 407. For an https request OkHttp asks before opening the tunnel
 * (preemptively), so the CONNECT carries them and the request inside the tunnel never does. The header goes only to
 * the proxy: a server that is not the configured HTTP proxy answering 407 makes OkHttp fail the call.
 */
final class ProxyCredentials implements Authenticator {

    private final PasswordAuthentication credentials;

    ProxyCredentials(PasswordAuthentication credentials) {
        this.credentials = credentials;
    }

    @Override
    public Request authenticate(Route route, Response response) {
        if (response.request().header("Proxy-Authorization") != null) {
            return null;
        }
        for (Challenge c : response.challenges()) {
            if (c.scheme().equalsIgnoreCase("Basic") || c.scheme().equalsIgnoreCase("OkHttp-Preemptive")) {
                String value = Credentials.basic(credentials.getUserName(), new String(credentials.getPassword()), c.charset());
                return response.request().newBuilder().header("Proxy-Authorization", value).build();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ProxyCredentials{" + credentials.getUserName() + ":***}";
    }
}
