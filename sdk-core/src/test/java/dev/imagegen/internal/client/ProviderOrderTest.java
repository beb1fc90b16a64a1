package dev.imagegen.internal.client;

import dev.imagegen.ImageClient;
import dev.imagegen.fake.FakeProviderFactory;
import dev.imagegen.spi.ImageProviderFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The default provider order is the factories' {@link ImageProviderFactory#order()}, then id, whatever order they are
 * found or added in (the service loader's order differs between the class path and the module path).
 */
class ProviderOrderTest {

    /** The core's fake provider under another id and order. */
    static class Ordered extends FakeProviderFactory {
        private final String id;
        private final Integer order;

        Ordered(String id, Integer order) {
            this.id = id;
            this.order = order;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public int order() {
            return order != null ? order : super.order();
        }
    }

    private static final List<ImageProviderFactory> FACTORIES = List.of(new Ordered("zeta", 10), new Ordered("alpha", 20),
            new Ordered("mid", null), new Ordered("beta", null), new Ordered("omega", 10));

    @Test
    void everyDiscoveryOrderGivesOrderThenId() {
        for (List<ImageProviderFactory> permutation : permutations(FACTORIES)) {
            List<String> ids = ProviderRegistry.discover(getClass().getClassLoader(), permutation, false).stream()
                    .map(ImageProviderFactory::id).toList();

            assertThat(ids).as("found in the order %s", permutation.stream().map(ImageProviderFactory::id).toList())
                    .containsExactly("omega", "zeta", "alpha", "beta", "mid");
        }
    }

    @Test
    void aFactoryWithoutAnOrderComesAfterTheBundledOnes() {
        assertThat(new FakeProviderFactory().order()).isEqualTo(ImageProviderFactory.DEFAULT_ORDER).isGreaterThan(50);
    }

    @Test
    void theClientTriesProvidersInTheDefaultOrderAfterItsPreferences() {
        for (List<ImageProviderFactory> permutation : permutations(FACTORIES)) {
            ImageClient.Builder b = ImageClient.builder().discoverProviders(false).environment(Map.of())
                    .systemProperties(new Properties());
            permutation.forEach(f -> b.addProvider(f).apiKey(f.id(), "k-" + f.id()));
            try (ImageClient plain = b.build(); ImageClient preferring = b.preferProviders("mid", "alpha").build()) {
                assertThat(plain.providers()).containsExactly("omega", "zeta", "alpha", "beta", "mid");
                assertThat(preferring.providers()).containsExactly("mid", "alpha", "omega", "zeta", "beta");
            }
        }
    }

    @Test
    void aFactoryThatFailsToGiveItsOrderIsReportedWithItsClass() {
        ImageProviderFactory broken = new Ordered("broken", 1) {
            @Override
            public int order() {
                throw new IllegalStateException("no order today");
            }
        };

        assertThatThrownBy(() -> ProviderRegistry.discover(getClass().getClassLoader(),
                List.of(broken, new Ordered("other", 2)), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(ProviderOrderTest.class.getName())
                .hasMessageContaining("no order today");
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> p = new ArrayList<>();
                p.add(head);
                p.addAll(tail);
                out.add(p);
            }
        }
        return out;
    }
}
