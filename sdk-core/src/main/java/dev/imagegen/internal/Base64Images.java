package dev.imagegen.internal;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;

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

    /**
     * A stream that can take back bytes it handed out; they are read again, unchanged, before anything else. Parsers
     * created over such a stream let {@link #read(JsonParser)} decode straight from the raw bytes.
     */
    public interface Unreadable {
        /** Puts {@code len} bytes back in front of the stream. */
        void unread(byte[] b, int off, int len);
    }

    /** {@code in}, able to take bytes back (see {@link Unreadable}); for the streams JSON parsers are created over. */
    public static InputStream unreadable(InputStream in) {
        return in instanceof Unreadable ? in : new PushbackBody(in);
    }

    /**
     * Decodes the string at the parser's current token without building it as a String.
     *
     * <p>When the parser reads an {@link Unreadable} stream and has not yet read the string (the usual case: called
     * right after {@code nextToken()}), the base64 text is decoded straight from the raw bytes, a block at a time, with
     * {@link java.util.Base64}: several times faster than Jackson's char-by-char {@code readBinaryValue}. The bytes
     * after the closing quote go back to the stream, so the parser carries on as if it had skipped the string itself.
     */
    public static byte[] read(JsonParser parser) throws IOException {
        if (parser.getInputSource() instanceof Unreadable
                && parser.currentToken() == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
            long token = parser.currentTokenLocation().getByteOffset();
            long now = parser.currentLocation().getByteOffset();
            if (token >= 0 && now == token + 1) {
                byte[] direct = readDirect(parser);
                if (direct != null) {
                    return direct;
                }
            }
        }
        ChunkedOutput out = new ChunkedOutput();
        try {
            parser.readBinaryValue(LENIENT, out);
            return out.toByteArray();
        } catch (IllegalArgumentException e) {
            // Jackson reports bad base64 characters unchecked; it is malformed input like any other
            throw new java.io.IOException("invalid base64 image data: " + e.getMessage(), e);
        } finally {
            out.close();
        }
    }

    /** The fast path of {@link #read}; null when the parser cannot hand back its buffer (nothing consumed then). */
    private static byte[] readDirect(JsonParser parser) throws IOException {
        Scratch scratch = Scratch.borrow();
        try {
            Released released = scratch.released;
            if (parser.releaseBuffered(released) < 0) {
                return null;
            }
            InputStream in = (InputStream) parser.getInputSource();
            try (DirectDecoder d = new DirectDecoder(scratch)) {
                int q = d.feed(released.bytes(), 0, released.size());
                if (q >= 0) {
                    ((Unreadable) in).unread(released.bytes(), q, released.size() - q);
                    return d.finish();
                }
                byte[] block = scratch.block;
                while (true) {
                    int n = in.read(block, 0, block.length);
                    if (n < 0) {
                        throw new java.io.EOFException("the JSON ended inside a base64 image string");
                    }
                    q = d.feed(block, 0, n);
                    if (q >= 0) {
                        ((Unreadable) in).unread(block, q, n - q);
                        return d.finish();
                    }
                }
            }
        } finally {
            scratch.giveBack();
        }
    }

    /** What the parser had buffered past the opening quote. */
    private static final class Released extends java.io.ByteArrayOutputStream {
        Released() {
            super(8192);
        }

        byte[] bytes() {
            return buf;
        }
    }

    /**
     * The direct decoder's scratch arrays (about 184 KiB), reused across decodes: allocated fresh for every image they
     * were most of what a small image cost (5x a 16 KiB image). Nothing in them outlives a decode: decoded bytes are
     * copied out and {@link Unreadable#unread} copies what it takes back. A few sets are kept, behind soft references
     * (each set holds its own, so returning one allocates nothing) that the collector may clear under memory pressure.
     */
    static final class Scratch {
        private static final int KEPT = 8;
        private static final java.util.concurrent.atomic.AtomicReferenceArray<java.lang.ref.SoftReference<Scratch>> POOL =
                new java.util.concurrent.atomic.AtomicReferenceArray<>(KEPT);

        final byte[] staging = new byte[64 * 1024];
        final byte[] decoded = new byte[48 * 1024];
        final byte[] block = new byte[64 * 1024];
        final Released released = new Released();
        private final java.lang.ref.SoftReference<Scratch> self = new java.lang.ref.SoftReference<>(this);

        /** A free set from the pool, or a new one. */
        static Scratch borrow() {
            for (int i = 0; i < KEPT; i++) {
                java.lang.ref.SoftReference<Scratch> ref = POOL.getAndSet(i, null);
                Scratch s = ref == null ? null : ref.get();
                if (s != null) {
                    return s;
                }
            }
            return new Scratch();
        }

        /** Back to the pool (dropped when it is full); the caller must not touch it again. */
        void giveBack() {
            released.reset();
            for (int i = 0; i < KEPT; i++) {
                if (POOL.compareAndSet(i, null, self)) {
                    return;
                }
            }
        }
    }

    /**
     * Decodes the raw bytes of a JSON string holding base64: skips whitespace, resolves escapes (an escaped slash,
     * backslash-u with four hex digits), stages clean characters in 64 KiB groups and decodes each group with
     * {@link java.util.Base64} into pooled chunks. The staging arrays are a borrowed {@link Scratch}.
     */
    private static final class DirectDecoder implements AutoCloseable {
        private static final int NORMAL = 0;
        private static final int ESCAPE = 1;
        private static final int UNICODE = 2;

        private final Base64.Decoder decoder = Base64.getDecoder();
        private final byte[] staging;
        private final byte[] decoded;
        private final ChunkedOutput out = new ChunkedOutput();
        private int staged;
        private int state = NORMAL;
        private int unicodeLeft;
        private int unicode;

        DirectDecoder(Scratch scratch) {
            this.staging = scratch.staging;
            this.decoded = scratch.decoded;
        }

        /** Consumes {@code b[off, off+len)}; the index of the closing quote, or -1 when the string goes on. */
        int feed(byte[] b, int off, int len) throws IOException {
            int end = off + len;
            int i = off;
            while (i < end) {
                if (state == NORMAL) {
                    int j = i;
                    while (j < end) {
                        byte c = b[j];
                        if (c == '"' || c == '\\' || (c & 0xff) <= ' ') {
                            break;
                        }
                        j++;
                    }
                    stage(b, i, j - i);
                    if (j == end) {
                        return -1;
                    }
                    byte c = b[j];
                    if (c == '"') {
                        return j;
                    }
                    if (c == '\\') {
                        state = ESCAPE;
                    }
                    i = j + 1; // an escape starts, or whitespace is skipped
                } else if (state == ESCAPE) {
                    byte c = b[i++];
                    state = NORMAL;
                    switch (c) {
                        case '/' -> stageOne((byte) '/');
                        case 'n', 'r', 't' -> {
                        }
                        case 'u' -> {
                            state = UNICODE;
                            unicodeLeft = 4;
                            unicode = 0;
                        }
                        default -> throw new IOException("invalid base64 image data: escape \\" + (char) c);
                    }
                } else {
                    int digit = Character.digit(b[i++], 16);
                    if (digit < 0) {
                        throw new IOException("invalid unicode escape in base64 image data");
                    }
                    unicode = unicode * 16 + digit;
                    if (--unicodeLeft == 0) {
                        state = NORMAL;
                        if (unicode >= 0x80) {
                            throw new IOException("invalid base64 image data: character U+" + Integer.toHexString(unicode));
                        }
                        if (unicode > ' ') {
                            stageOne((byte) unicode);
                        }
                    }
                }
            }
            return -1;
        }

        private void stageOne(byte c) throws IOException {
            staging[staged++] = c;
            if (staged == staging.length) {
                flushFull();
            }
        }

        private void stage(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, staging.length - staged);
                System.arraycopy(b, off, staging, staged, n);
                staged += n;
                off += n;
                len -= n;
                if (staged == staging.length) {
                    flushFull();
                }
            }
        }

        private void flushFull() throws IOException {
            try {
                int n = decoder.decode(staging, decoded);
                out.write(decoded, 0, n);
            } catch (IllegalArgumentException e) {
                throw new IOException("invalid base64 image data: " + e.getMessage(), e);
            }
            staged = 0;
        }

        /** Decodes what is left (padded or not) and returns the whole image. */
        byte[] finish() throws IOException {
            if (state != NORMAL) {
                throw new IOException("invalid base64 image data: the string ends inside an escape");
            }
            if (staged > 0) {
                java.nio.ByteBuffer last;
                try {
                    last = decoder.decode(java.nio.ByteBuffer.wrap(staging, 0, staged));
                } catch (IllegalArgumentException e) {
                    throw new IOException("invalid base64 image data: " + e.getMessage(), e);
                }
                if (out.size() == 0 && last.remaining() == last.capacity()) {
                    return last.array(); // a small image, decoded in one group: its exact array, no copy
                }
                out.write(last.array(), 0, last.remaining());
            }
            return out.toByteArray();
        }

        @Override
        public void close() {
            out.close();
        }
    }

    /** An input stream with a push-back buffer (see {@link Unreadable}). */
    static final class PushbackBody extends InputStream implements Unreadable {
        private final InputStream in;
        private byte[] back;
        private int backPos;

        PushbackBody(InputStream in) {
            this.in = in;
        }

        @Override
        public void unread(byte[] b, int off, int len) {
            back = Unreads.prepend(back, backPos, b, off, len);
            backPos = 0;
        }

        @Override
        public int read() throws IOException {
            if (back != null) {
                int c = back[backPos++] & 0xff;
                if (backPos == back.length) {
                    back = null;
                }
                return c;
            }
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (back != null) {
                int n = Math.min(len, back.length - backPos);
                System.arraycopy(back, backPos, b, off, n);
                backPos += n;
                if (backPos == back.length) {
                    back = null;
                }
                return n;
            }
            return in.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return back != null ? back.length - backPos : in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Push-back buffers. */
    static final class Unreads {
        private Unreads() {
        }

        /** {@code b[off, off+len)} followed by what is left of {@code back} from {@code backPos}; null when empty. */
        static byte[] prepend(byte[] back, int backPos, byte[] b, int off, int len) {
            int rest = back == null ? 0 : back.length - backPos;
            if (len + rest == 0) {
                return back == null || rest == 0 ? null : back;
            }
            byte[] joined = new byte[len + rest];
            System.arraycopy(b, off, joined, 0, len);
            if (rest > 0) {
                System.arraycopy(back, backPos, joined, len, rest);
            }
            return joined;
        }
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
}
