package dev.imagegen.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A minimal PNG writer (8-bit RGB, "Up" filter, fast deflate). Written here rather than using ImageIO because
 * ImageIO's PNG writer compresses at the highest level, which costs about ten times as much for a 1024x1024 image.
 */
final class PngEncoder {
    private PngEncoder() {
    }

    static byte[] encode(int[] argb, int width, int height) {
        try {
            ByteArrayOutputStream idat = new ByteArrayOutputStream(width * height);
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
                byte[] prev = new byte[width * 3];
                byte[] cur = new byte[width * 3];
                byte[] line = new byte[width * 3 + 1];
                for (int y = 0; y < height; y++) {
                    int base = y * width;
                    for (int x = 0; x < width; x++) {
                        int p = argb[base + x];
                        cur[x * 3] = (byte) (p >>> 16);
                        cur[x * 3 + 1] = (byte) (p >>> 8);
                        cur[x * 3 + 2] = (byte) p;
                    }
                    line[0] = 2; // filter "Up": gradients compress well and it needs no per-row choice
                    for (int i = 0; i < cur.length; i++) {
                        line[i + 1] = (byte) (cur[i] - prev[i]);
                    }
                    z.write(line);
                    byte[] t = prev;
                    prev = cur;
                    cur = t;
                }
            } finally {
                deflater.end();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(idat.size() + 64);
            DataOutputStream d = new DataOutputStream(out);
            d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.writeByte(8); // bit depth
            h.writeByte(2); // colour type RGB
            h.writeByte(0);
            h.writeByte(0);
            h.writeByte(0);
            chunk(d, "IHDR", ihdr.toByteArray());
            chunk(d, "IDAT", idat.toByteArray());
            chunk(d, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(DataOutputStream d, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
