package dev.imagegen.internal;

import java.io.OutputStream;
import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Collects bytes of unknown length (a base64 image being decoded, a body without Content-Length) in fixed 256 KiB
 * chunks borrowed from a small shared pool, then copies them once into an array of the exact size and returns the
 * chunks. Collecting N bytes therefore allocates about N (the result), not the 2N to 3N of growing one array as
 * {@code ByteArrayOutputStream} does, or of fresh chunks plus the final copy.
 *
 * <p>The pool keeps at most {@value #POOL_CHUNKS} chunks (32 MiB) behind soft references, so the collector can take
 * them back under memory pressure. Call {@link #toByteArray()} once, or {@link #close()} on failure; either returns
 * the chunks, after which the stream must not be used.
 */
public final class ChunkedOutput extends OutputStream {

    static final int CHUNK = 256 * 1024;
    static final int POOL_CHUNKS = 128;

    private static final ConcurrentLinkedQueue<SoftReference<byte[]>> POOL = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger POOLED = new AtomicInteger();

    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int pos;
    private long size;
    private boolean released;

    /** An empty buffer. */
    public ChunkedOutput() {
    }

    /** An empty buffer; the hint is no longer needed (chunks are pooled) and kept for callers that pass one. */
    public ChunkedOutput(long sizeHint) {
        this();
    }

    @Override
    public void write(int b) {
        if (current == null || pos == current.length) {
            grow();
        }
        current[pos++] = (byte) b;
        size++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (current == null || pos == current.length) {
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
        if (released) {
            throw new IllegalStateException("ChunkedOutput used after toByteArray()/close()");
        }
        if (size + CHUNK > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("image larger than 2 GiB");
        }
        current = borrow();
        chunks.add(current);
        pos = 0;
    }

    /** Bytes written so far. */
    public long size() {
        return size;
    }

    /** The bytes as one new array of the exact size; returns the chunks to the pool. */
    public byte[] toByteArray() {
        if (released) {
            throw new IllegalStateException("ChunkedOutput used after toByteArray()/close()");
        }
        byte[] out = new byte[(int) size];
        int o = 0;
        for (byte[] c : chunks) {
            int n = (int) Math.min(c.length, size - o);
            System.arraycopy(c, 0, out, o, n);
            o += n;
        }
        close();
        return out;
    }

    /** Returns the chunks to the pool; safe to call more than once. */
    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        for (byte[] c : chunks) {
            giveBack(c);
        }
        chunks.clear();
        current = null;
    }

    private static byte[] borrow() {
        SoftReference<byte[]> ref;
        while ((ref = POOL.poll()) != null) {
            POOLED.decrementAndGet();
            byte[] c = ref.get();
            if (c != null) {
                return c;
            }
        }
        return new byte[CHUNK];
    }

    private static void giveBack(byte[] chunk) {
        if (POOLED.incrementAndGet() <= POOL_CHUNKS) {
            POOL.offer(new SoftReference<>(chunk));
        } else {
            POOLED.decrementAndGet();
        }
    }
}
