package dev.imagegen.internal;

import dev.imagegen.ImageSize;

import java.util.Optional;

/** Recognises image formats from their first bytes and reads their dimensions from the header. */
public final class MediaTypes {

    private MediaTypes() {
    }

    /** The media type of PNG, JPEG, WebP, GIF or AVIF data, from its magic bytes. */
    public static Optional<String> sniff(byte[] b, int len) {
        if (len >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[4] == 0x0d && b[5] == 0x0a && b[6] == 0x1a && b[7] == 0x0a) {
            return Optional.of("image/png");
        }
        if (len >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return Optional.of("image/jpeg");
        }
        if (len >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return Optional.of("image/webp");
        }
        if (len >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8' && (b[4] == '7' || b[4] == '9') && b[5] == 'a') {
            return Optional.of("image/gif");
        }
        if (len >= 12 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p') {
            String brand = new String(b, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (brand.equals("avif") || brand.equals("avis")) {
                return Optional.of("image/avif");
            }
            // the major brand may be generic with avif among the compatible brands
            int boxLen = Math.min(len, ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff));
            for (int i = 16; i + 4 <= boxLen; i += 4) {
                if (b[i] == 'a' && b[i + 1] == 'v' && b[i + 2] == 'i' && (b[i + 3] == 'f' || b[i + 3] == 's')) {
                    return Optional.of("image/avif");
                }
            }
        }
        return Optional.empty();
    }

    /** A file extension for a media type, with the dot: {@code .png}; {@code .bin} when unknown. */
    public static String extension(String mediaType) {
        return switch (mediaType == null ? "" : mediaType) {
            case "image/png" -> ".png";
            case "image/jpeg" -> ".jpg";
            case "image/webp" -> ".webp";
            case "image/gif" -> ".gif";
            case "image/avif" -> ".avif";
            default -> ".bin";
        };
    }

    /** The width and height recorded in the image header, when the format is known and the header intact. */
    public static Optional<ImageSize> dimensions(byte[] b) {
        try {
            String type = sniff(b, b.length).orElse("");
            int[] wh = switch (type) {
                // the first chunk must be IHDR, else the numbers at 16..24 are not dimensions
                case "image/png" -> b.length >= 24 && b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R'
                        ? new int[]{be32(b, 16), be32(b, 20)} : null;
                case "image/gif" -> b.length >= 10 ? new int[]{le16(b, 6), le16(b, 8)} : null;
                case "image/jpeg" -> jpeg(b);
                case "image/webp" -> webp(b);
                case "image/avif" -> avif(b);
                default -> null;
            };
            if (wh == null || wh[0] <= 0 || wh[1] <= 0) {
                return Optional.empty();
            }
            return Optional.of(new ImageSize(wh[0], wh[1]));
        } catch (ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private static int[] jpeg(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xff) != 0xff) {
                return null;
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xff) {
                i++;
                continue;
            }
            if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                i += 2;
                continue;
            }
            int segLen = be16(b, i + 2);
            boolean sof = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (sof) {
                return new int[]{be16(b, i + 7), be16(b, i + 5)};
            }
            if (marker == 0xd9 || marker == 0xda) {
                return null;
            }
            i += 2 + segLen;
        }
        return null;
    }

    private static int[] webp(byte[] b) {
        if (b.length < 30) {
            return null;
        }
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8 " -> new int[]{le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff};
            case "VP8L" -> {
                int bits = (b[21] & 0xff) | (b[22] & 0xff) << 8 | (b[23] & 0xff) << 16 | (b[24] & 0xff) << 24;
                yield new int[]{(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1};
            }
            case "VP8X" -> new int[]{le24(b, 24) + 1, le24(b, 27) + 1};
            default -> null;
        };
    }

    private static int[] avif(byte[] b) {
        for (int i = 4; i + 16 <= b.length; i++) {
            if (b[i] == 'i' && b[i + 1] == 's' && b[i + 2] == 'p' && b[i + 3] == 'e') {
                return new int[]{be32(b, i + 8), be32(b, i + 12)};
            }
        }
        return null;
    }

    private static int be32(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }

    private static int be16(byte[] b, int i) {
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    private static int le16(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    private static int le24(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16;
    }
}
