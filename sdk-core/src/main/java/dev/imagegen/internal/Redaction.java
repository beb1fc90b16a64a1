package dev.imagegen.internal;

/** The one redaction function: how a secret shows in logs, messages and toString(). */
public final class Redaction {

    private Redaction() {
    }

    /** How any secret shows: {@code "***"}, whatever its length (nothing of it is revealed). */
    public static String secret(String value) {
        return value == null ? "null" : "***";
    }

    /** Replaces every occurrence of each secret in {@code text}. */
    public static String scrub(String text, Iterable<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            if (s != null && s.length() >= 4) {
                out = out.replace(s, "***");
            }
        }
        return out;
    }
}
