package dev.imagegen.provider.fal;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ModelInfo;
import dev.imagegen.PriceFormula;
import dev.imagegen.RequestField;
import dev.imagegen.RetryPolicy;
import dev.imagegen.spi.AuthScheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The factory's identity and catalog, and the environment variables that configure the provider. */
class FalProviderFactoryTest extends FalTestBase {

    private final FalProviderFactory factory = new FalProviderFactory();

    @Test
    void identityAuthAndKeyVariables() {
        assertThat(factory.id()).isEqualTo("fal");
        assertThat(factory.defaultBaseUrl()).isEqualTo("https://queue.fal.run");
        assertThat(factory.authScheme()).isEqualTo(AuthScheme.header("Authorization", "Key "));
        assertThat(factory.authScheme().value("abc")).isEqualTo("Key abc");
        assertThat(factory.envPrefix()).isEqualTo("FAL");
        assertThat(factory.apiKeyVariables()).containsExactly("FAL_KEY", "FAL_API_KEY");
    }

    @Test
    void theCatalogHasTheThreeHiDreamEndpoints() {
        assertThat(factory.models()).extracting(ModelInfo::id).containsExactly("hidream-i1-full", "hidream-i1-dev", "hidream-i1-fast");
        assertThat(factory.models()).extracting(ModelInfo::vendorId)
                .containsExactly("fal-ai/hidream-i1-full", "fal-ai/hidream-i1-dev", "fal-ai/hidream-i1-fast");
        assertThat(factory.models()).extracting(m -> m.price().orElseThrow())
                .containsExactly(PriceFormula.perMegapixel("0.05"), PriceFormula.perMegapixel("0.03"), PriceFormula.perMegapixel("0.01"));
        for (ModelInfo m : factory.models()) {
            assertThat(m.asynchronous()).isTrue();
            assertThat(m.maxCountPerCall()).isEqualTo(4);
            assertThat(m.steps()).hasValueSatisfying(r -> assertThat(r.toString()).isEqualTo("1..50"));
            assertThat(m.accepts(RequestField.GUIDANCE_SCALE)).isEqualTo(m.id().equals("hidream-i1-full"));
            assertThat(m.accepts(RequestField.NEGATIVE_PROMPT)).isTrue();
            assertThat(m.accepts(RequestField.SAFETY_CHECKER)).isTrue();
            assertThat(m.formats()).extracting(Object::toString).containsExactly("jpeg", "png");
            assertThat(m.describeSizes()).containsExactly("512..2048 per side, multiple of 64");
        }
    }

    private ImageClient.Builder fromEnvironment(Map<String, String> env) {
        return ImageClient.builder().discoverProviders(false).addProvider(factory).environment(env)
                .systemProperties(new Properties()).baseUrl(ID, base()).sleeper(time).clock(time)
                .retryPolicy(RetryPolicy.defaults().withJitter(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"FAL_KEY", "FAL_API_KEY"})
    void eitherVariableConfiguresTheProvider(String variable) throws Exception {
        server.enqueue(submitted("e1", 0));
        ImageClient c = client(fromEnvironment(Map.of(variable, "env-key")));
        assertThat(c.providers()).containsExactly("fal");
        c.submit(request().build());
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Key env-key");
    }

    @Test
    void falKeyWinsAndNeitherKeyBecomesAnOption() throws Exception {
        server.enqueue(submitted("e2", 0));
        ImageClient c = client(fromEnvironment(Map.of("FAL_KEY", "first", "FAL_API_KEY", "second",
                "FAL_WEBHOOK_URL", "https://hooks.example/f")));
        c.submit(request().build());
        var r = server.takeRequest();
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Key first");
        assertThat(r.getUrl().queryParameter("fal_webhook")).as("FAL_WEBHOOK_URL is option webhookUrl").isEqualTo("https://hooks.example/f");
        assertThat(c.toString()).doesNotContain("first").doesNotContain("second");
    }

    @Test
    void aKeyInTwoPartsIsJoinedAsFalsClientsDoAndItsSecretIsNeverAnOption() throws Exception {
        server.enqueue(submitted("e3", 0));
        ImageClient c = client(fromEnvironment(Map.of("FAL_KEY_ID", "key-id-1", "FAL_KEY_SECRET", "key-secret-2")));
        c.submit(request().build());
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Key key-id-1:key-secret-2");
        assertThat(c.toString()).doesNotContain("key-secret-2");
    }

    @Test
    void withoutAKeyTheErrorNamesBothVariables() {
        ImageClient c = client(fromEnvironment(Map.of()));
        assertThatThrownBy(() -> c.generate(request().build()))
                .isInstanceOf(ImageGenerationException.class)
                .hasMessageContaining("FAL_KEY or FAL_API_KEY");
        assertThat(server.getRequestCount()).isZero();
    }
}
