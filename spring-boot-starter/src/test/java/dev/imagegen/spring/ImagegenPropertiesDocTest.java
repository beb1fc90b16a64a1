package dev.imagegen.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.ProviderLimits;
import dev.imagegen.RetryPolicy;
import dev.imagegen.internal.client.ClientSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.util.unit.DataSize;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties table of {@code docs/spring-boot.md} and the configuration metadata the build generates
 * ({@code META-INF/spring-configuration-metadata.json}, what IDEs complete from) name the same properties with the
 * same defaults, and those defaults are the SDK's own; so none of the three can drift from the others.
 */
class ImagegenPropertiesDocTest {

    private static final Path DOC = Path.of("..", "docs", "spring-boot.md");
    private static final Pattern ROW = Pattern.compile("^\\| `(imagegen\\.[^`]+)` \\|([^|]*)\\|");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Property name to the default column, as written (backticks removed, trimmed). */
    private static Map<String, String> documented() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                assertThat(rows.put(m.group(1), m.group(2).replace("`", "").trim())).as("listed twice: " + m.group(1)).isNull();
            }
        }
        return rows;
    }

    private static JsonNode metadata() throws Exception {
        // this module's own file, not the one in spring-boot's jar
        File classes = new File(ImagegenProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return JSON.readTree(new File(classes, "META-INF/spring-configuration-metadata.json"));
    }

    private static Map<String, JsonNode> metadataProperties() throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        metadata().path("properties").forEach(p -> out.put(p.path("name").asText(), p));
        return out;
    }

    @Test
    void theDocListsEveryPropertyOfTheMetadataAndNoOther() throws Exception {
        Set<String> inMetadata = new TreeSet<>(metadataProperties().keySet());
        // a map of objects: the metadata has the map, the doc its entries, checked against the class below
        inMetadata.remove("imagegen.providers");
        Set<String> inDoc = new TreeSet<>(documented().keySet());
        inDoc.removeIf(name -> name.startsWith("imagegen.providers."));

        assertThat(inDoc).isEqualTo(inMetadata);
    }

    @Test
    void theDocListsEveryPropertyOfAProviderAndNoOther() throws Exception {
        Set<String> expected = new TreeSet<>();
        collect("imagegen.providers.<id>", ImagegenProperties.Provider.class, expected);
        Set<String> inDoc = new TreeSet<>(documented().keySet());
        inDoc.removeIf(name -> !name.startsWith("imagegen.providers."));

        assertThat(inDoc).isEqualTo(expected);
    }

    @Test
    void theDocsDefaultsAreTheMetadatasDefaults() throws Exception {
        Map<String, String> doc = documented();
        metadataProperties().forEach((name, p) -> {
            if (p.has("defaultValue")) {
                assertThat(doc.get(name)).as(name).isEqualTo(p.path("defaultValue").asText());
            }
        });
    }

    @Test
    void theMetadatasDefaultsAreTheSdksDefaults() throws Exception {
        Map<String, JsonNode> meta = metadataProperties();
        ClientSettings sdk = new ClientSettings();
        RetryPolicy retry = RetryPolicy.defaults();
        assertThat(duration(meta, "imagegen.timeout")).isEqualTo(sdk.timeout);
        assertThat(duration(meta, "imagegen.connect-timeout")).isEqualTo(sdk.connectTimeout);
        assertThat(duration(meta, "imagegen.read-timeout")).isEqualTo(sdk.readTimeout);
        assertThat(duration(meta, "imagegen.download-timeout")).isEqualTo(sdk.downloadTimeout);
        assertThat(duration(meta, "imagegen.poll-interval.initial")).isEqualTo(sdk.pollInitial);
        assertThat(duration(meta, "imagegen.poll-interval.max")).isEqualTo(sdk.pollMax);
        assertThat(meta.get("imagegen.max-concurrency").path("defaultValue").asInt()).isEqualTo(sdk.maxConcurrency);
        assertThat(meta.get("imagegen.max-concurrent-splits").path("defaultValue").asInt()).isEqualTo(sdk.maxConcurrentSplits);
        assertThat(DataSize.parse(meta.get("imagegen.max-body-size").path("defaultValue").asText()).toBytes())
                .isEqualTo(sdk.maxBodyBytes);
        assertThat(meta.get("imagegen.allow-insecure-downloads").path("defaultValue").asBoolean()).isEqualTo(sdk.allowInsecureDownloads);
        assertThat(meta.get("imagegen.discover-providers").path("defaultValue").asBoolean()).isEqualTo(sdk.serviceLoader);
        assertThat(meta.get("imagegen.retry.max-retries").path("defaultValue").asInt()).isEqualTo(retry.maxRetries());
        assertThat(duration(meta, "imagegen.retry.initial-delay")).isEqualTo(retry.initialDelay());
        assertThat(duration(meta, "imagegen.retry.max-delay")).isEqualTo(retry.maxDelay());
        assertThat(duration(meta, "imagegen.retry.max-retry-after")).isEqualTo(retry.maxRetryAfter());
        assertThat(meta.get("imagegen.retry.jitter").path("defaultValue").asBoolean()).isEqualTo(retry.jitter());
    }

    @Test
    void theDocsProviderLimitDefaultsAreTheSdks() throws Exception {
        Map<String, String> doc = documented();
        ProviderLimits d = ProviderLimits.defaults();
        String p = "imagegen.providers.<id>.limits.";
        assertThat(doc.get(p + "max-concurrent")).isEqualTo(d.maxConcurrent() + " (no limit)");
        assertThat(doc.get(p + "requests-per-minute")).isEqualTo(d.requestsPerMinute() + " (no limit)");
        assertThat(Double.parseDouble(doc.get(p + "circuit-breaker.failure-rate"))).isEqualTo(d.circuitFailureRate());
        assertThat(Integer.parseInt(doc.get(p + "circuit-breaker.window"))).isEqualTo(d.circuitWindow());
        assertThat(Integer.parseInt(doc.get(p + "circuit-breaker.minimum-calls"))).isEqualTo(d.circuitMinimumCalls());
        assertThat(convert(doc.get(p + "circuit-breaker.cool-down"))).isEqualTo(d.circuitCoolDown());
    }

    @Test
    void everyPropertyHasADescription() throws Exception {
        metadataProperties().forEach((name, p) -> assertThat(p.path("description").asText()).as(name).isNotBlank());
    }

    private static Duration duration(Map<String, JsonNode> meta, String name) {
        return convert(meta.get(name).path("defaultValue").asText());
    }

    private static Duration convert(String text) {
        return ApplicationConversionService.getSharedInstance().convert(text, Duration.class);
    }

    /** The property names under {@code prefix} that Spring binds into {@code type}, by its getters. */
    private static void collect(String prefix, Class<?> type, Set<String> out) {
        for (Method getter : type.getDeclaredMethods()) {
            if (!Modifier.isPublic(getter.getModifiers()) || getter.getParameterCount() != 0
                    || !getter.getName().matches("(get|is)[A-Z].*")) {
                continue;
            }
            String name = prefix + "." + kebab(getter.getName().replaceFirst("^(get|is)", ""));
            Class<?> value = getter.getReturnType();
            if (Map.class.isAssignableFrom(value)) {
                Class<?> entry = (Class<?>) ((ParameterizedType) getter.getGenericReturnType()).getActualTypeArguments()[1];
                if (entry == String.class) {
                    out.add(name + ".<name>");
                } else {
                    collect(name + ".<model>", entry, out);
                }
            } else if (value.getEnclosingClass() == ImagegenProperties.class && !value.isEnum()) {
                collect(name, value, out);
            } else {
                out.add(name);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
