package dev.imagegen.provider.fal;

import dev.imagegen.ModelInfo;
import dev.imagegen.spi.AuthScheme;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.spi.ProviderConfig;

import java.util.List;

/**
 * The fal.ai provider ({@code fal}): HiDream-I1 {@code hidream-i1-full}, {@code -dev} and {@code -fast} (vendor ids
 * {@code fal-ai/hidream-i1-*}) on fal's queue API at {@code https://queue.fal.run} (backup host
 * {@code https://queue.falrun.com}), with {@code Authorization: Key <FAL_KEY>} ({@code FAL_API_KEY} is read too;
 * environment prefix {@code FAL}). Each generation is submitted, its status polled with logs, its result fetched;
 * cancelling the job sends fal's {@code PUT .../cancel}. Options: {@link FalOptions}. Found by ServiceLoader.
 */
public final class FalProviderFactory implements ImageProviderFactory {

    /** The provider id, {@code fal}. */
    public static final String ID = FalCatalog.ID;

    @Override
    public String id() {
        return ID;
    }

    /** 50: this provider's place in the default provider order (lumoz, segmind, wavespeed, lumenfall, fal). */
    @Override
    public int order() {
        return 50;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://queue.fal.run";
    }

    @Override
    public AuthScheme authScheme() {
        return AuthScheme.header("Authorization", "Key ");
    }

    @Override
    public List<ModelInfo> models() {
        return FalCatalog.MODELS;
    }

    @Override
    public ImageProvider create(ProviderConfig config) {
        return new FalProvider(config);
    }

    @Override
    public List<String> apiKeyVariables() {
        return List.of("FAL_KEY", "FAL_API_KEY");
    }

    /** {@code FAL_KEY}, {@code FAL_API_KEY}, else {@code FAL_KEY_ID:FAL_KEY_SECRET}, as fal's own clients read them. */
    @Override
    public java.util.Optional<String> apiKeyFromEnvironment(java.util.function.Function<String, String> env) {
        String id = env.apply("FAL_KEY_ID");
        String secret = env.apply("FAL_KEY_SECRET");
        return ImageProviderFactory.super.apiKeyFromEnvironment(env).or(() -> java.util.Optional.ofNullable(
                id != null && !id.isBlank() && secret != null && !secret.isBlank() ? id.trim() + ":" + secret.trim() : null));
    }

    @Override
    public java.util.Set<String> optionNames() {
        return java.util.Set.of(FalOptions.WEBHOOK_URL, FalOptions.START_TIMEOUT, FalOptions.WEBHOOK_KEYS_URL,
                FalOptions.WEBHOOK_TOLERANCE_SECONDS);
    }
}
