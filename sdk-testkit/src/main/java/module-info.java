/**
 * imagegen-java testkit: {@link dev.imagegen.testkit.ProviderEmulator}, an in-process emulator of the four vendor
 * APIs on loopback, with fault injection, for tests and examples.
 */
module dev.imagegen.testkit {
    requires com.fasterxml.jackson.databind;
    requires java.desktop;
    requires java.net.http;
    requires jdk.httpserver;

    exports dev.imagegen.testkit;
}
