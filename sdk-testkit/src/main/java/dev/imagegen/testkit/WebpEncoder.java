package dev.imagegen.testkit;

import java.io.ByteArrayOutputStream;

/**
 * A minimal lossless WebP writer (RIFF container, one {@code VP8L} chunk). The JDK has no WebP writer and the
 * testkit takes no native or third-party dependency, so this writes the simplest valid VP8L bitstream: no
 * transforms, no colour cache, no meta prefix codes, no backward references; green, red and blue each use a
 * normal prefix code in which all 256 literals have length 8 (so a literal's code is the byte itself), alpha a
 * simple one-symbol code for 255 (zero bits per pixel) and distance a simple one-symbol code. The result is about
 * three bytes per pixel: large, but decodable by every WebP decoder and exactly lossless.
 */
final class WebpEncoder {
    private static final int[] CODE_LENGTH_ORDER = {17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    private static final int[] REVERSED = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            REVERSED[i] = Integer.reverse(i) >>> 24;
        }
    }

    private WebpEncoder() {
    }

    static byte[] encode(int[] argb, int width, int height) {
        if (width < 1 || height < 1 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("WebP size out of range: " + width + "x" + height);
        }
        BitWriter w = new BitWriter(width * height * 3 + 1024);
        w.write(0x2f, 8); // VP8L signature
        w.write(width - 1, 14);
        w.write(height - 1, 14);
        w.write(0, 1); // alpha_is_used: every pixel is opaque
        w.write(0, 3); // version
        w.write(0, 1); // no transform
        w.write(0, 1); // no colour cache
        w.write(0, 1); // no meta prefix codes
        writeAllLiteralsLength8(w, 256 + 24); // green + length prefixes
        writeAllLiteralsLength8(w, 256); // red
        writeAllLiteralsLength8(w, 256); // blue
        writeSingleSymbol(w, 255); // alpha
        writeSingleSymbol(w, 0); // distance (never used)
        for (int i = 0, n = width * height; i < n; i++) {
            int p = argb[i];
            w.write(REVERSED[(p >>> 8) & 0xff], 8);
            w.write(REVERSED[(p >>> 16) & 0xff], 8);
            w.write(REVERSED[p & 0xff], 8);
        }
        byte[] vp8l = w.toByteArray();
        int padded = vp8l.length + (vp8l.length & 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(padded + 20);
        out.writeBytes(new byte[] {'R', 'I', 'F', 'F'});
        le32(out, 4 + 8 + padded);
        out.writeBytes(new byte[] {'W', 'E', 'B', 'P', 'V', 'P', '8', 'L'});
        le32(out, vp8l.length);
        out.writeBytes(vp8l);
        if ((vp8l.length & 1) == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    /** A normal prefix code: symbols 0..255 have length 8, symbols 256.. (if any) length 0. */
    private static void writeAllLiteralsLength8(BitWriter w, int alphabetSize) {
        w.write(0, 1); // normal code
        // The code-length code uses two symbols, 0 and 8, each of length 1 (codes "0" and "1").
        int needed = 12; // position of symbol 8 in CODE_LENGTH_ORDER, plus one
        w.write(needed - 4, 4);
        for (int i = 0; i < needed; i++) {
            int sym = CODE_LENGTH_ORDER[i];
            w.write(sym == 0 || sym == 8 ? 1 : 0, 3);
        }
        w.write(0, 1); // max_symbol = alphabet size
        for (int s = 0; s < alphabetSize; s++) {
            w.write(s < 256 ? 1 : 0, 1);
        }
    }

    private static void writeSingleSymbol(BitWriter w, int symbol) {
        w.write(1, 1); // simple code
        w.write(0, 1); // one symbol
        if (symbol < 2) {
            w.write(0, 1);
            w.write(symbol, 1);
        } else {
            w.write(1, 1);
            w.write(symbol, 8);
        }
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    /** Packs bits least significant first, as VP8L requires. */
    private static final class BitWriter {
        private byte[] buf;
        private int pos;
        private long acc;
        private int bits;

        BitWriter(int capacity) {
            buf = new byte[capacity];
        }

        void write(int value, int n) {
            acc |= ((long) value & ((1L << n) - 1)) << bits;
            bits += n;
            while (bits >= 8) {
                if (pos == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
                buf[pos++] = (byte) acc;
                acc >>>= 8;
                bits -= 8;
            }
        }

        byte[] toByteArray() {
            if (bits > 0) {
                write(0, 8 - bits);
            }
            return java.util.Arrays.copyOf(buf, pos);
        }
    }
}
