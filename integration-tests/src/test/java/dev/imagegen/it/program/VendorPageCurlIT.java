package dev.imagegen.it.program;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
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
 * Every {@code curl} command of the vendor pages (src/test/resources/vendor-pages, copied verbatim from the pages the
 * project was specified from), run by the real {@code curl} through {@code bash} against the emulator program, with
 * only scheme, host and port rewritten to the emulator's. The commands are found in the page text, not copied into
 * this test, so a page that gained or lost an example would fail {@link #thePagesHoldTheseCurlCommands()}.
 *
 * <p>What runs besides the command: {@code $LUMENFALL_API_KEY}, {@code $WAVESPEED_API_KEY} and {@code $requestId} are
 * set in the environment, and a {@code .curlrc} in a scratch {@code CURL_HOME} adds only {@code --silent --show-error}
 * and a {@code --write-out} of the HTTP status, so that the status can be asserted without editing the command.
 */
class VendorPageCurlIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ORIGIN = Pattern.compile("https://[A-Za-z0-9.-]+(:\\d+)?");
    private static final String STATUS_MARK = "\nHTTP-STATUS:";

    @TempDir
    static Path work;
    static EmulatorProcess emu;

    @BeforeAll
    static void startTheProgram() throws IOException {
        emu = EmulatorProcess.start("--port", "0");
        Files.writeString(work.resolve(".curlrc"),
                "silent\nshow-error\nwrite-out = \"" + STATUS_MARK.replace("\n", "\\n") + "%{http_code}\"\n");
    }

    @AfterAll
    static void stopIt() {
        if (emu != null) {
            emu.close();
        }
    }

    @Test
    void thePagesHoldTheseCurlCommands() {
        assertThat(curlCommands("lumenfall-hidream-i1-full.txt")).hasSize(2)
                .allSatisfy(c -> assertThat(c).contains("https://api.lumenfall.ai/openai/v1/images/"));
        assertThat(curlCommands("wavespeed-hidream-i1-dev.txt")).hasSize(2)
                .allSatisfy(c -> assertThat(c).contains("https://api.wavespeed.ai/api/v2/"));
        // These pages show PHP cURL (LumozAI) and Python requests (Segmind), not shell commands: nothing to run as
        // written here; VendorPageSampleCodeIT sends them as they send themselves.
        assertThat(curlCommands("lumoz-hidream-l1.txt")).isEmpty();
        assertThat(curlCommands("lumoz-flux-cute-3d-kawaii.txt")).isEmpty();
        assertThat(curlCommands("segmind-hidream-l1-fast.txt")).isEmpty();
    }

    @Test
    void lumenfallTextToImageAsWritten() {
        Result r = run(curlCommands("lumenfall-hidream-i1-full.txt").get(0), Map.of());

        // The page: { "created": 1234567890, "data": [{ "url": "https://...", "revised_prompt": "..." }] }
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("created").isIntegralNumber()).isTrue();
        assertThat(body.at("/data/0/revised_prompt").asText()).isEqualTo("A serene mountain landscape at sunset");
        String url = body.at("/data/0/url").asText();
        assertThat(url).startsWith(emu.root() + "/storage/");
        assertThat(download(url, "landscape.png")).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }

    @Test
    void lumenfallImageEditingCannotRunAsWrittenButDoesOnceRepaired() throws IOException {
        String asWritten = curlCommands("lumenfall-hidream-i1-full.txt").get(1);
        // The page's `-F "image=@source.png"` was turned into "[email protected]" by the site's e-mail address
        // obfuscation; curl refuses that form field before sending anything.
        assertThat(asWritten).contains("-F \"[email protected]\"");
        Result refused = run(asWritten, Map.of());
        assertThat(refused.exit).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr).contains("option -F: is badly used here");

        // Repaired as the page's JavaScript and Python examples say (image: source.png), with a source.png in the
        // working directory: an image the emulator generated.
        Result source = run(curlCommands("lumenfall-hidream-i1-full.txt").get(0), Map.of());
        Files.write(work.resolve("source.png"), download(source.json().at("/data/0/url").asText(), "source.png"));
        Result edited = run(asWritten.replace("[email protected]", "image=@source.png"), Map.of());

        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(edited.json().at("/data/0/revised_prompt").asText()).isEqualTo("Add a starry night sky to this image");
        assertThat(edited.json().at("/data/0/url").asText()).startsWith(emu.root() + "/storage/");
    }

    @Test
    void waveSpeedSubmitThenResultAsWritten() {
        List<String> commands = curlCommands("wavespeed-hidream-i1-dev.txt");

        Result submitted = run(commands.get(0), Map.of());
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(200);
        JsonNode submit = submitted.json();
        assertThat(submit.get("code").asInt()).isEqualTo(200);
        assertThat(submit.at("/data/model").asText()).isEqualTo("wavespeed-ai/hidream-i1-dev");
        String id = submit.at("/data/id").asText();
        assertThat(id).isNotBlank();

        Result polled = run(commands.get(1), Map.of("requestId", id));

        assertThat(polled.status()).as(polled.toString()).isEqualTo(200);
        JsonNode result = polled.json();
        assertThat(result.at("/data/id").asText()).isEqualTo(id);
        assertThat(result.at("/data/status").asText()).as("the program's processing time is 0").isEqualTo("completed");
        // "enable_base64_output": true in the page's request: the output is the image itself, base64 (JPEG by default)
        byte[] image = Base64.getDecoder().decode(result.at("/data/outputs/0").asText());
        assertThat(image).startsWith(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
        assertThat(result.at("/data/has_nsfw_contents/0").asBoolean(true)).isFalse();
    }

    // ---- the commands on the pages ----

    /** The shell commands starting with {@code curl} on a page, each up to its unquoted, unescaped end of line. */
    static List<String> curlCommands(String page) {
        String text = page(page);
        String[] lines = text.split("\n", -1);
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].stripLeading().startsWith("curl ")) {
                continue;
            }
            StringBuilder command = new StringBuilder();
            char quote = 0;
            for (; i < lines.length; i++) {
                String line = lines[i];
                command.append(line);
                boolean escapedEnd = false;
                for (int k = 0; k < line.length(); k++) {
                    char c = line.charAt(k);
                    if (quote == '\'') {
                        quote = c == '\'' ? 0 : quote;
                    } else if (c == '\\') {
                        escapedEnd = k == line.length() - 1;
                        k++;
                    } else if (quote == '"') {
                        quote = c == '"' ? 0 : quote;
                    } else if (c == '\'' || c == '"') {
                        quote = c;
                    }
                }
                if (quote == 0 && !escapedEnd) {
                    break;
                }
                command.append('\n');
            }
            commands.add(command.toString());
        }
        return commands;
    }

    private static String page(String name) {
        try (InputStream in = VendorPageCurlIT.class.getResourceAsStream("/vendor-pages/" + name)) {
            assertThat(in).as("vendor page " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- running them ----

    /** Runs the command with bash, every vendor origin in it pointed at the emulator, and nothing else changed. */
    private static Result run(String command, Map<String, String> env) {
        Matcher m = ORIGIN.matcher(command);
        StringBuilder local = new StringBuilder();
        while (m.find()) {
            assertThat(m.group()).as("a vendor host the emulator stands in for")
                    .isIn("https://api.lumenfall.ai", "https://api.wavespeed.ai");
            m.appendReplacement(local, Matcher.quoteReplacement(emu.root()));
        }
        m.appendTail(local);
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", local.toString()).directory(work.toFile());
            pb.environment().put("HOME", work.toString());
            pb.environment().put("CURL_HOME", work.toString());
            pb.environment().put("LUMENFALL_API_KEY", "lf-curl-test-key");
            pb.environment().put("WAVESPEED_API_KEY", "ws-curl-test-key");
            pb.environment().putAll(env);
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(EmulatorProcess.GUARD_SECONDS, TimeUnit.SECONDS)).as("curl ended").isTrue();
            return new Result(local.toString(), p.exitValue(), new String(out, StandardCharsets.UTF_8), err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] download(String url, String file) {
        Result r = run("curl -o " + file + " " + url, Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        try {
            return Files.readAllBytes(work.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What curl printed: the body, then the status the .curlrc's write-out appended. */
    record Result(String command, int exit, String stdout, String stderr) {
        int status() {
            int at = stdout.lastIndexOf(STATUS_MARK);
            return at < 0 ? -1 : Integer.parseInt(stdout.substring(at + STATUS_MARK.length()).trim());
        }

        JsonNode json() {
            int at = stdout.lastIndexOf(STATUS_MARK);
            try {
                return JSON.readTree(at < 0 ? stdout : stdout.substring(0, at));
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + this, e);
            }
        }
    }
}
