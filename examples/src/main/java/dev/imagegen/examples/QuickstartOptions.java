package dev.imagegen.examples;

import dev.imagegen.ImageRequest;
import dev.imagegen.ImageSize;
import dev.imagegen.InputImage;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.OutputFormat;
import dev.imagegen.SpeedMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The Quickstart's command line, parsed by picocli (an unknown option, a missing value and a single-value option given
 * twice are errors; {@code --} ends the options), and every check that needs no provider: ranges, combinations, files,
 * and the output format against the file's extension.
 */
@Command(name = "java -jar imagegen-examples.jar", mixinStandardHelpOptions = true,
        versionProvider = QuickstartOptions.Version.class, sortOptions = false, usageHelpWidth = 110,
        description = {
                "Generates images with one provider and writes them to a file. With <ID>_API_KEY set (e.g. SEGMIND_API_KEY;"
                        + " FAL_KEY or FAL_API_KEY for fal) it calls the real vendor (<ID>_BASE_URL overrides the host);"
                        + " without it, it starts the local provider emulator, which draws test images and bills nothing.",
                "Every argument is checked against the model's catalog before the emulator starts or anything is sent;"
                        + " an error names the option and the values the model allows.", ""},
        footer = {"", "Exit codes: 0 written, 1 the generation failed, 2 bad arguments (or values the model rejects)."})
final class QuickstartOptions {

    /** The formats the command knows, by name, and the file extensions that mean them. */
    static final Map<String, OutputFormat> EXTENSIONS = Map.of("png", OutputFormat.PNG, "jpg", OutputFormat.JPEG,
            "jpeg", OutputFormat.JPEG, "webp", OutputFormat.WEBP, "gif", OutputFormat.GIF, "avif", OutputFormat.AVIF);

    private static final Map<String, String> DEFAULT_MODELS = Map.of("lumoz", "hidream-l1");

    @Option(names = "--provider", paramLabel = "ID", description = "segmind (default), lumoz, wavespeed, lumenfall or fal")
    String provider = "segmind";

    @Option(names = "--model", paramLabel = "M", description = "canonical or vendor model id (default: hidream-i1-fast; hidream-l1 for lumoz):"
            + " segmind hidream-i1-fast; lumoz hidream-l1, flux-cute-3d-kawaii; wavespeed, lumenfall and fal"
            + " hidream-i1-fast, hidream-i1-dev, hidream-i1-full")
    String model;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "what to draw (default: " + Quickstart.DEFAULT_PROMPT
            + "); or give it as words after --")
    String prompt;

    @Parameters(paramLabel = "PROMPT", arity = "0..*", description = "the prompt as words, after -- (so they may start"
            + " with -): ... --out fox.png -- a red fox")
    List<String> promptWords = new ArrayList<>();

    @Option(names = "--negative-prompt", paramLabel = "TEXT", description = "what to avoid (lumenfall, fal)")
    String negativePrompt;

    @Option(names = "--size", paramLabel = "WxH", description = "exact size such as 1024x1024 or 1360x768 (default: the model's)")
    String size;

    @Option(names = "--nearest-size", description = "let a size the model cannot make become the nearest one it can"
            + " (the result says so in a warning)")
    boolean nearestSize;

    @Option(names = "--aspect-ratio", paramLabel = "W:H", description = "aspect ratio instead of a size, such as 16:9 (lumoz flux)")
    String aspectRatio;

    @Option(names = "--megapixels", paramLabel = "X", description = "pixel budget with --aspect-ratio, such as 1 or 0.25 (lumoz flux)")
    Double megapixels;

    @Option(names = "--seed", paramLabel = "N", description = "fixed seed for a repeatable image (default: none; the vendor"
            + " draws one, and the output shows it)")
    Long seed;

    @Option(names = "--format", paramLabel = "F", description = "png, jpeg (or jpg), webp, gif or avif, as the model allows (gif and avif:"
            + " lumenfall); default: from the extension of --out, else png")
    String format;

    @Option(names = "--quality", paramLabel = "N", description = "quality of lossy formats, such as 90")
    Integer quality;

    @Option(names = "--speed", paramLabel = "S", description = "quality, balanced, fast or fastest (HiDream on segmind and lumoz)")
    String speed;

    @Option(names = "--steps", paramLabel = "N", description = "inference steps")
    Integer steps;

    @Option(names = "--guidance", paramLabel = "X", description = "guidance scale")
    Double guidance;

    @Option(names = "--lora-scale", paramLabel = "X", description = "scale of the model's built-in LoRA (lumoz flux-cute-3d-kawaii)")
    Double loraScale;

    @Option(names = "--image", paramLabel = "PATH", description = "input image: image-to-image (lumoz flux, with --strength),"
            + " or the image to edit (lumenfall hidream-i1-full, with --mask)")
    Path image;

    @Option(names = "--strength", paramLabel = "X", description = "how far to move away from --image, 0..1 (image-to-image)")
    Double strength;

    @Option(names = "--mask", paramLabel = "PATH", description = "edit mask for --image: a PNG, transparent where the image"
            + " may change (lumenfall hidream-i1-full)")
    Path mask;

    @Option(names = "--provider-option", paramLabel = "NAME=VALUE", description = "a raw vendor field for the provider,"
            + " repeatable; a value that reads as a number or true/false is sent as one")
    Map<String, String> providerOptions = new LinkedHashMap<>();

    @Option(names = "--count", paramLabel = "N", description = "how many images (default 1); files get -1, -2, ... suffixes")
    int count = 1;

    @Option(names = "--out", paramLabel = "PATH", description = "where to write the image (default: quickstart.<format>); its extension (png, jpg,"
            + " jpeg, webp, gif or avif) sets the format. Should the vendor return another format, the file gets that"
            + " format's extension instead, with a warning")
    Path out;

    /** What {@link #check(String[])} settles. */
    OutputFormat outputFormat;

    /** A new command line over {@code options}. */
    static CommandLine commandLine(QuickstartOptions options) {
        return new CommandLine(options).setOverwrittenOptionsAllowed(false);
    }

    /**
     * Checks what picocli cannot, fills in the defaults, and reads the input files.
     *
     * @param args the arguments as given, to tell prompt words after {@code --} from stray ones
     * @throws UsageException naming the option and what it allows
     */
    void check(String[] args) throws UsageException {
        provider = provider.trim().toLowerCase(Locale.ROOT);
        if (!ExampleSession.ALL_PROVIDERS.contains(provider)) {
            throw new UsageException("--provider: unknown provider '" + provider + "'; allowed: "
                    + String.join(", ", ExampleSession.ALL_PROVIDERS));
        }
        model = model != null ? nonBlank("--model", model) : DEFAULT_MODELS.getOrDefault(provider, "hidream-i1-fast");
        checkPrompt(args);
        if (size != null && aspectRatio != null) {
            throw new UsageException("--size and --aspect-ratio cannot be combined; give one");
        }
        if (size != null) {
            parsedSize();
        }
        if (aspectRatio != null && !aspectRatio.matches("\\s*\\d+\\s*:\\s*\\d+\\s*")) {
            throw new UsageException("--aspect-ratio: expected W:H such as 16:9, got '" + aspectRatio + "'");
        }
        atLeast("--megapixels", megapixels, Double.MIN_VALUE, "a number above 0");
        atLeast("--quality", quality == null ? null : quality.doubleValue(), 1, "a whole number of at least 1");
        atLeast("--steps", steps == null ? null : steps.doubleValue(), 1, "a whole number of at least 1");
        atLeast("--count", (double) count, 1, "a whole number of at least 1");
        atLeast("--guidance", guidance, 0, "a number of at least 0");
        atLeast("--lora-scale", loraScale, 0, "a number of at least 0");
        if (strength != null && !(strength >= 0 && strength <= 1)) {
            throw new UsageException("--strength: expected a number from 0 to 1, got " + strength);
        }
        if (speed != null) {
            speedMode();
        }
        if (strength != null && image == null) {
            throw new UsageException("--strength needs --image PATH");
        }
        if (mask != null && image == null) {
            throw new UsageException("--mask needs --image PATH (the image to edit)");
        }
        for (String name : providerOptions.keySet()) {
            if (name.isBlank()) {
                throw new UsageException("--provider-option: expected NAME=VALUE with a name, got '=" + providerOptions.get(name) + "'");
            }
        }
        checkFormat();
    }

    private void checkPrompt(String[] args) throws UsageException {
        List<String> all = Arrays.asList(args);
        int end = all.indexOf("--");
        int afterEnd = end < 0 ? 0 : args.length - end - 1;
        if (promptWords.size() > afterEnd) {
            String stray = promptWords.get(0);
            throw new UsageException("unexpected argument '" + stray + "': options start with --, and a prompt given as"
                    + " words goes after -- (or use --prompt TEXT)");
        }
        if (!promptWords.isEmpty() && prompt != null) {
            throw new UsageException("the prompt is given twice: with --prompt and as words after --; give one");
        }
        prompt = !promptWords.isEmpty() ? String.join(" ", promptWords) : prompt != null ? prompt : Quickstart.DEFAULT_PROMPT;
        prompt = nonBlank("--prompt", prompt);
    }

    /** The format from {@code --format} or {@code --out}'s extension, which must agree; the default file name. */
    private void checkFormat() throws UsageException {
        OutputFormat asked = null;
        if (format != null) {
            asked = EXTENSIONS.get(format.trim().toLowerCase(Locale.ROOT));
            if (asked == null) {
                throw new UsageException("--format: unknown format '" + format + "'; allowed: png, jpeg, jpg, webp, gif, avif");
            }
        }
        if (out != null) {
            nonBlank("--out", out.toString());
            Optional<String> ext = extension(out);
            OutputFormat fromName = ext.map(e -> EXTENSIONS.get(e.toLowerCase(Locale.ROOT))).orElse(null);
            if (ext.isPresent() && fromName == null) {
                throw new UsageException("--out: '." + ext.get() + "' is not an image extension this command writes; allowed:"
                        + " .png, .jpg, .jpeg, .webp, .gif, .avif (or no extension)");
            }
            if (asked != null && fromName != null && !asked.equals(fromName)) {
                throw new UsageException("--format " + asked + " and --out " + out + " disagree: the file would hold " + asked
                        + " under a ." + ext.get() + " name; drop --format, or change the extension");
            }
            asked = asked != null ? asked : fromName;
        }
        outputFormat = asked != null ? asked : OutputFormat.PNG;
        if (out == null) {
            out = Path.of("quickstart." + extensionOf(outputFormat));
        }
    }

    /** The request these options describe; reads {@code --image} and {@code --mask}. */
    ImageRequest toRequest() throws UsageException {
        ImageRequest.Builder b = ImageRequest.builder()
                .provider(provider)
                .model(model)
                .prompt(prompt)
                .negativePrompt(negativePrompt)
                .outputFormat(outputFormat)
                .count(count)
                .nearestSize(nearestSize);
        if (size != null) {
            b.size(parsedSize());
        }
        if (aspectRatio != null) {
            b.aspectRatio(aspectRatio.replace(" ", ""));
        }
        b.megapixels(megapixels).seed(seed).outputQuality(quality).speedMode(speed == null ? null : speedMode())
                .steps(steps).guidanceScale(guidance).strength(strength);
        if (loraScale != null) {
            b.loraScale(loraScale);
        }
        if (image != null) {
            b.inputImage(InputImage.of(read("--image", image)));
        }
        if (mask != null) {
            b.mask(InputImage.of(read("--mask", mask)));
        }
        providerOptions.forEach((name, value) -> b.providerOption(provider, name.trim(), typed(value)));
        return b.build();
    }

    /** {@code true}/{@code false} as a boolean, a whole number as a long, a decimal as a double, the rest as text. */
    static Object typed(String value) {
        String v = value.trim();
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        if (v.matches("-?\\d{1,18}")) {
            return Long.parseLong(v);
        }
        if (v.matches("-?\\d+\\.\\d+")) {
            return Double.parseDouble(v);
        }
        return value;
    }

    /** The extension of a file name without the dot, if it has one ({@code a.b/c} has none). */
    static Optional<String> extension(Path path) {
        Path name = path.getFileName();
        String s = name == null ? "" : name.toString();
        int dot = s.lastIndexOf('.');
        return dot > 0 && dot < s.length() - 1 ? Optional.of(s.substring(dot + 1)) : Optional.empty();
    }

    /** The file extension this command writes a format under: {@code jpg} for JPEG, else the format's name. */
    static String extensionOf(OutputFormat format) {
        return format.equals(OutputFormat.JPEG) ? "jpg" : format.name();
    }

    private ImageSize parsedSize() throws UsageException {
        try {
            return ImageSize.parse(size);
        } catch (InvalidRequestException | IllegalArgumentException e) {
            throw new UsageException("--size: expected WIDTHxHEIGHT such as 1024x1024, got '" + size + "'");
        }
    }

    private SpeedMode speedMode() throws UsageException {
        try {
            return SpeedMode.valueOf(speed.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--speed: unknown speed '" + speed + "'; allowed: quality, balanced, fast, fastest");
        }
    }

    private static byte[] read(String option, Path file) throws UsageException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException(option + ": no such file '" + file + "'");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException(option + ": cannot read '" + file + "': " + e.getMessage());
        }
    }

    private static String nonBlank(String option, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(option + ": must not be blank");
        }
        return value;
    }

    private static void atLeast(String option, Double value, double min, String expected) throws UsageException {
        if (value != null && !(value >= min && Double.isFinite(value))) {
            throw new UsageException(option + ": expected " + expected + ", got " + value);
        }
    }

    /** A bad argument; the message names the option and what it allows. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** {@code --version}: this build's version, from {@code version.properties} (filled in by Maven). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            String v = p.getProperty("version", "");
            return new String[] {"imagegen-java examples " + (v.isBlank() || v.startsWith("${") ? "(unknown version)" : v),
                    "Java " + System.getProperty("java.version")};
        }
    }
}
