package dev.imagegen.internal;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Streaming base64 decoding of inline images: padded or not, with or without a {@code data:} URI prefix. */
public final class Base64Images {

    /** Accepts padded and unpadded input. */
    static final Base64Variant LENIENT = Base64Variants.MIME_NO_LINEFEEDS
            .withReadPadding(Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);

    private Base64Images() {
    }

    /** Decodes the string at the parser's current token without building it as a String. */
    public static byte[] read(JsonParser parser) throws IOException {
        ChunkedOutput out = new ChunkedOutput(64 * 1024);
        try {
            parser.readBinaryValue(LENIENT, out);
        } catch (IllegalArgumentException e) {
            // Jackson reports bad base64 characters unchecked; it is malformed input like any other
            throw new java.io.IOException("invalid base64 image data: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** Decodes a String (padded or not, data: prefix or not, whitespace ignored). */
    public static byte[] decode(String text) {
        String t = text.strip();
        if (t.startsWith("data:")) {
            int comma = t.indexOf(',');
            if (comma < 0 || !t.substring(0, comma).endsWith(";base64")) {
                throw new IllegalArgumentException("not a base64 data URI");
            }
            t = t.substring(comma + 1);
        }
        return Base64.getMimeDecoder().decode(t.getBytes(StandardCharsets.US_ASCII));
    }

    /** See {@link dev.imagegen.spi.ImageData#withoutDataUriPrefixes(InputStream)}. */
    public static InputStream stripDataUriPrefixes(InputStream in) {
        return new DataUriStripper(in);
    }

    /**
     * Tracks JSON structure byte by byte (strings, escapes, objects, arrays) and, at the start of each string value,
     * drops a {@code data:image/<subtype>;base64,} prefix. Keys and other strings pass unchanged.
     */
    static final class DataUriStripper extends FilterInputStream {
        private static final byte[] HEAD = "data:image/".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] TAIL = ";base64,".getBytes(StandardCharsets.US_ASCII);
        private static final int MAX_PREFIX = 80;

        private final byte[] pending = new byte[MAX_PREFIX + 1];
        private int pendingPos;
        private int pendingLen;
        private boolean inString;
        private boolean escape;
        // per nesting level: true = object; 64 levels is far deeper than any vendor response
        private final boolean[] objectStack = new boolean[256];
        private int depth;
        private boolean expectKey;

        DataUriStripper(InputStream in) {
            super(new java.io.BufferedInputStream(in, 64 * 1024));
        }

        @Override
        public int read() throws IOException {
            if (pendingPos < pendingLen) {
                return pending[pendingPos++] & 0xff;
            }
            int c = in.read();
            if (c < 0) {
                return c;
            }
            if (inString) {
                if (escape) {
                    escape = false;
                } else if (c == '\\') {
                    escape = true;
                } else if (c == '"') {
                    inString = false;
                }
                return c;
            }
            switch (c) {
                case '{' -> push(true);
                case '[' -> push(false);
                case '}', ']' -> {
                    if (depth > 0) {
                        depth--;
                    }
                    expectKey = false;
                }
                case ',' -> expectKey = depth > 0 && objectStack[depth - 1];
                case ':' -> expectKey = false;
                case '"' -> {
                    inString = true;
                    boolean isKey = expectKey;
                    expectKey = false;
                    if (!isKey) {
                        lookAhead();
                    }
                }
                default -> {
                }
            }
            return c;
        }

        private void push(boolean object) {
            if (depth < objectStack.length) {
                objectStack[depth] = object;
            }
            depth++;
            expectKey = object;
        }

        /** Reads up to the prefix's length; keeps what follows the prefix if it matched, else everything read. */
        private void lookAhead() throws IOException {
            int n = 0;
            pendingPos = 0;
            pendingLen = 0;
            while (n < MAX_PREFIX) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                pending[n++] = (byte) b;
                if (n <= HEAD.length) {
                    if (b != HEAD[n - 1]) {
                        break;
                    }
                    continue;
                }
                if (b == ',') {
                    if (endsWithTail(n)) {
                        n = 0; // matched: drop the prefix
                    }
                    break;
                }
                if (!(Character.isLetterOrDigit(b) || b == '.' || b == '+' || b == '-' || b == ';' || b == '=')) {
                    break;
                }
            }
            pendingLen = n;
            // whatever was read stays inside the string; the last byte may be a closing quote or an escape
            for (int i = 0; i < n; i++) {
                int b = pending[i];
                if (escape) {
                    escape = false;
                } else if (b == '\\') {
                    escape = true;
                } else if (b == '"') {
                    // a quote ends the look-ahead, so it is always the last byte read
                    inString = false;
                }
            }
        }

        private boolean endsWithTail(int n) {
            if (n < HEAD.length + TAIL.length + 1) {
                return false;
            }
            for (int i = 0; i < TAIL.length; i++) {
                if (pending[n - TAIL.length + i] != TAIL[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int i = 0;
            while (i < len) {
                int c = read();
                if (c < 0) {
                    return i == 0 ? -1 : i;
                }
                b[off + i++] = (byte) c;
                // return what is here rather than block for more
                if (pendingPos >= pendingLen && in.available() == 0) {
                    break;
                }
            }
            return i;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = 0;
            while (k < n && read() >= 0) {
                k++;
            }
            return k;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
