package dev.imagegen.internal;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An output stream that grows in chunks instead of doubling one array (as {@code ByteArrayOutputStream} does), so
 * collecting N bytes allocates about N plus the final exact-size copy, not 3N.
 */
public final class ChunkedOutput extends OutputStream {

    private static final int MIN_CHUNK = 8 * 1024;
    private static final int MAX_CHUNK = 4 * 1024 * 1024;

    private final List<byte[]> full = new ArrayList<>();
    private byte[] current;
    private int pos;
    private long size;

    /** A buffer expecting about {@code sizeHint} bytes (0 when unknown). */
    public ChunkedOutput(long sizeHint) {
        current = new byte[(int) Math.max(MIN_CHUNK, Math.min(sizeHint, Integer.MAX_VALUE - 16))];
    }

    @Override
    public void write(int b) {
        if (pos == current.length) {
            grow();
        }
        current[pos++] = (byte) b;
        size++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (pos == current.length) {
                grow();
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(b, off, current, pos, n);
            pos += n;
            off += n;
            len -= n;
            size += n;
        }
    }

    private void grow() {
        full.add(current);
        current = new byte[(int) Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, size / 2))];
        pos = 0;
    }

    /** Bytes written so far. */
    public long size() {
        return size;
    }

    /** The bytes as one array; when everything fit in the first chunk exactly, that chunk itself. */
    public byte[] toByteArray() {
        if (full.isEmpty() && pos == current.length) {
            return current;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("image larger than 2 GiB");
        }
        byte[] out = new byte[(int) size];
        int o = 0;
        for (byte[] c : full) {
            System.arraycopy(c, 0, out, o, c.length);
            o += c.length;
        }
        System.arraycopy(current, 0, out, o, pos);
        return out;
    }
}
