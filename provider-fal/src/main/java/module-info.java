/** The fal.ai provider of imagegen-java: HiDream-I1 full, dev and fast on fal's queue API. */
module dev.imagegen.provider.fal {
    requires transitive dev.imagegen.core;

    exports dev.imagegen.provider.fal;

    provides dev.imagegen.spi.ImageProviderFactory with dev.imagegen.provider.fal.FalProviderFactory;
}
