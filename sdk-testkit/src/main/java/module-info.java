/**
 * imagegen-java testkit: {@link dev.imagegen.testkit.ProviderEmulator}, an in-process emulator of the five vendor
 * APIs on loopback, with fault injection, for tests and examples; {@link dev.imagegen.testkit.EmulatorClients} and
 * the JUnit 5 extension {@link dev.imagegen.testkit.EmulatedProviders} wire an {@code ImageClient} to it.
 */
module dev.imagegen.testkit {
    requires com.fasterxml.jackson.databind;
    requires java.desktop;
    requires java.net.http;
    requires jdk.httpserver;
    // okhttp3.MultipartReader reads multipart request bodies.
    requires okhttp3;
    requires okio;
    // The emulator program (dev.imagegen.testkit.cli) ends with status 0 on Ctrl-C through sun.misc.Signal.
    requires jdk.unsupported;
    requires transitive dev.imagegen.core;
    // Only the JUnit extension uses JUnit; users bring their own JUnit 5.
    requires static transitive org.junit.jupiter.api;

    exports dev.imagegen.testkit;

    uses dev.imagegen.spi.ImageProviderFactory;
}
