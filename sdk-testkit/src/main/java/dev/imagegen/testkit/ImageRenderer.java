package dev.imagegen.testkit;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws the emulator's images: a gradient with a few translucent discs, both chosen by a hash of prompt, seed and
 * any input image, with the prompt's words written over it in a bitmap font. Pixels are computed directly (no
 * Java2D drawing), so the same inputs give the same bytes everywhere. Encoded results are kept in a small LRU cache
 * bounded by entry count and total bytes, because encoding a 1024x1024 image costs tens of milliseconds.
 */
final class ImageRenderer {
    /** Everything that determines one encoded image. {@code quality} only matters for JPEG (else -1). */
    record Spec(int width, int height, String prompt, long seed, ImageFormat format, int quality, long inputHash) {
        Spec {
            Objects.requireNonNull(prompt);
            Objects.requireNonNull(format);
            if (format != ImageFormat.JPEG) {
                quality = -1;
            }
        }
    }

    private static final int MAX_ENTRIES = 48;
    private static final long MAX_BYTES = 192L * 1024 * 1024;

    private final Object lock = new Object();
    private final LinkedHashMap<Spec, byte[]> cache = new LinkedHashMap<>(64, 0.75f, true);
    private long cachedBytes;

    byte[] render(Spec spec) {
        synchronized (lock) {
            byte[] hit = cache.get(spec);
            if (hit != null) {
                return hit;
            }
        }
        byte[] bytes = encode(spec, raster(spec));
        synchronized (lock) {
            byte[] old = cache.put(spec, bytes);
            if (old != null) {
                cachedBytes -= old.length;
            }
            cachedBytes += bytes.length;
            Iterator<Map.Entry<Spec, byte[]>> it = cache.entrySet().iterator();
            while ((cache.size() > MAX_ENTRIES || cachedBytes > MAX_BYTES) && it.hasNext()) {
                Map.Entry<Spec, byte[]> e = it.next();
                if (e.getKey().equals(spec)) {
                    continue;
                }
                cachedBytes -= e.getValue().length;
                it.remove();
            }
        }
        return bytes;
    }

    static byte[] encode(Spec spec, int[] argb) {
        switch (spec.format()) {
            case PNG:
                return PngEncoder.encode(argb, spec.width(), spec.height());
            case WEBP:
                return WebpEncoder.encode(argb, spec.width(), spec.height());
            case JPEG:
                return jpeg(argb, spec.width(), spec.height(), spec.quality() < 0 ? 90 : spec.quality());
            case GIF:
                return gif(argb, spec.width(), spec.height());
            case AVIF:
                return AvifContainer.encode(argb, spec.width(), spec.height());
            default:
                throw new IllegalStateException(spec.format().toString());
        }
    }

    private static byte[] jpeg(int[] argb, int width, int height, int quality) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, argb, 0, width);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(width * height / 4);
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(Math.max(0, Math.min(100, quality)) / 100f);
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A GIF through the JDK's writer, which builds a palette of at most 256 colours from the pixels. */
    private static byte[] gif(int[] argb, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, argb, 0, width);
        ByteArrayOutputStream out = new ByteArrayOutputStream(width * height / 2);
        try {
            if (!ImageIO.write(img, "gif", out)) {
                throw new IllegalStateException("no GIF writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The ARGB pixels (row-major, opaque) for a spec; the format and quality play no part. */
    static int[] raster(Spec spec) {
        int w = spec.width();
        int h = spec.height();
        SplittableRandom rnd = new SplittableRandom(hash(spec.prompt(), spec.seed(), spec.inputHash()));
        int[] px = new int[w * h];
        int c1 = hsv(rnd.nextDouble(), 0.45 + 0.3 * rnd.nextDouble(), 0.95);
        int c2 = hsv(rnd.nextDouble(), 0.6 + 0.3 * rnd.nextDouble(), 0.35 + 0.3 * rnd.nextDouble());
        int ax = rnd.nextInt(1, 4);
        int ay = rnd.nextInt(1, 4);
        long span = (long) ax * (w - 1) + (long) ay * (h - 1);
        span = Math.max(span, 1);
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int t = (int) (((long) ax * x + (long) ay * y) * 256 / span);
                px[row + x] = mix(c1, c2, t);
            }
        }
        int discs = rnd.nextInt(3, 7);
        for (int i = 0; i < discs; i++) {
            int color = hsv(rnd.nextDouble(), 0.7, 0.9);
            int cx = rnd.nextInt(w);
            int cy = rnd.nextInt(h);
            int r = Math.max(2, (int) (Math.min(w, h) * (0.08 + 0.2 * rnd.nextDouble())));
            disc(px, w, h, cx, cy, r, color);
        }
        drawText(px, w, h, spec.prompt());
        return px;
    }

    private static void disc(int[] px, int w, int h, int cx, int cy, int r, int color) {
        long r2 = (long) r * r;
        for (int y = Math.max(0, cy - r); y < Math.min(h, cy + r + 1); y++) {
            long dy = y - cy;
            for (int x = Math.max(0, cx - r); x < Math.min(w, cx + r + 1); x++) {
                long dx = x - cx;
                if (dx * dx + dy * dy <= r2) {
                    px[y * w + x] = mix(px[y * w + x], color, 112);
                }
            }
        }
    }

    private static void drawText(int[] px, int w, int h, String prompt) {
        int scale = Math.max(1, Math.min(w, h) / 160);
        int cellW = (BitmapFont.WIDTH + 1) * scale;
        int cellH = (BitmapFont.HEIGHT + 3) * scale;
        int margin = Math.max(2, Math.min(w, h) / 24);
        int perLine = Math.max(1, (w - 2 * margin) / cellW);
        int maxLines = Math.max(1, (h - 2 * margin) / cellH);
        List<String> lines = wrap(prompt, perLine, maxLines);
        if (lines.isEmpty()) {
            return;
        }
        int boxTop = Math.max(0, h - margin - lines.size() * cellH - scale);
        int boxBottom = Math.min(h, h - margin + scale);
        for (int y = boxTop; y < boxBottom; y++) {
            for (int x = margin / 2; x < w - margin / 2; x++) {
                px[y * w + x] = mix(px[y * w + x], 0x101018, 150);
            }
        }
        int top = boxTop + scale * 2;
        for (String line : lines) {
            int left = margin;
            for (int i = 0; i < line.length(); ) {
                int cp = line.codePointAt(i);
                i += Character.charCount(cp);
                int[] g = BitmapFont.glyph(cp);
                for (int gy = 0; gy < BitmapFont.HEIGHT; gy++) {
                    for (int gx = 0; gx < BitmapFont.WIDTH; gx++) {
                        if ((g[gy] & (1 << (BitmapFont.WIDTH - 1 - gx))) != 0) {
                            fill(px, w, h, left + gx * scale, top + gy * scale, scale, 0xfff8f0);
                        }
                    }
                }
                left += cellW;
            }
            top += cellH;
        }
    }

    private static void fill(int[] px, int w, int h, int x0, int y0, int size, int rgb) {
        for (int y = Math.max(0, y0); y < Math.min(h, y0 + size); y++) {
            for (int x = Math.max(0, x0); x < Math.min(w, x0 + size); x++) {
                px[y * w + x] = 0xff000000 | rgb;
            }
        }
    }

    /** Greedy word wrap on code points; words longer than a line are split; the last line ends with "..." if cut. */
    static List<String> wrap(String text, int perLine, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int curLen = 0;
        boolean cut = false;
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int[] cps = word.codePoints().toArray();
            int start = 0;
            while (start < cps.length) {
                int room = perLine - curLen - (curLen > 0 ? 1 : 0);
                int take = Math.min(cps.length - start, perLine);
                if (take > room) {
                    if (curLen > 0) {
                        lines.add(cur.toString());
                        cur.setLength(0);
                        curLen = 0;
                        continue;
                    }
                    take = room;
                }
                if (curLen > 0) {
                    cur.append(' ');
                    curLen++;
                }
                cur.append(new String(cps, start, take));
                curLen += take;
                start += take;
            }
            if (lines.size() >= maxLines) {
                cut = true;
                break;
            }
        }
        if (curLen > 0) {
            lines.add(cur.toString());
        }
        if (lines.size() > maxLines) {
            cut = true;
            lines = new ArrayList<>(lines.subList(0, maxLines));
        }
        if (cut && !lines.isEmpty()) {
            String last = lines.get(lines.size() - 1);
            int keep = Math.max(0, Math.min(last.length(), perLine - 3));
            lines.set(lines.size() - 1, last.substring(0, keep) + "...");
        }
        return lines;
    }

    static long hash(String prompt, long seed, long inputHash) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(prompt.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 8; i++) {
                md.update((byte) (seed >>> (8 * i)));
                md.update((byte) (inputHash >>> (8 * i)));
            }
            byte[] d = md.digest();
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stable 64-bit hash of some bytes (input images), 0 for none. */
    static long hashBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return 0;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v == 0 ? 1 : v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int mix(int a, int b, int t) {
        int u = 256 - t;
        int r = (((a >>> 16) & 0xff) * u + ((b >>> 16) & 0xff) * t) >>> 8;
        int g = (((a >>> 8) & 0xff) * u + ((b >>> 8) & 0xff) * t) >>> 8;
        int bl = ((a & 0xff) * u + (b & 0xff) * t) >>> 8;
        return 0xff000000 | (r << 16) | (g << 8) | bl;
    }

    private static int hsv(double hue, double sat, double val) {
        double h = (hue - Math.floor(hue)) * 6;
        int i = (int) h;
        double f = h - i;
        double p = val * (1 - sat);
        double q = val * (1 - sat * f);
        double t = val * (1 - sat * (1 - f));
        double r;
        double g;
        double b;
        switch (i % 6) {
            case 0: r = val; g = t; b = p; break;
            case 1: r = q; g = val; b = p; break;
            case 2: r = p; g = val; b = t; break;
            case 3: r = p; g = q; b = val; break;
            case 4: r = t; g = p; b = val; break;
            default: r = val; g = p; b = q; break;
        }
        return 0xff000000 | ((int) Math.round(r * 255) << 16) | ((int) Math.round(g * 255) << 8)
                | (int) Math.round(b * 255);
    }
}
