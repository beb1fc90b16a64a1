/** The LumozAI provider of imagegen-java: {@code POST /api/v4/run} with form fields. */
module dev.imagegen.provider.lumoz {
    requires transitive dev.imagegen.core;

    exports dev.imagegen.provider.lumoz;

    provides dev.imagegen.spi.ImageProviderFactory with dev.imagegen.provider.lumoz.LumozProviderFactory;
}
