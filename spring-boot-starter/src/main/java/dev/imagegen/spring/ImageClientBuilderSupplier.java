package dev.imagegen.spring;

import dev.imagegen.ImageClient;

/**
 * Where the auto-configured client's builder starts from: {@link ImageClient#builder()}, or a builder already wired
 * to the emulator. A bean, so that the client depends on it (and on the emulator behind it) and is closed first.
 */
interface ImageClientBuilderSupplier {

    /** A new builder. */
    ImageClient.Builder newBuilder();

    /** Whether the builder talks to the emulator: provider keys, base URLs and webhook secrets are then not applied. */
    boolean emulated();

    /** The SDK's plain builder, reading the process environment and system properties as usual. */
    ImageClientBuilderSupplier SDK = new ImageClientBuilderSupplier() {
        @Override
        public ImageClient.Builder newBuilder() {
            return ImageClient.builder();
        }

        @Override
        public boolean emulated() {
            return false;
        }

        @Override
        public String toString() {
            return "ImageClient.builder()";
        }
    };
}
