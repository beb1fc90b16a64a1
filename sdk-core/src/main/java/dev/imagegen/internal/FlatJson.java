package dev.imagegen.internal;

import java.util.Map;

/**
 * A flat JSON object of string, integer and boolean fields written straight into one array of its exact length, byte
 * for byte what {@link Json#MAPPER} writes for the same map: UTF-8, non-ASCII characters (and surrogate pairs, as one
 * 4-byte sequence) unescaped; {@code "}, {@code \} and {@code \b \t \n \f \r} escaped. A body is built on every
 * request, and a Jackson tree and its serialisation cost about a kilobyte of short-lived objects; this costs the
 * array. Strings that would need another escape (other control characters, an unpaired surrogate) are refused
 * ({@link #of} returns null) so that the caller falls back to Jackson and its exact output. Used by
 * {@code WireBody.json(Map)}.
 */
public final class FlatJson {

    private FlatJson() {
    }

    /**
     * The object of {@code fields}, in the map's order, each value a {@link String}, an {@link Integer}, a
     * {@link Long} or a {@link Boolean}, written as Jackson writes them; or null when a string needs an escape this
     * writer does not write, or a value is of another type (a double, null, an option's structure).
     */
    public static byte[] of(Map<String, ?> fields) {
        int length = 2 + Math.max(0, fields.size() - 1); // braces and commas
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            int name = stringLength(e.getKey());
            int value = valueLength(e.getValue());
            if (name < 0 || value < 0) {
                return null;
            }
            length += name + 1 + value;
        }
        byte[] out = new byte[length];
        int at = 0;
        out[at++] = '{';
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (at > 1) {
                out[at++] = ',';
            }
            at = writeString(out, at, e.getKey());
            out[at++] = ':';
            Object v = e.getValue();
            if (v instanceof String s) {
                at = writeString(out, at, s);
            } else if (v instanceof Boolean b) {
                at = writeAscii(out, at, b ? "true" : "false");
            } else {
                at = writeLong(out, at, ((Number) v).longValue());
            }
        }
        out[at] = '}';
        return out;
    }

    private static int valueLength(Object v) {
        if (v instanceof String s) {
            return stringLength(s);
        }
        if (v instanceof Integer || v instanceof Long) {
            return digits(((Number) v).longValue());
        }
        if (v instanceof Boolean b) {
            return b ? 4 : 5;
        }
        return -1;
    }

    private static int writeAscii(byte[] out, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            out[at++] = (byte) s.charAt(i);
        }
        return at;
    }

    /** The bytes of {@code s} as a JSON string, quotes included; -1 when it needs an escape not written here. */
    private static int stringLength(String s) {
        int n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c < 0x20) {
                    if (shortEscape(c) == 0) {
                        return -1;
                    }
                    n += 2;
                } else {
                    n += c == '"' || c == '\\' ? 2 : 1;
                }
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return -1;
                }
                i++;
                n += 4;
            } else if (Character.isLowSurrogate(c)) {
                return -1;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static int writeString(byte[] out, int at, String s) {
        out[at++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c < 0x20) {
                    out[at++] = '\\';
                    out[at++] = (byte) shortEscape(c);
                } else if (c == '"' || c == '\\') {
                    out[at++] = '\\';
                    out[at++] = (byte) c;
                } else {
                    out[at++] = (byte) c;
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xc0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[at++] = (byte) (0xf0 | (cp >> 18));
                out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                out[at++] = (byte) (0x80 | (cp & 0x3f));
            } else {
                out[at++] = (byte) (0xe0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        out[at++] = '"';
        return at;
    }

    /** The letter Jackson escapes a control character with ({@code \n} and the like), or 0 for a {@code \}{@code u} escape. */
    private static char shortEscape(char c) {
        return switch (c) {
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
        };
    }

    private static int digits(long v) {
        if (v == Long.MIN_VALUE) {
            return 20;
        }
        int n = v < 0 ? 2 : 1;
        for (long x = Math.abs(v); x >= 10; x /= 10) {
            n++;
        }
        return n;
    }

    private static int writeLong(byte[] out, int at, long v) {
        int end = at + digits(v);
        if (v == Long.MIN_VALUE) {
            return writeAscii(out, at, "-9223372036854775808");
        }
        if (v < 0) {
            out[at] = '-';
            v = -v;
        }
        int p = end;
        do {
            out[--p] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v > 0);
        return end;
    }
}
