package dev.imagegen.internal.client;

import dev.imagegen.spi.ImageProviderFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds provider factories with {@link ServiceLoader}, strictly: two factories with one id is an error naming both
 * classes, and a factory that fails to load is reported with its cause, never skipped silently. The factories come
 * back in the default provider order ({@link ImageProviderFactory#order()}, then id), never in discovery order: the
 * service loader lists them in class-path order on the class path and in an unspecified order on the module path, and
 * a request that names no provider must go to the same one either way.
 */
public final class ProviderRegistry {

    private ProviderRegistry() {
    }

    /** How factories are ordered: {@link ImageProviderFactory#order()}, smaller first, then by id. */
    static final Comparator<ImageProviderFactory> DEFAULT_ORDER = new Comparator<>() { // a class: no lambda spun on a fresh JVM
        @Override
        public int compare(ImageProviderFactory a, ImageProviderFactory b) {
            return a.order() != b.order() ? Integer.compare(a.order(), b.order()) : a.id().compareTo(b.id());
        }
    };

    /**
     * The factories visible to {@code loader}, plus {@code explicit} ones (which are checked for duplicates too), in the
     * {@link #DEFAULT_ORDER}.
     */
    public static List<ImageProviderFactory> discover(ClassLoader loader, List<ImageProviderFactory> explicit, boolean useServiceLoader) {
        Map<String, ImageProviderFactory> byId = new LinkedHashMap<>();
        for (ImageProviderFactory f : explicit) {
            add(byId, f);
        }
        if (useServiceLoader) {
            Iterator<ImageProviderFactory> it = ServiceLoader.load(ImageProviderFactory.class, loader).iterator();
            while (true) {
                ImageProviderFactory f;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    f = it.next();
                } catch (ServiceConfigurationError e) {
                    throw new IllegalStateException("an image provider factory failed to load: " + e.getMessage(), e);
                }
                ImageProviderFactory existing = byId.get(f.id());
                if (existing != null && explicit.contains(existing) && existing.getClass() == f.getClass()) {
                    continue; // the same factory passed explicitly and also found on the class path
                }
                add(byId, f);
            }
        }
        for (ImageProviderFactory f : byId.values()) {
            try {
                f.order();
            } catch (RuntimeException e) {
                throw new IllegalStateException("image provider factory " + f.getClass().getName() + " failed: " + e, e);
            }
        }
        List<ImageProviderFactory> ordered = new ArrayList<>(byId.values());
        ordered.sort(DEFAULT_ORDER);
        return ordered;
    }

    private static void add(Map<String, ImageProviderFactory> byId, ImageProviderFactory f) {
        String id;
        try {
            id = f.id();
        } catch (RuntimeException e) {
            throw new IllegalStateException("image provider factory " + f.getClass().getName() + " failed: " + e, e);
        }
        if (id == null || !id.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalStateException("image provider factory " + f.getClass().getName()
                    + " has an invalid id '" + id + "': lower-case letters, digits and '-' only");
        }
        ImageProviderFactory existing = byId.putIfAbsent(id, f);
        if (existing != null) {
            throw new IllegalStateException("two image provider factories claim the id '" + id + "': "
                    + existing.getClass().getName() + " and " + f.getClass().getName()
                    + "; remove one from the class path");
        }
    }
}
