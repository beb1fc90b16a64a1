package dev.imagegen.examples.docs;

import dev.imagegen.ImageClient;
import dev.imagegen.RoutingPolicy;
import dev.imagegen.testkit.ProviderEmulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code ```java} block of README.md, docs/**&#47;*.md and sdk-testkit/README.md must appear verbatim (up to
 * whitespace) in the compiled twins of this package, so that every Java snippet in the docs compiles against the
 * current API. A snippet that changes in the docs must change in its twin too, and the other way round.
 */
class DocSnippetsTest {

    /** The repository root: Surefire runs with the examples module as the working directory. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path TWINS = Path.of("src/test/java/dev/imagegen/examples/docs");
    /** docs/spring-boot.md quotes the Spring Boot example, which compiles in its own module (Spring stays out of this one). */
    private static final Path SPRING_BOOT_EXAMPLE = Path.of("spring-boot/src/main/java/dev/imagegen/examples/spring");
    private static final Pattern OPENING_FENCE = Pattern.compile("^ {0,3}```java\\s*$");
    private static final Pattern ANY_FENCE = Pattern.compile("^ {0,3}```.*$");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** One {@code ```java} block: the file (relative to the root), the line of its opening fence, its text. */
    record Snippet(String file, int line, String code) {
        String where() {
            return file + ":" + line;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyJavaSnippetInTheDocsHasACompiledTwin() {
        String twins = normalise(twinSources());
        return snippets().stream().map(s -> DynamicTest.dynamicTest(s.where(), () ->
                assertThat(twins.contains(normalise(s.code())))
                        .withFailMessage("%s: this ```java block has no compiled twin in %s (whitespace aside)."
                                + " Copy it verbatim into a twin there (fixing the doc if it does not compile),"
                                + " or update the twin to match:%n%s", s.where(), TWINS, s.code())
                        .isTrue()));
    }

    @Test
    void findsTheSnippets() {
        List<Snippet> snippets = snippets();
        assertThat(snippets).extracting(Snippet::file)
                .contains("README.md", "docs/getting-started.md", "docs/configuration.md", "docs/errors.md",
                        "docs/routing.md", "docs/observability.md", "docs/testing-with-the-emulator.md",
                        "docs/providers/lumoz.md", "docs/spring-boot.md", "docs/scale.md", "sdk-testkit/README.md");
        assertThat(snippets).hasSizeGreaterThanOrEqualTo(21);   // as many as when this test was written
        assertThat(snippets).allSatisfy(s -> assertThat(s.code()).as(s.where()).isNotBlank());
    }

    @Test
    void twinsThatNeedNoNetworkRun() {
        try (ImageClient a = ReadmeSnippets.metricsAndTracing(new SimpleMeterRegistry(), OpenTelemetry.noop());
             ImageClient b = ObservabilitySnippets.bothAtOnce(new SimpleMeterRegistry(), OpenTelemetry.noop());
             ImageClient c = MeteredClients.create(new SimpleMeterRegistry());
             ImageClient e = ObservedClients.create(ObservationRegistry.create(), new SimpleMeterRegistry());
             ImageClient f = PropagationSnippets.propagated(OpenTelemetry.noop());
             ImageClient d = ConfigurationSnippets.configured(Map.of("segmind", "sg-test-key"))) {
            assertThat(List.of(a, b, c, e, f)).doesNotContainNull();
            assertThat(d.providers()).contains("segmind");
        }
        RoutingPolicy noLumoz = RoutingSnippets.customPolicy();
        assertThat(noLumoz).isNotNull();
        assertThat(RoutingSnippets.limits()).isNotNull();
        assertThat(LumozSnippets.webhook().providerOptions("lumoz"))
                .containsEntry("webhook", "https://example.com/hooks/lumoz");
    }

    @Test
    void testkitReadmeFaultInjectionRuns() {
        try (ProviderEmulator emu = ProviderEmulator.start()) {
            TestkitReadmeSnippets.faultInjection(emu);
            assertThat(emu.faults().rules()).isEmpty();
        }
    }

    /** The {@code ```java} blocks of the docs, in file order. */
    static List<Snippet> snippets() {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.add(ROOT.resolve("sdk-testkit/README.md"));

        List<Snippet> out = new ArrayList<>();
        for (Path file : files) {
            String name = ROOT.relativize(file).toString().replace('\\', '/');
            List<String> lines = readLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (!OPENING_FENCE.matcher(lines.get(i)).matches()) {
                    continue;
                }
                int start = i;
                StringBuilder code = new StringBuilder();
                for (i++; i < lines.size() && !ANY_FENCE.matcher(lines.get(i)).matches(); i++) {
                    code.append(lines.get(i)).append('\n');
                }
                assertThat(i).as("%s:%d: ```java block is never closed", name, start + 1).isLessThan(lines.size());
                out.add(new Snippet(name, start + 1, code.toString()));
            }
        }
        return out;
    }

    /** The twins' sources (this test left out) and the Spring Boot example's, concatenated. */
    private static String twinSources() {
        try (Stream<Path> files = Stream.concat(Files.list(TWINS), Files.list(SPRING_BOOT_EXAMPLE))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals(DocSnippetsTest.class.getSimpleName() + ".java"))
                    .sorted()
                    .map(p -> String.join("\n", readLines(p)))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs of whitespace become one space; the ends are trimmed. */
    static String normalise(String s) {
        return WHITESPACE.matcher(s).replaceAll(" ").trim();
    }
}
