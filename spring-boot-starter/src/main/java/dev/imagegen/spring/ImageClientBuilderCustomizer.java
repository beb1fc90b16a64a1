package dev.imagegen.spring;

import dev.imagegen.ImageClient;

/**
 * Adjusts the {@link ImageClient.Builder} of the auto-configured client after the {@code imagegen.*} properties were
 * applied, for what properties cannot hold: a provider factory added by hand, a {@code Sleeper} or {@code Clock} in
 * tests, anything computed at startup. Declare one or more as beans; they run in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * ImageClientBuilderCustomizer negotiatedPrice() {
 *     return builder -> builder.price("fal", "hidream-i1-full", PriceFormula.perMegapixel("0.04"));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ImageClientBuilderCustomizer {

    /**
     * Changes {@code builder} in place.
     *
     * @param builder the builder, with the properties already applied
     */
    void customize(ImageClient.Builder builder);
}
