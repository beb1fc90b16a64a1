/**
 * imagegen-java core: the provider-neutral model and client ({@code dev.imagegen}) and the provider SPI
 * ({@code dev.imagegen.spi}). Everything under {@code dev.imagegen.internal} is implementation.
 */
module dev.imagegen.core {
    requires transitive com.fasterxml.jackson.databind;
    requires okhttp3;
    requires okio;
    requires org.slf4j;

    exports dev.imagegen;
    exports dev.imagegen.spi;

    uses dev.imagegen.spi.ImageProviderFactory;
}
