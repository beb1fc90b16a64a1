/**
 * The WaveSpeed provider of imagegen-java: HiDream-I1 dev, full and fast as submit-and-poll predictions. Exports only
 * the factory and {@code WaveSpeedOptions} (option names); everything else is package-private.
 */
module dev.imagegen.provider.wavespeed {
    requires transitive dev.imagegen.core;

    exports dev.imagegen.provider.wavespeed;

    provides dev.imagegen.spi.ImageProviderFactory with dev.imagegen.provider.wavespeed.WaveSpeedProviderFactory;
}
