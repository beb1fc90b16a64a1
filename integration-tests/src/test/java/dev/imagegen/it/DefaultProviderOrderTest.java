package dev.imagegen.it;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.internal.client.ProviderRegistry;
import dev.imagegen.provider.fal.FalProviderFactory;
import dev.imagegen.provider.lumenfall.LumenfallProviderFactory;
import dev.imagegen.provider.lumoz.LumozProviderFactory;
import dev.imagegen.provider.segmind.SegmindProviderFactory;
import dev.imagegen.provider.wavespeed.WaveSpeedProviderFactory;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.ProviderEmulator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The five bundled providers come in one default order however they are found: class path, class path in the
 * opposite jar order, module path, or added by hand in any order; so a request that names no provider goes to the same
 * provider in every case.
 */
class DefaultProviderOrderTest {

    static final List<String> DEFAULT_ORDER = List.of("lumoz", "segmind", "wavespeed", "lumenfall", "fal");

    static final List<Class<? extends ImageProviderFactory>> FACTORIES = List.of(FalProviderFactory.class,
            LumenfallProviderFactory.class, LumozProviderFactory.class, SegmindProviderFactory.class,
            WaveSpeedProviderFactory.class);

    @Test
    void theClassPathInEitherJarOrderGivesTheDefaultOrder() {
        ClassLoader loader = getClass().getClassLoader();

        assertThat(ids(ServiceLoader.load(ImageProviderFactory.class, new ReversedServices(loader)).stream()
                .map(ServiceLoader.Provider::get).toList()))
                .as("the service loader's own order follows the jar order")
                .isEqualTo(reversed(ids(ServiceLoader.load(ImageProviderFactory.class, loader).stream()
                        .map(ServiceLoader.Provider::get).toList())));

        List<String> found = ids(ProviderRegistry.discover(loader, List.of(), true));
        // The core's test classes, when on the class path, add a fake that declares no order: it comes last.
        assertThat(found).startsWith(DEFAULT_ORDER.toArray(String[]::new));
        assertThat(found.subList(DEFAULT_ORDER.size(), found.size())).isSubsetOf("fake");
        assertThat(ids(ProviderRegistry.discover(new ReversedServices(loader), List.of(), true)))
                .as("the service files listed in the opposite order").isEqualTo(found);
    }

    @Test
    void theModulePathGivesTheDefaultOrder() throws Exception {
        ModuleFinder finder = ModuleFinder.of(locations());
        Set<String> roots = finder.findAll().stream().map(r -> r.descriptor().name()).collect(Collectors.toSet());
        assertThat(roots).contains("dev.imagegen.core", "dev.imagegen.provider.segmind", "dev.imagegen.provider.fal");
        Configuration cf = ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        Class<?> clientClass = layer.findLoader("dev.imagegen.core").loadClass(ImageClient.class.getName());
        assertThat(clientClass.getModule().isNamed()).as("the client runs as a named module").isTrue();

        Object builder = clientClass.getMethod("builder").invoke(null);
        builder.getClass().getMethod("environment", Map.class).invoke(builder, keys());
        builder.getClass().getMethod("systemProperties", Properties.class).invoke(builder, new Properties());
        try (AutoCloseable client = (AutoCloseable) builder.getClass().getMethod("build").invoke(builder)) {
            assertThat(clientClass.getMethod("providers").invoke(client)).isEqualTo(DEFAULT_ORDER);
        }
    }

    @Test
    void everyOrderOfAddProviderGivesTheDefaultOrderAndTheSameFirstChoice() throws Exception {
        try (ProviderEmulator emu = ProviderEmulator.start()) {
            List<String> served = new ArrayList<>();
            List<List<Class<? extends ImageProviderFactory>>> permutations = permutations(FACTORIES);
            List<Class<? extends ImageProviderFactory>> last = permutations.get(permutations.size() - 1);
            for (List<Class<? extends ImageProviderFactory>> permutation : permutations) {
                ImageClient.Builder b = EmulatorClients.builder(emu).discoverProviders(false);
                for (Class<? extends ImageProviderFactory> f : permutation) {
                    b.addProvider(f.getDeclaredConstructor().newInstance());
                }
                try (ImageClient client = b.build()) {
                    assertThat(client.providers()).as("added as %s", permutation).isEqualTo(DEFAULT_ORDER);
                    if (permutation == permutations.get(0) || permutation == last) {
                        ImageResult r = client.generate(ImageRequest.builder().model("hidream-i1-fast").prompt("a fox")
                                .size(1024, 1024).build());
                        served.add(r.provider());
                    }
                }
            }
            assertThat(served).containsExactly("lumoz", "lumoz");
        }
    }

    private static Map<String, String> keys() {
        return Map.of("LUMOZ_API_KEY", "k1", "SEGMIND_API_KEY", "k2", "WAVESPEED_API_KEY", "k3",
                "LUMENFALL_API_KEY", "k4", "FAL_KEY", "k5");
    }

    /** Where the client, the providers and their dependencies were loaded from (jars or exploded module folders). */
    private static Path[] locations() throws URISyntaxException {
        List<Class<?>> anchors = new ArrayList<>(List.of(ImageClient.class, okhttp3.OkHttpClient.class, okio.Buffer.class,
                kotlin.Unit.class, com.fasterxml.jackson.databind.ObjectMapper.class,
                com.fasterxml.jackson.core.JsonParser.class, com.fasterxml.jackson.annotation.JsonProperty.class,
                org.slf4j.Logger.class));
        anchors.addAll(FACTORIES);
        List<Path> paths = new ArrayList<>();
        for (Class<?> c : anchors) {
            Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!paths.contains(p)) {
                paths.add(p);
            }
        }
        return paths.toArray(Path[]::new);
    }

    private static List<String> ids(List<ImageProviderFactory> factories) {
        return factories.stream().map(ImageProviderFactory::id).toList();
    }

    private static List<String> reversed(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        Collections.reverse(copy);
        return copy;
    }

    static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> p = new ArrayList<>(List.of(head));
                p.addAll(tail);
                out.add(p);
            }
        }
        return out;
    }

    /** The class path with every resource listed in the opposite order, as if the jars came in reverse. */
    static final class ReversedServices extends ClassLoader {
        ReversedServices(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            List<URL> urls = Collections.list(getParent().getResources(name));
            Collections.reverse(urls);
            return Collections.enumeration(urls);
        }
    }

}
