package dev.imagegen.testkit;

/** The image formats the emulator renders. */
enum ImageFormat {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg"),
    WEBP("image/webp", "webp");

    final String mediaType;
    final String extension;

    ImageFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    /** Maps a vendor's format name (png, jpg, jpeg, webp; any case) to a format, or null. */
    static ImageFormat fromVendorName(String name) {
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "png":
                return PNG;
            case "jpg":
            case "jpeg":
                return JPEG;
            case "webp":
                return WEBP;
            default:
                return null;
        }
    }

    /** The file extension for a media type (png, jpg, webp, or bin for anything else). */
    static String extensionFor(String mediaType) {
        for (ImageFormat f : values()) {
            if (mediaType.toLowerCase(java.util.Locale.ROOT).startsWith(f.mediaType)) {
                return f.extension;
            }
        }
        return "bin";
    }
}
