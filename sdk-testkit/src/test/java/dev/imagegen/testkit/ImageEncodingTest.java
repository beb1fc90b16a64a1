package dev.imagegen.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageEncodingTest {
    private static int[] randomPixels(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] px = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = 0xff000000 | r.nextInt(1 << 24);
        }
        return px;
    }

    @Test
    void webpRoundTripsExactlyThroughAnIndependentDecoder() {
        for (int[] wh : new int[][] {{1, 1}, {3, 2}, {17, 5}, {64, 48}}) {
            int[] px = randomPixels(wh[0] * wh[1], wh[0] * 31L + wh[1]);
            byte[] webp = WebpEncoder.encode(px, wh[0], wh[1]);
            Vp8lDecoder.Image img = Vp8lDecoder.decode(webp);
            assertThat(img.width()).isEqualTo(wh[0]);
            assertThat(img.height()).isEqualTo(wh[1]);
            assertThat(img.argb()).as("pixels of %dx%d", wh[0], wh[1]).containsExactly(px);
        }
    }

    @Test
    void webpContainerSizesAreConsistent() {
        byte[] webp = WebpEncoder.encode(randomPixels(10 * 7, 1), 10, 7);
        assertThat(new String(webp, 0, 4)).isEqualTo("RIFF");
        assertThat(new String(webp, 8, 8)).isEqualTo("WEBPVP8L");
        int riff = (webp[4] & 0xff) | (webp[5] & 0xff) << 8 | (webp[6] & 0xff) << 16 | (webp[7] & 0xff) << 24;
        assertThat(riff).isEqualTo(webp.length - 8);
        assertThat(webp.length % 2).as("RIFF chunks are padded to even sizes").isZero();
        assertThat(webp[20] & 0xff).as("VP8L signature").isEqualTo(0x2f);
    }

    @Test
    void corruptedWebpIsRejectedByTheTestDecoder() {
        byte[] webp = WebpEncoder.encode(randomPixels(16, 2), 4, 4);
        byte[] cut = java.util.Arrays.copyOf(webp, webp.length - 6);
        assertThatThrownBy(() -> Vp8lDecoder.decode(cut)).isInstanceOf(AssertionError.class);
    }

    @Test
    void dwebpDecodesTheRenderedWebpToTheSamePixels(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/dwebp").canExecute() || onPath("dwebp"), "dwebp not installed");
        ImageRenderer.Spec spec = new ImageRenderer.Spec(96, 64, "Keep Calm \u00d7 \ud83c\udf4b", 7, ImageFormat.WEBP,
                -1, 0);
        int[] px = ImageRenderer.raster(spec);
        Path in = dir.resolve("in.webp");
        Path out = dir.resolve("out.png");
        Files.write(in, ImageRenderer.encode(spec, px));
        Process p = new ProcessBuilder("dwebp", in.toString(), "-o", out.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as("dwebp output: %s", log).isZero();
        BufferedImage img = ImageIO.read(out.toFile());
        assertThat(img.getWidth()).isEqualTo(96);
        assertThat(img.getHeight()).isEqualTo(64);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                assertThat(img.getRGB(x, y) | 0xff000000).as("pixel %d,%d", x, y).isEqualTo(px[y * 96 + x]);
            }
        }
    }

    private static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, exe).canExecute()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void pngAndJpegDecodeAtTheRequestedSize() {
        ImageRenderer r = new ImageRenderer();
        BufferedImage png = EmulatorTestSupport.decode(r.render(
                new ImageRenderer.Spec(300, 200, "a purple cheetah", 10, ImageFormat.PNG, -1, 0)));
        assertThat(png.getWidth()).isEqualTo(300);
        assertThat(png.getHeight()).isEqualTo(200);
        int[] px = ImageRenderer.raster(new ImageRenderer.Spec(300, 200, "a purple cheetah", 10, ImageFormat.PNG, -1, 0));
        assertThat(png.getRGB(123, 45)).isEqualTo(px[45 * 300 + 123]);
        BufferedImage jpg = EmulatorTestSupport.decode(r.render(
                new ImageRenderer.Spec(320, 176, "a purple cheetah", 10, ImageFormat.JPEG, 80, 0)));
        assertThat(jpg.getWidth()).isEqualTo(320);
        assertThat(jpg.getHeight()).isEqualTo(176);
    }

    @Test
    void renderingIsDeterministicAndDependsOnPromptSeedAndInput() {
        ImageRenderer.Spec a = new ImageRenderer.Spec(128, 96, "a cute panda", 42, ImageFormat.PNG, -1, 0);
        byte[] first = new ImageRenderer().render(a);
        byte[] second = new ImageRenderer().render(a);
        assertThat(second).isEqualTo(first);
        assertThat(new ImageRenderer().render(new ImageRenderer.Spec(128, 96, "a cute panda", 43, ImageFormat.PNG,
                -1, 0))).isNotEqualTo(first);
        assertThat(new ImageRenderer().render(new ImageRenderer.Spec(128, 96, "a cute pander", 42, ImageFormat.PNG,
                -1, 0))).isNotEqualTo(first);
        assertThat(new ImageRenderer().render(new ImageRenderer.Spec(128, 96, "a cute panda", 42, ImageFormat.PNG,
                -1, 99))).isNotEqualTo(first);
    }

    @Test
    void promptTextIsDrawnInLightPixels() {
        ImageRenderer.Spec withText = new ImageRenderer.Spec(320, 240, "HELLO WORLD", 1, ImageFormat.PNG, -1, 0);
        int light = 0;
        for (int p : ImageRenderer.raster(withText)) {
            if (p == 0xfffff8f0) {
                light++;
            }
        }
        // "HELLO WORLD" has 151 lit cells in the 5x7 font; at 320x240 the font is drawn at scale 1.
        assertThat(light).isEqualTo(151);
        ImageRenderer.Spec blank = new ImageRenderer.Spec(320, 240, "   ", 1, ImageFormat.PNG, -1, 0);
        long blankLight = java.util.Arrays.stream(ImageRenderer.raster(blank)).filter(p -> p == 0xfffff8f0).count();
        assertThat(blankLight).isZero();
    }

    @Test
    void wrapSplitsOnWordsAndMarksCutText() {
        assertThat(ImageRenderer.wrap("a cute panda holding a sign", 10, 5))
                .containsExactly("a cute", "panda", "holding a", "sign");
        assertThat(ImageRenderer.wrap("one two three four five six", 7, 2)).hasSize(2).last().asString()
                .endsWith("...");
    }

    @Test
    void cacheServesRepeatsWithTheSameBytes() {
        ImageRenderer r = new ImageRenderer();
        ImageRenderer.Spec s = new ImageRenderer.Spec(1024, 1024, "cache me", 5, ImageFormat.PNG, -1, 0);
        byte[] first = r.render(s);
        assertThat(r.render(s)).as("a cache hit returns the same array").isSameAs(first);
    }
}
