package dev.imagegen.spring;

import dev.imagegen.ImageClient;
import dev.imagegen.spi.ImageProviderFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The provider modules on the class path, found the way {@link ImageClient} finds them. */
final class ProvidersOnClassPath {

    private ProvidersOnClassPath() {
    }

    /** Each provider factory by id, in service-loader order (the first of a duplicate id wins; the client reports it). */
    static Map<String, ImageProviderFactory> find() {
        Map<String, ImageProviderFactory> out = new LinkedHashMap<>();
        // the loader ImageClient uses, so both see the same providers
        for (ImageProviderFactory f : ServiceLoader.load(ImageProviderFactory.class, ImageClient.class.getClassLoader())) {
            out.putIfAbsent(f.id(), f);
        }
        return out;
    }
}
