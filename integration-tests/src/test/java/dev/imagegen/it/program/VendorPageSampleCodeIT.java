package dev.imagegen.it.program;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vendor pages without a {@code curl} command (see {@link VendorPageCurlIT}): LumozAI's "Sample Code (PHP
 * cURL)" and Segmind's Python {@code requests} sample, read from the page text and sent by the real {@code curl} as
 * those samples send them, to the emulator program. PHP's {@code CURLOPT_POSTFIELDS} with an array posts
 * {@code multipart/form-data} with each value as a string ({@code curl --form-string}); {@code requests.post(json=)}
 * posts the dict as a JSON body. Only the URL's scheme, host and port change.
 */
class VendorPageSampleCodeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static EmulatorProcess emu;

    @BeforeAll
    static void startTheProgram() {
        emu = EmulatorProcess.start("--port", "0");
    }

    @AfterAll
    static void stopIt() {
        if (emu != null) {
            emu.close();
        }
    }

    @Test
    void lumozHidreamPhpSample() {
        PhpSample php = PhpSample.read("lumoz-hidream-l1.txt");
        // As PHP reads it, `'model_id' => hidream-l1,` is an undefined constant (an Error since PHP 8): the page's
        // sample cannot run as written; it is sent with the string the page's parameter table names.
        assertThat(php.bareWords).containsExactly("model_id");
        assertThat(php.params).containsEntry("model_id", "hidream-l1").containsEntry("seed", "10")
                .containsEntry("resolution", "1024 \u00d7 1024 (Square)");

        JsonNode answer = php.send();

        // The page: { "success": true, "data": { "output": "https://lumozai.com/storage/outputs/image_12345.jpg" } }
        assertThat(answer.get("success").asBoolean()).as(answer.toString()).isTrue();
        String output = answer.at("/data/output").asText();
        assertThat(output).startsWith(emu.root() + "/storage/").endsWith(".png");
        assertThat(download(output)).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }

    @Test
    void lumozFluxPhpSample() {
        PhpSample php = PhpSample.read("lumoz-flux-cute-3d-kawaii.txt");
        assertThat(php.bareWords).containsExactly("model_id");
        assertThat(php.params).containsEntry("model_id", "flux-cute-3d-kawaii").containsEntry("seed", "")
                .containsEntry("aspect_ratio", "1:1").containsEntry("megapixels", "1");

        JsonNode answer = php.send();

        assertThat(answer.get("success").asBoolean()).as(answer.toString()).isTrue();
        byte[] webp = download(answer.at("/data/output").asText());
        assertThat(new String(webp, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(webp, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
    }

    @Test
    void segmindPythonSampleIsRefusedAsWrittenAndAnswersAnImageOnceRepaired() throws IOException {
        String page = page("segmind-hidream-l1-fast.txt");
        String url = first(Pattern.compile("url = \"([^\"]+)\""), page);
        ObjectNode data = pythonDict(page, "data = {");
        Map<String, String> headers = new LinkedHashMap<>();
        pythonDict(page, "headers = {").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        assertThat(headers).containsOnlyKeys("x-api-key", "Content-Type");
        // The page's enumerated values arrived as mojibake: U+00D7 and the orange emoji became "Γ" and "π".
        assertThat(data.get("resolution").asText()).isEqualTo("1024 \u0393 1024 (Square)");

        Curl asWritten = Curl.post(rewrite(url), headers, JSON.writeValueAsString(data));
        assertThat(asWritten.status).as(asWritten.toString()).isEqualTo(400);
        assertThat(asWritten.body()).containsAnyOf("resolution", "speed_mode");

        data.put("resolution", "1024 \u00d7 1024 (Square)");
        data.put("speed_mode", "Lightly Juiced \ud83c\udf4a (more consistent)");
        Curl repaired = Curl.post(rewrite(url), headers, JSON.writeValueAsString(data));

        // "Response Type: Returns: Image"
        assertThat(repaired.status).as(repaired.toString()).isEqualTo(200);
        assertThat(new String(repaired.out, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
    }

    // ---- the samples on the pages ----

    /** A PHP cURL sample: {@code $apiUrl}, the {@code $params} array and the {@code CURLOPT_HTTPHEADER} lines. */
    private static final class PhpSample {
        private static final Pattern PAIR = Pattern.compile("'(\\w+)'\\s*=>\\s*(?:'((?:[^'\\\\]|\\\\.)*)'|([^,\\]\\s]+))\\s*,");
        final String url;
        final Map<String, String> params = new LinkedHashMap<>();
        final List<String> bareWords = new ArrayList<>();
        final List<String> headers = new ArrayList<>();

        private PhpSample(String page) {
            url = first(Pattern.compile("\\$apiUrl = '([^']+)'"), page);
            String array = first(Pattern.compile("(?s)\\$params = \\[(.*?)\\];"), page);
            Matcher m = PAIR.matcher(array);
            while (m.find()) {
                boolean quoted = m.group(2) != null;
                params.put(m.group(1), quoted ? m.group(2).replace("\\'", "'") : m.group(3));
                if (!quoted && !m.group(3).matches("-?[0-9.]+")) {
                    bareWords.add(m.group(1));
                }
            }
            String block = first(Pattern.compile("(?s)CURLOPT_HTTPHEADER => \\[(.*?)\\]"), page);
            Matcher h = Pattern.compile("'([A-Za-z-]+: [^']*)'").matcher(block);
            while (h.find()) {
                headers.add(h.group(1).equals("Authorization: Bearer ") ? h.group(1) + "lumoz-test-key" : h.group(1));
            }
        }

        static PhpSample read(String name) {
            PhpSample php = new PhpSample(page(name));
            assertThat(php.headers).containsExactly("Accept: application/json", "Authorization: Bearer lumoz-test-key");
            return php;
        }

        JsonNode send() {
            List<String> args = new ArrayList<>(List.of("-X", "POST", rewrite(url)));
            headers.forEach(h -> args.addAll(List.of("-H", h)));
            params.forEach((k, v) -> args.addAll(List.of("--form-string", k + "=" + v)));
            Curl c = Curl.run(args);
            assertThat(c.status).as(c.toString()).isEqualTo(200);
            try {
                return JSON.readTree(c.out);
            } catch (IOException e) {
                throw new UncheckedIOException(c.toString(), e);
            }
        }
    }

    /** The {@code "key": value} lines of a Python dict literal (the page numbers its lines; the numbers are dropped). */
    private static ObjectNode pythonDict(String page, String opening) throws IOException {
        int start = page.indexOf(opening);
        assertThat(start).as(opening).isNotNegative();
        ObjectNode dict = JSON.createObjectNode();
        for (String line : page.substring(start + opening.length()).split("\n")) {
            String entry = line.replaceFirst("^\\d+", "").trim();
            if (entry.startsWith("}")) {
                return dict;
            }
            if (entry.isEmpty()) {
                continue; // the rest of the opening line
            }
            Matcher m = Pattern.compile("^\"([^\"]+)\": (.*?),?$").matcher(entry);
            assertThat(m.matches()).as("a dict entry: " + entry).isTrue();
            dict.set(m.group(1), JSON.readTree(m.group(2)));
        }
        throw new AssertionError(opening + " is never closed");
    }

    private static String first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as(p.pattern()).isTrue();
        return m.group(1);
    }

    private static String page(String name) {
        try (InputStream in = VendorPageSampleCodeIT.class.getResourceAsStream("/vendor-pages/" + name)) {
            assertThat(in).as("vendor page " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The vendor's origin replaced with the emulator's, path and query kept. */
    private static String rewrite(String url) {
        Matcher m = Pattern.compile("^https://(lumozai\\.com|api\\.segmind\\.com)(/.*)$").matcher(url);
        assertThat(m.matches()).as("a vendor URL: " + url).isTrue();
        return emu.root() + m.group(2);
    }

    private static byte[] download(String url) {
        Curl c = Curl.run(List.of(url));
        assertThat(c.status).as(c.toString()).isEqualTo(200);
        return c.out;
    }

    /** One run of the real curl; the status comes from {@code --write-out} on stderr-free stdout's end. */
    private record Curl(List<String> args, int exit, int status, byte[] out, String err) {
        private static final String MARK = "\nHTTP-STATUS:";

        static Curl post(String url, Map<String, String> headers, String json) {
            List<String> args = new ArrayList<>(List.of("-X", "POST", url));
            headers.forEach((k, v) -> args.addAll(List.of("-H", k + ": " + (k.equals("x-api-key") ? "sg-test-key" : v))));
            args.addAll(List.of("--data-binary", json));
            return run(args);
        }

        static Curl run(List<String> args) {
            List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--write-out",
                    MARK + "%{http_code}"));
            command.addAll(args);
            try {
                Process p = new ProcessBuilder(command).directory(work.toFile()).start();
                byte[] all = p.getInputStream().readAllBytes();
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(EmulatorProcess.GUARD_SECONDS, TimeUnit.SECONDS)).as("curl ended").isTrue();
                String tail = new String(all, StandardCharsets.ISO_8859_1);
                int at = tail.lastIndexOf(MARK);
                int status = at < 0 ? -1 : Integer.parseInt(tail.substring(at + MARK.length()).trim());
                byte[] body = at < 0 ? all : java.util.Arrays.copyOf(all, at);
                return new Curl(command, p.exitValue(), status, body, err);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        String body() {
            return new String(out, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "curl " + args + " -> exit " + exit + ", status " + status + ", body "
                    + (out.length > 300 ? out.length + " bytes" : body()) + ", stderr " + err;
        }
    }
}
