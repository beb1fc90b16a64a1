package dev.imagegen.testkit.integration;

import dev.imagegen.GeneratedImage;
import dev.imagegen.ImageSize;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on generated images shared by the integration tests. */
final class Images {

    private Images() {
    }

    /**
     * Checks the image's media type and size as the SDK reads them from the header, and, for PNG and JPEG, that
     * {@code javax.imageio} decodes the bytes to the same size.
     */
    static void assertImage(GeneratedImage image, int width, int height, String mediaType) {
        assertThat(image.mediaType()).as("media type").isEqualTo(mediaType);
        assertThat(image.size()).as("size from the image header").isEqualTo(ImageSize.of(width, height));
        if (!mediaType.equals("image/webp")) {
            BufferedImage decoded = decode(image.bytes());
            assertThat(decoded).as("decodable by javax.imageio").isNotNull();
            assertThat(decoded.getWidth()).as("decoded width").isEqualTo(width);
            assertThat(decoded.getHeight()).as("decoded height").isEqualTo(height);
        } else {
            byte[] b = image.bytes();
            assertThat(new String(b, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
            assertThat(new String(b, 8, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        }
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of an authenticated fal GET, as text (for looking at the emulator's state in tests). */
    static String json(String url, String key) throws IOException, InterruptedException {
        java.net.http.HttpClient c = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build();
        return c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).header("Authorization", "Key " + key)
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A real PNG of the given size, for image-to-image and edit inputs. */
    static byte[] png(int width, int height, boolean alpha) {
        BufferedImage img = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y += 4) {
            for (int x = 0; x < width; x += 4) {
                int a = alpha && x < width / 2 ? 0 : 0xFF;
                img.setRGB(x, y, (a << 24) | ((x * 255 / width) << 16) | ((y * 255 / height) << 8) | 0x40);
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
