package dev.imagegen.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Tracks JSON structure (strings, escapes, objects, arrays) and, at the start of each string value, drops a
 * {@code data:image/<subtype>;base64,} prefix. Keys and other strings pass unchanged. Works on blocks: inside a
 * string (where a multi-megabyte base64 image spends all its bytes) it only looks for the closing quote and
 * backslashes, and copies the rest with {@code System.arraycopy}.
 */
final class DataUriStripper extends InputStream implements Base64Images.Unreadable {
    private static final byte[] HEAD = "data:image/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = ";base64,".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_PREFIX = 80;

    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private final byte[] one = new byte[1];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean inString;
    private boolean escape;
    // per nesting level: true = object; 256 levels is far deeper than any vendor response
    private final boolean[] objectStack = new boolean[256];
    private int depth;
    private boolean expectKey;

    private byte[] back;
    private int backPos;

    DataUriStripper(InputStream in) {
        this.in = in;
    }

    /** Bytes given back are returned again as they are: the state machine has already seen them. */
    @Override
    public void unread(byte[] b, int off, int len) {
        back = Base64Images.Unreads.prepend(back, backPos, b, off, len);
        backPos = 0;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (back != null) {
            int k = Math.min(len, back.length - backPos);
            System.arraycopy(back, backPos, b, off, k);
            backPos += k;
            if (backPos == back.length) {
                back = null;
            }
            return k;
        }
        int n = 0;
        while (n < len) {
            if (pos >= limit) {
                // return what is here rather than block for more
                if (n > 0 || !fill()) {
                    break;
                }
            }
            if (inString) {
                int end = Math.min(limit, pos + (len - n));
                int i = pos;
                if (escape) {
                    escape = false;
                    i++;
                }
                while (i < end) {
                    byte x = buf[i];
                    if (x == '"') {
                        inString = false;
                        i++;
                        break;
                    }
                    if (x == '\\') {
                        if (i + 1 < end) {
                            i += 2;
                            continue;
                        }
                        escape = true;
                        i++;
                        break;
                    }
                    i++;
                }
                int k = Math.min(i, end);
                System.arraycopy(buf, pos, b, off + n, k - pos);
                n += k - pos;
                pos = k;
                continue;
            }
            byte c = buf[pos++];
            b[off + n++] = c;
            switch (c) {
                case '{' -> push(true);
                case '[' -> push(false);
                case '}', ']' -> {
                    if (depth > 0) {
                        depth--;
                    }
                    expectKey = false;
                }
                case ',' -> expectKey = depth > 0 && depth <= objectStack.length && objectStack[depth - 1];
                case ':' -> expectKey = false;
                case '"' -> {
                    inString = true;
                    boolean isKey = expectKey;
                    expectKey = false;
                    if (!isKey) {
                        skipPrefix();
                    }
                }
                default -> {
                }
            }
        }
        return n == 0 ? -1 : n;
    }

    private void push(boolean object) {
        if (depth < objectStack.length) {
            objectStack[depth] = object;
        }
        depth++;
        expectKey = object;
    }

    /** Refills an empty buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        pos = 0;
        limit = 0;
        int r;
        do {
            r = in.read(buf, 0, buf.length);
        } while (r == 0);
        if (r < 0) {
            eof = true;
            return false;
        }
        limit = r;
        return true;
    }

    /** At the start of a string value: skips a data-URI prefix when the next bytes are one. */
    private void skipPrefix() throws IOException {
        if (limit - pos <= MAX_PREFIX && !eof) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
            while (limit <= MAX_PREFIX) {
                int r = in.read(buf, limit, buf.length - limit);
                if (r < 0) {
                    eof = true;
                    break;
                }
                limit += r;
            }
        }
        int avail = limit - pos;
        if (avail < HEAD.length + TAIL.length + 1) {
            return;
        }
        for (int i = 0; i < HEAD.length; i++) {
            if (buf[pos + i] != HEAD[i]) {
                return;
            }
        }
        int max = Math.min(avail, MAX_PREFIX);
        for (int i = HEAD.length; i < max; i++) {
            int x = buf[pos + i];
            if (x == ',') {
                int n = i + 1;
                if (endsWithTail(n)) {
                    pos += n; // matched: drop the prefix
                }
                return;
            }
            if (!(Character.isLetterOrDigit(x) || x == '.' || x == '+' || x == '-' || x == ';' || x == '=')) {
                return;
            }
        }
    }

    private boolean endsWithTail(int n) {
        if (n < HEAD.length + TAIL.length + 1) {
            return false;
        }
        for (int i = 0; i < TAIL.length; i++) {
            if (buf[pos + n - TAIL.length + i] != TAIL[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int available() {
        return back != null ? back.length - backPos : limit - pos;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        long k = 0;
        while (k < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - k));
            if (r < 0) {
                break;
            }
            k += r;
        }
        return k;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
