package dev.imagegen.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The User-Agent every request carries: {@code imagegen-java/<version>}, the version this jar was built as (Maven
 * writes it into {@code dev/imagegen/internal/version.properties}), followed by the application's suffix when it gave
 * one. Vendors see which SDK release sent a request, so its behaviour can be traced to a release.
 */
public final class UserAgent {

    /** The version of this build of the SDK. */
    public static final String VERSION = readVersion();

    private UserAgent() {
    }

    /** {@code imagegen-java/<version>}, then {@code " " + suffix} unless it is null. */
    public static String of(String suffix) {
        // concat, not +: no indy bootstrap on a fresh JVM's first request
        String ua = "imagegen-java/".concat(VERSION);
        return suffix == null ? ua : ua.concat(" ").concat(suffix);
    }

    /**
     * The filtered version; {@code unknown} when the resource is missing or unfiltered (classes compiled outside Maven,
     * e.g. by an IDE without resource filtering): a wrong User-Agent must not stop a client. UserAgentTest checks the
     * build fills it in.
     */
    private static String readVersion() {
        try (InputStream in = UserAgent.class.getResourceAsStream("/dev/imagegen/internal/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").trim();
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
