/**
 * The Lumenfall provider of imagegen-java: Lumenfall's OpenAI-compatible {@code images/generations} and
 * {@code images/edits} for the HiDream-I1 models.
 */
module dev.imagegen.provider.lumenfall {
    requires transitive dev.imagegen.core;

    exports dev.imagegen.provider.lumenfall;

    provides dev.imagegen.spi.ImageProviderFactory with dev.imagegen.provider.lumenfall.LumenfallProviderFactory;
}
