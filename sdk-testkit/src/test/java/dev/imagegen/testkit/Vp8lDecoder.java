package dev.imagegen.testkit;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An independent decoder for the lossless WebP subset without transforms, colour cache, meta prefix codes or
 * backward references, written from the VP8L specification (RFC 9649) to check {@link WebpEncoder}. It reads
 * prefix codes generically (simple codes, normal codes with any code-length code and repeat codes) and rejects
 * what it does not support instead of guessing.
 */
final class Vp8lDecoder {
    private static final int[] ORDER = {17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    record Image(int width, int height, int[] argb) {
    }

    private Vp8lDecoder() {
    }

    static Image decode(byte[] f) {
        require(f.length >= 21, "file too short");
        require(ascii(f, 0, 4).equals("RIFF"), "no RIFF tag");
        require(le32(f, 4) == f.length - 8, "RIFF size " + le32(f, 4) + " != file length - 8 = " + (f.length - 8));
        require(ascii(f, 8, 4).equals("WEBP"), "no WEBP tag");
        require(ascii(f, 12, 4).equals("VP8L"), "no VP8L chunk");
        int chunk = le32(f, 16);
        require(20 + chunk + (chunk & 1) == f.length, "VP8L chunk size " + chunk + " does not fit the file");
        Bits br = new Bits(f, 20, 20 + chunk);
        require(br.read(8) == 0x2f, "bad VP8L signature");
        int w = br.read(14) + 1;
        int h = br.read(14) + 1;
        br.read(1); // alpha hint
        require(br.read(3) == 0, "bad version");
        require(br.read(1) == 0, "transforms are not supported by this test decoder");
        require(br.read(1) == 0, "colour cache is not supported by this test decoder");
        require(br.read(1) == 0, "meta prefix codes are not supported by this test decoder");
        Code green = readCode(br, 256 + 24);
        Code red = readCode(br, 256);
        Code blue = readCode(br, 256);
        Code alpha = readCode(br, 256);
        readCode(br, 40);
        int[] argb = new int[w * h];
        for (int i = 0; i < argb.length; i++) {
            int g = green.read(br);
            require(g < 256, "backward references are not supported by this test decoder");
            int r = red.read(br);
            int b = blue.read(br);
            int a = alpha.read(br);
            argb[i] = (a << 24) | (r << 16) | (g << 8) | b;
        }
        require(br.bytePosition() == 20 + chunk, "trailing data: stream ended at byte " + br.bytePosition()
                + " of " + (20 + chunk));
        return new Image(w, h, argb);
    }

    private static Code readCode(Bits br, int alphabet) {
        int[] lengths = new int[alphabet];
        if (br.read(1) == 1) {
            int n = br.read(1) + 1;
            int first = br.read(1) == 1 ? br.read(8) : br.read(1);
            lengths[first] = 1;
            if (n == 2) {
                lengths[br.read(8)] = 1;
            }
            return Code.build(lengths);
        }
        int numCl = br.read(4) + 4;
        int[] clLengths = new int[19];
        for (int i = 0; i < numCl; i++) {
            clLengths[ORDER[i]] = br.read(3);
        }
        Code cl = Code.build(clLengths);
        int maxSymbol = alphabet;
        if (br.read(1) == 1) {
            int nbits = 2 + 2 * br.read(3);
            maxSymbol = 2 + br.read(nbits);
            require(maxSymbol <= alphabet, "max_symbol beyond alphabet");
        }
        int i = 0;
        int prev = 8;
        while (i < alphabet) {
            if (maxSymbol-- == 0) {
                break;
            }
            int sym = cl.read(br);
            if (sym < 16) {
                lengths[i++] = sym;
                if (sym != 0) {
                    prev = sym;
                }
            } else {
                int repeat;
                int value;
                if (sym == 16) {
                    repeat = 3 + br.read(2);
                    value = prev;
                } else if (sym == 17) {
                    repeat = 3 + br.read(3);
                    value = 0;
                } else {
                    repeat = 11 + br.read(7);
                    value = 0;
                }
                require(i + repeat <= alphabet, "repeat beyond alphabet");
                for (int k = 0; k < repeat; k++) {
                    lengths[i++] = value;
                }
            }
        }
        return Code.build(lengths);
    }

    /** A canonical prefix code, decoded bit by bit. */
    private static final class Code {
        private final Map<Integer, Integer> symbols = new HashMap<>();
        private int single = -1;

        static Code build(int[] lengths) {
            Code c = new Code();
            int nonZero = 0;
            int last = -1;
            int[] count = new int[16];
            for (int s = 0; s < lengths.length; s++) {
                if (lengths[s] > 0) {
                    require(lengths[s] <= 15, "code length > 15");
                    nonZero++;
                    last = s;
                    count[lengths[s]]++;
                }
            }
            require(nonZero > 0, "empty prefix code");
            if (nonZero == 1) {
                c.single = last;
                return c;
            }
            long kraft = 0;
            for (int len = 1; len < 16; len++) {
                kraft += (long) count[len] << (15 - len);
            }
            require(kraft == 1L << 15, "prefix code is not complete");
            int[] next = new int[16];
            int code = 0;
            for (int len = 1; len < 16; len++) {
                code = (code + count[len - 1]) << 1;
                next[len] = code;
            }
            for (int s = 0; s < lengths.length; s++) {
                int len = lengths[s];
                if (len > 0) {
                    c.symbols.put((len << 16) | next[len]++, s);
                }
            }
            return c;
        }

        int read(Bits br) {
            if (single >= 0) {
                return single;
            }
            int code = 0;
            for (int len = 1; len < 16; len++) {
                code = (code << 1) | br.read(1);
                Integer s = symbols.get((len << 16) | code);
                if (s != null) {
                    return s;
                }
            }
            throw new AssertionError("invalid prefix code in stream");
        }
    }

    /** Reads bits least significant first. */
    private static final class Bits {
        private final byte[] data;
        private final int end;
        private long bitPos;

        Bits(byte[] data, int start, int end) {
            this.data = data;
            this.end = end;
            this.bitPos = (long) start * 8;
        }

        int read(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                int byteIndex = (int) (bitPos >>> 3);
                require(byteIndex < end, "read past the end of the VP8L data");
                int bit = (data[byteIndex] >>> (bitPos & 7)) & 1;
                v |= bit << i;
                bitPos++;
            }
            return v;
        }

        int bytePosition() {
            return (int) ((bitPos + 7) >>> 3);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError("invalid WebP: " + message);
        }
    }

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.US_ASCII);
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }
}
