package dev.imagegen.spring;

import dev.imagegen.ImageClient;
import dev.imagegen.internal.client.ClientSettings;

import java.lang.reflect.Field;

/**
 * A customizer that keeps what the builder holds once the properties were applied. {@link ImageClient.Builder} has no
 * getters, so the tests read its settings object (the core's internals, reachable on the class path only) to check
 * that each property lands on the builder setting it names.
 */
final class BuilderProbe implements ImageClientBuilderCustomizer {

    private ClientSettings settings;

    @Override
    public void customize(ImageClient.Builder builder) {
        settings = read(builder);
    }

    ClientSettings settings() {
        if (settings == null) {
            throw new AssertionError("the client was not built through the starter");
        }
        return settings;
    }

    static ClientSettings read(ImageClient.Builder builder) {
        try {
            Field f = ImageClient.Builder.class.getDeclaredField("s");
            f.setAccessible(true);
            return (ClientSettings) f.get(builder);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("ImageClient.Builder no longer keeps its settings in field 's'", e);
        }
    }
}
