package dev.imagegen.internal.http;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

/**
 * Turns the key stores of {@code HttpOptions} into what a TLS connection needs: the trust manager of a trust store,
 * the key managers of a client certificate's store (its password is used here and not kept), and the SSL context of
 * both. Errors say which store is wrong and why, never a password.
 */
public final class TlsMaterial {

    private TlsMaterial() {
    }

    /** The X.509 trust manager that trusts exactly the certificates of {@code store}; null: the JDK's default CAs. */
    public static X509TrustManager trustManager(KeyStore store) {
        try {
            if (store != null && Collections.list(store.aliases()).stream().noneMatch(a -> isCertificate(store, a))) {
                throw new IllegalArgumentException("trustStore holds no certificate: it would trust no server");
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK's " + f.getAlgorithm() + " trust manager factory made no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("trustStore cannot be used: " + e, e);
        }
    }

    /** The key managers presenting the private key and certificate chain of {@code store}. */
    public static KeyManager[] keyManagers(KeyStore store, char[] password) {
        try {
            if (Collections.list(store.aliases()).stream().noneMatch(a -> isKey(store, a))) {
                throw new IllegalArgumentException("the client certificate's key store holds no private key entry");
            }
            KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            f.init(store, password);
            return f.getKeyManagers();
        } catch (GeneralSecurityException e) {
            // e.g. UnrecoverableKeyException for a wrong password; its message holds no password
            throw new IllegalArgumentException("the client certificate's key store cannot be unlocked: " + e, e);
        }
    }

    /** A TLS context with these key managers (null: no client certificate) and trust manager. */
    public static SSLContext context(KeyManager[] keyManagers, X509TrustManager trust) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, new TrustManager[] {trust}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("no TLS context for these key stores: " + e, e);
        }
    }

    private static boolean isCertificate(KeyStore store, String alias) {
        try {
            return store.isCertificateEntry(alias) || store.getCertificate(alias) != null;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
