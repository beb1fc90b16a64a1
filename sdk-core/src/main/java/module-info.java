/**
 * imagegen-java core: the provider-neutral model and client ({@code dev.imagegen}) and the provider SPI
 * ({@code dev.imagegen.spi}). Everything under {@code dev.imagegen.internal} is implementation.
 */
module dev.imagegen.core {
    requires transitive com.fasterxml.jackson.databind;
    requires okhttp3;
    requires okio;
    requires org.slf4j;
    // annotations of the public API: needed to compile against it (transitive), not at run time (static)
    requires static transitive org.jspecify;

    exports dev.imagegen;
    exports dev.imagegen.spi;

    uses dev.imagegen.spi.ImageProviderFactory;
}
