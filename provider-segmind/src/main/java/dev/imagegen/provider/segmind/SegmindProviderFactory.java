package dev.imagegen.provider.segmind;

import dev.imagegen.ModelInfo;
import dev.imagegen.spi.AuthScheme;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.spi.ProviderConfig;

import java.util.List;

/**
 * The Segmind provider ({@code segmind}): HiDream-I1 fast ({@code hidream-i1-fast}, Segmind's {@code hidream-l1-fast})
 * on {@code https://api.segmind.com}, the key in {@code x-api-key} ({@code SEGMIND_API_KEY}; base URL override
 * {@code SEGMIND_BASE_URL}). Found by {@link java.util.ServiceLoader}; pass an instance to
 * {@code ImageClient.builder().addProvider(...)} to skip discovery. Options: see {@link SegmindOptions}.
 */
public final class SegmindProviderFactory implements ImageProviderFactory {

    /** The provider id. */
    public static final String ID = SegmindCatalog.PROVIDER_ID;

    /** Creates the factory (cheap; used by the service loader). */
    public SegmindProviderFactory() {
    }

    @Override
    public String id() {
        return ID;
    }

    /** 20: this provider's place in the default provider order (lumoz, segmind, wavespeed, lumenfall, fal). */
    @Override
    public int order() {
        return 20;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.segmind.com";
    }

    @Override
    public AuthScheme authScheme() {
        return AuthScheme.header("x-api-key");
    }

    @Override
    public List<ModelInfo> models() {
        return SegmindCatalog.models();
    }

    @Override
    public ImageProvider create(ProviderConfig config) {
        return new SegmindProvider(config);
    }

    /** The options this provider reads; any other name given to the client is refused. */
    @Override
    public java.util.Set<String> optionNames() {
        return java.util.Set.of(SegmindOptions.QUEUE, SegmindOptions.V2_SUBMIT_PATH, SegmindOptions.V2_STATUS_PATH, SegmindOptions.V2_RESULT_PATH);
    }
}
