package dev.imagegen.provider.segmind;

/**
 * A flat JSON object of string and integer fields written straight into one array of its exact length, byte for byte
 * what the SDK's Jackson mapper writes for the same tree: UTF-8, non-ASCII characters (and surrogate pairs, as one
 * 4-byte sequence) unescaped; {@code "}, {@code \} and {@code \b \t \n \f \r} escaped. A body is built on every request,
 * and a Jackson tree and its serialisation cost about a kilobyte of short-lived objects; this costs the array.
 * Strings that would need another escape (other control characters, an unpaired surrogate) are refused
 * ({@link #of} returns null) so that the caller falls back to Jackson and its exact output.
 */
final class FlatJson {

    private FlatJson() {
    }

    /**
     * The object of {@code fields}: name, value pairs in order, each value a {@link String} or a {@link Number}
     * written with {@code toString} of an integer ({@link Integer} or {@link Long}); or null when a string needs an
     * escape this writer does not write, or a value is of another type.
     */
    static byte[] of(Object... fields) {
        int length = 2 + (fields.length / 2 - 1); // braces and commas
        for (int i = 0; i < fields.length; i += 2) {
            int name = stringLength((String) fields[i]);
            int value = fields[i + 1] instanceof String s ? stringLength(s)
                    : fields[i + 1] instanceof Integer || fields[i + 1] instanceof Long ? digits(((Number) fields[i + 1]).longValue())
                    : -1;
            if (name < 0 || value < 0) {
                return null;
            }
            length += name + 1 + value;
        }
        byte[] out = new byte[length];
        int at = 0;
        out[at++] = '{';
        for (int i = 0; i < fields.length; i += 2) {
            if (i > 0) {
                out[at++] = ',';
            }
            at = writeString(out, at, (String) fields[i]);
            out[at++] = ':';
            at = fields[i + 1] instanceof String s ? writeString(out, at, s) : writeLong(out, at, ((Number) fields[i + 1]).longValue());
        }
        out[at] = '}';
        return out;
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
            byte[] min = "-9223372036854775808".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(min, 0, out, at, min.length);
            return end;
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
