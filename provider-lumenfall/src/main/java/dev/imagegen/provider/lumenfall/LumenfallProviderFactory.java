package dev.imagegen.provider.lumenfall;

import dev.imagegen.ModelInfo;
import dev.imagegen.spi.AuthScheme;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.spi.ProviderConfig;

import java.util.List;

/**
 * The Lumenfall provider: Lumenfall's OpenAI-compatible router ({@code POST /images/generations} JSON,
 * {@code POST /images/edits} multipart) serving the HiDream-I1 models {@code hidream-i1-full}, {@code hidream-i1-dev}
 * and {@code hidream-i1-fast}. Id {@code lumenfall}; key in {@code LUMENFALL_API_KEY} (sent as a bearer token);
 * base URL {@code https://api.lumenfall.ai/openai/v1}, overridden by {@code LUMENFALL_BASE_URL}.
 *
 * <p>Options are named in {@link LumenfallOptions}. Found by {@link java.util.ServiceLoader}; it can also be passed
 * to {@code ImageClient.Builder.addProvider} directly.
 */
public final class LumenfallProviderFactory implements ImageProviderFactory {

    /** The provider id. */
    public static final String ID = "lumenfall";

    /** The production API base URL. */
    public static final String DEFAULT_BASE_URL = "https://api.lumenfall.ai/openai/v1";

    /** Creates the factory; cheap, holds no state. */
    public LumenfallProviderFactory() {
    }

    /** {@value #ID}. */
    @Override
    public String id() {
        return ID;
    }

    /** 40: this provider's place in the default provider order (lumoz, segmind, wavespeed, lumenfall, fal). */
    @Override
    public int order() {
        return 40;
    }

    /** {@value #DEFAULT_BASE_URL}. */
    @Override
    public String defaultBaseUrl() {
        return DEFAULT_BASE_URL;
    }

    /** {@code Authorization: Bearer KEY}. */
    @Override
    public AuthScheme authScheme() {
        return AuthScheme.bearer();
    }

    /** The three HiDream-I1 models; canonical ids are Lumenfall's own ids. */
    @Override
    public List<ModelInfo> models() {
        return LumenfallCatalog.MODELS;
    }

    /**
     * Creates a provider for {@code config}.
     *
     * @throws IllegalArgumentException when an option has a value the provider cannot use, naming the allowed ones
     */
    @Override
    public ImageProvider create(ProviderConfig config) {
        return new LumenfallProvider(config);
    }

    /** The options this provider reads; any other name given to the client is refused. */
    @Override
    public java.util.Set<String> optionNames() {
        return java.util.Set.of(LumenfallOptions.RESPONSE_FORMAT, LumenfallOptions.MULTI_IMAGE_FIELD, LumenfallOptions.ESTIMATE_COST_POINTER);
    }
}
