package dev.imagegen.testkit;

/**
 * The image formats the emulator renders. GIF is a real, decodable GIF; AVIF is a well-formed container whose AV1
 * payload is a placeholder (see {@link AvifContainer}).
 */
enum ImageFormat {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg"),
    WEBP("image/webp", "webp"),
    GIF("image/gif", "gif"),
    AVIF("image/avif", "avif");

    final String mediaType;
    final String extension;

    ImageFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    /** Maps a vendor's format name (png, jpg, jpeg, webp, gif, avif; any case) to a format, or null. */
    static ImageFormat fromVendorName(String name) {
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "png":
                return PNG;
            case "jpg":
            case "jpeg":
                return JPEG;
            case "webp":
                return WEBP;
            case "gif":
                return GIF;
            case "avif":
                return AVIF;
            default:
                return null;
        }
    }

    /** The file extension for a media type (png, jpg, webp, gif, avif, or bin for anything else). */
    static String extensionFor(String mediaType) {
        for (ImageFormat f : values()) {
            if (mediaType.toLowerCase(java.util.Locale.ROOT).startsWith(f.mediaType)) {
                return f.extension;
            }
        }
        return "bin";
    }
}
