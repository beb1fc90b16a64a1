/**
 * The Segmind provider of imagegen-java: HiDream-I1 fast on {@code api.segmind.com}, key in {@code x-api-key}, JSON in,
 * raw image bytes out; optionally the v2 queue (submit, poll, fetch).
 */
module dev.imagegen.provider.segmind {
    requires transitive dev.imagegen.core;

    exports dev.imagegen.provider.segmind;

    provides dev.imagegen.spi.ImageProviderFactory with dev.imagegen.provider.segmind.SegmindProviderFactory;
}
