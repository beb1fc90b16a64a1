package dev.imagegen.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The emulator's AVIF answer: a well-formed AVIF (HEIF) container, brand {@code avif}, one {@code av01} item with its
 * {@code ispe} (width, height) and {@code av1C} properties, whose payload is a placeholder. The JDK has no AV1 encoder,
 * so the payload is a temporal delimiter and a padding OBU holding a digest of the pixels: a client can recognise the
 * file, read its size and tell two images apart, but not decode it. That is all the SDK itself does with an image.
 */
final class AvifContainer {

    private AvifContainer() {
    }

    static byte[] encode(int[] argb, int width, int height) {
        byte[] payload = payload(argb);
        byte[] ftyp = box("ftyp", concat(ascii("avif"), int32(0), ascii("avif"), ascii("mif1"), ascii("miaf")));
        byte[] hdlr = fullBox("hdlr", 0, concat(int32(0), ascii("pict"), int32(0), int32(0), int32(0), new byte[] {0}));
        byte[] pitm = fullBox("pitm", 0, int16(1));
        byte[] infe = fullBox("infe", 2 << 24, concat(int16(1), int16(0), ascii("av01"), new byte[] {0}));
        byte[] iinf = fullBox("iinf", 0, concat(int16(1), infe));
        // av1C: marker and version 1, profile 0 level 0, 8-bit 4:2:0, no configOBUs
        byte[] av1c = box("av1C", new byte[] {(byte) 0x81, 0x00, 0x0C, 0x00});
        byte[] ispe = fullBox("ispe", 0, concat(int32(width), int32(height)));
        byte[] ipco = box("ipco", concat(av1c, ispe));
        // item 1: property 1 (av1C, essential), property 2 (ispe)
        byte[] ipma = fullBox("ipma", 0, concat(int32(1), int16(1), new byte[] {2, (byte) 0x81, 0x02}));
        byte[] iprp = box("iprp", concat(ipco, ipma));
        // iloc v0: 4-byte offsets and lengths, no base offset; the offset is patched once the meta box size is known
        int ilocSize = 12 + 2 + 2 + 2 + 2 + 2 + 4 + 4;
        int metaSize = 12 + hdlr.length + pitm.length + ilocSize + iinf.length + iprp.length;
        int offset = ftyp.length + metaSize + 8;
        byte[] iloc = fullBox("iloc", 0, concat(new byte[] {0x44, 0x00}, int16(1), int16(1), int16(0), int16(1),
                int32(offset), int32(payload.length)));
        byte[] meta = fullBox("meta", 0, concat(hdlr, pitm, iloc, iinf, iprp));
        if (meta.length != metaSize) {
            throw new IllegalStateException("meta box is " + meta.length + " bytes, expected " + metaSize);
        }
        return concat(ftyp, meta, box("mdat", payload));
    }

    /** A temporal delimiter OBU, then a padding OBU carrying a SHA-256 of the pixels. */
    private static byte[] payload(int[] argb) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (int p : argb) {
            sha.update(int32(p));
        }
        byte[] digest = sha.digest();
        // OBU header: type << 3 | has_size_field; 2 = temporal delimiter, 15 = padding; size as one-byte leb128
        return concat(new byte[] {0x12, 0x00, 0x7A, (byte) digest.length}, digest);
    }

    private static byte[] box(String type, byte[] body) {
        return concat(int32(8 + body.length), ascii(type), body);
    }

    private static byte[] fullBox(String type, int versionAndFlags, byte[] body) {
        return box(type, concat(int32(versionAndFlags), body));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] int16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
