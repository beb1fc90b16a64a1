package dev.imagegen.provider.lumoz;

import dev.imagegen.ModelInfo;
import dev.imagegen.spi.AuthScheme;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.spi.ProviderConfig;

import java.util.List;

/**
 * The LumozAI provider ({@code lumoz}): {@code POST {LUMOZ_BASE_URL}/api/v4/run} with the key as a bearer token and
 * the request as form fields, serving {@code hidream-l1} (canonical id {@code hidream-i1-fast}) and
 * {@code flux-cute-3d-kawaii}. Found by {@link java.util.ServiceLoader}; configure it with {@code LUMOZ_API_KEY},
 * optionally {@code LUMOZ_BASE_URL} (default {@code https://lumozai.com}) and the options in {@link LumozOptions}.
 *
 * <p>Unverified vendor facts, each configurable: the error shape {@code {"success":false,"message":"..."}} (other
 * shapes are read too), the check endpoint for long jobs ({@link LumozOptions#CHECK_PATH},
 * {@link LumozOptions#CHECK_METHOD}) and the kawaii model's price ({@link LumozOptions#FLUX_PRICE_PER_IMAGE}).
 */
public final class LumozProviderFactory implements ImageProviderFactory {

    /** The provider id. */
    public static final String ID = LumozCatalog.PROVIDER_ID;

    /** Creates the factory; cheap, holds nothing. */
    public LumozProviderFactory() {
    }

    @Override
    public String id() {
        return ID;
    }

    /** 10: this provider's place in the default provider order (lumoz, segmind, wavespeed, lumenfall, fal). */
    @Override
    public int order() {
        return 10;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://lumozai.com";
    }

    @Override
    public AuthScheme authScheme() {
        return AuthScheme.bearer();
    }

    /** {@code hidream-i1-fast} (vendor id {@code hidream-l1}) and {@code flux-cute-3d-kawaii}. */
    @Override
    public List<ModelInfo> models() {
        return LumozCatalog.models();
    }

    /**
     * Creates the provider.
     *
     * @throws IllegalArgumentException when an option in {@link LumozOptions} has a value it cannot take
     */
    @Override
    public ImageProvider create(ProviderConfig config) {
        return new LumozProvider(config);
    }

    /** The options this provider reads; any other name given to the client is refused. */
    @Override
    public java.util.Set<String> optionNames() {
        return java.util.Set.of(LumozOptions.CHECK_PATH, LumozOptions.CHECK_METHOD, LumozOptions.FLUX_PRICE_PER_IMAGE);
    }
}
