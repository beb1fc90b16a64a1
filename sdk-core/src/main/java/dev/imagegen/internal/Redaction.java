package dev.imagegen.internal;

/** The one redaction function: how a secret shows in logs, messages and toString(). */
public final class Redaction {

    private Redaction() {
    }

    /** How any secret shows: {@code "***"}, whatever its length (nothing of it is revealed). */
    public static String secret(String value) {
        return value == null ? "null" : "***";
    }
}
