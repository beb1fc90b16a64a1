package dev.imagegen.provider.wavespeed;

import dev.imagegen.ModelInfo;
import dev.imagegen.spi.AuthScheme;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.spi.ProviderConfig;

import java.util.List;

/**
 * The WaveSpeed provider ({@code wavespeed}): HiDream-I1 {@code hidream-i1-dev}, {@code hidream-i1-full} and
 * {@code hidream-i1-fast} (vendor ids {@code wavespeed-ai/hidream-i1-*}) at {@code https://api.wavespeed.ai}, with
 * {@code Authorization: Bearer <WAVESPEED_API_KEY>}.
 *
 * <p>Every generation is a prediction: the submit is sent once (it is never re-sent after an ambiguous failure), then
 * the core polls it on its shared scheduler until it completes or fails. {@link dev.imagegen.ImageJob#ref()} survives
 * restarts: another client resumes the job without paying again. WaveSpeed documents no cancel endpoint, so
 * {@link dev.imagegen.ImageJob#cancel()} only stops polling; the vendor still finishes (and bills) the prediction.
 *
 * <p>Provider options (see {@link WaveSpeedOptions}): {@code apiVersion} ({@code v2} default, or {@code v3}),
 * {@code base64Output}, {@code syncMode}, {@code webhookUrl}, {@code webhookToleranceSeconds}. Whether base64 outputs carry a {@code data:} prefix is
 * not documented by the vendor: both forms are accepted, padded or not. In sync mode a 504 answer to the submit is an
 * {@link dev.imagegen.OutcomeUnknownException} (there is no prediction id to poll); a {@code processing} answer or
 * code 5004 ("Sync mode timed out") falls back to polling. Webhook deliveries (the bare prediction, signed with the
 * account's webhook secret) are checked and read by {@code ImageClient.parseWebhook("wavespeed", delivery)}.
 *
 * <p>Found by {@link java.util.ServiceLoader}; applications do not normally use this class directly.
 */
public final class WaveSpeedProviderFactory implements ImageProviderFactory {

    /** The provider id, {@code wavespeed}. */
    public static final String ID = WaveSpeedCatalog.PROVIDER_ID;

    /** Creates the factory (called by {@link java.util.ServiceLoader}). */
    public WaveSpeedProviderFactory() {
    }

    /** {@code wavespeed}. */
    @Override
    public String id() {
        return ID;
    }

    /** 30: this provider's place in the default provider order (lumoz, segmind, wavespeed, lumenfall, fal). */
    @Override
    public int order() {
        return 30;
    }

    /** {@code https://api.wavespeed.ai}. */
    @Override
    public String defaultBaseUrl() {
        return "https://api.wavespeed.ai";
    }

    /** {@code Authorization: Bearer KEY}. */
    @Override
    public AuthScheme authScheme() {
        return AuthScheme.bearer();
    }

    /** hidream-i1-dev, hidream-i1-full and hidream-i1-fast. */
    @Override
    public List<ModelInfo> models() {
        return WaveSpeedCatalog.MODELS;
    }

    /**
     * Creates the provider.
     *
     * @throws IllegalArgumentException when option {@code apiVersion} is neither {@code v2} nor {@code v3}
     */
    @Override
    public ImageProvider create(ProviderConfig config) {
        return new WaveSpeedProvider(config);
    }

    /** The options this provider reads; any other name given to the client is refused. */
    @Override
    public java.util.Set<String> optionNames() {
        return java.util.Set.of(WaveSpeedOptions.API_VERSION, WaveSpeedOptions.BASE64_OUTPUT, WaveSpeedOptions.SYNC_MODE, WaveSpeedOptions.WEBHOOK_URL,
                WaveSpeedOptions.WEBHOOK_TOLERANCE_SECONDS);
    }
}
