package dev.imagegen.examples;

import dev.imagegen.GeneratedImage;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ImageSize;
import dev.imagegen.InputImage;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.OutputFormat;
import dev.imagegen.SpeedMode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Quickstart command line: generates one or more images with any provider and writes them to a file.
 *
 * <pre>
 * java -jar examples/target/imagegen-examples.jar                       # emulator, writes quickstart.png
 * SEGMIND_API_KEY=... java -jar imagegen-examples.jar --prompt "a red fox" --size 1360x768 --out fox.png
 * FAL_KEY=... java -jar imagegen-examples.jar --provider fal --out fal.png   # fal.ai, hidream-i1-fast
 * java -jar imagegen-examples.jar --help
 * </pre>
 *
 * <p>With {@code <ID>_API_KEY} set for the chosen provider ({@code FAL_KEY} or {@code FAL_API_KEY} for fal) it calls
 * the real vendor ({@code <ID>_BASE_URL} overrides
 * the host); without it, it starts the local provider emulator and says so. Exit codes: 0 done, 1 the generation
 * failed, 2 bad arguments (including values the model does not accept).
 */
public final class Quickstart {

    /** Exit code: the images were written. */
    public static final int OK = 0;
    /** Exit code: the generation (or writing the file) failed. */
    public static final int FAILED = 1;
    /** Exit code: the arguments were wrong. */
    public static final int USAGE = 2;

    static final String DEFAULT_PROMPT = "a cute panda holding a sign that says \"Keep Calm\"";

    private static final Map<String, String> DEFAULT_MODELS = Map.of(
            "segmind", "hidream-i1-fast",
            "lumoz", "hidream-l1",
            "wavespeed", "hidream-i1-fast",
            "lumenfall", "hidream-i1-fast",
            "fal", "hidream-i1-fast");

    private Quickstart() {
    }

    /** Runs the command line against {@code System.getenv()} and exits with its code. */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err, System.getenv());
        if (code != OK) {
            System.exit(code);
        }
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments (see {@link #usage()})
     * @param out  where results go
     * @param err  where errors and the usage hint go
     * @param env  the environment ({@code <ID>_API_KEY}, {@code <ID>_BASE_URL}, ...)
     * @return the exit code: {@link #OK}, {@link #FAILED} or {@link #USAGE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("Run with --help to see every option.");
            return USAGE;
        }
        if (options.help) {
            out.print(usage());
            return OK;
        }
        ImageRequest request;
        try {
            request = options.toRequest();
        } catch (UsageException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println("Run with --help to see every option.");
            return USAGE;
        } catch (InvalidRequestException e) {
            err.println("error: " + describe(e));
            err.println("Run with --help to see every option.");
            return USAGE;
        }
        try (ExampleSession session = ExampleSession.open(env, out, options.provider)) {
            return generate(session.client(), request, options, out, err);
        } catch (ImageGenerationException e) {
            // e.g. a base URL the client cannot use
            err.println("error: " + e.getMessage());
            return FAILED;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        }
    }

    private static int generate(ImageClient client, ImageRequest request, Options options, PrintStream out,
                                PrintStream err) {
        ImageResult result;
        try {
            result = client.generate(request);
        } catch (InvalidRequestException e) {
            err.println("error: " + describe(e));
            if (e.field().isPresent()) {
                err.println("The model does not accept this value. Run with --help to see every option.");
                return USAGE;
            }
            return FAILED;
        } catch (ImageGenerationException e) {
            err.println("error: " + describe(e));
            return FAILED;
        }
        out.println("provider: " + result.provider());
        out.println("model:    " + result.model());
        out.println("seed:     " + result.seed().map(String::valueOf).orElse("not reported"));
        out.println("cost:     " + result.cost().map(Object::toString).orElse("unknown"));
        out.println("time:     " + result.timings().total().toMillis() + " ms"
                + result.timings().inference().map(d -> " (inference " + d.toMillis() + " ms)").orElse(""));
        result.warnings().forEach(w -> out.println("warning:  " + w));
        List<GeneratedImage> images = result.images();
        for (int i = 0; i < images.size(); i++) {
            GeneratedImage image = images.get(i);
            Path path = images.size() == 1 ? options.out : numbered(options.out, i + 1);
            try {
                Path parent = path.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                image.writeTo(path);
                out.println("size:     " + image.size() + " (" + image.mediaType() + ")");
                out.println("wrote:    " + path + " (" + Files.size(path) + " bytes)");
            } catch (ImageGenerationException e) {
                err.println("error: " + describe(e));
                return FAILED;
            } catch (IOException e) {
                err.println("error: cannot write " + path + ": " + e.getMessage());
                return FAILED;
            }
        }
        return OK;
    }

    /** {@code out.png} with n = 2 becomes {@code out-2.png}. */
    static Path numbered(Path path, int n) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String numbered = dot > 0 ? name.substring(0, dot) + "-" + n + name.substring(dot) : name + "-" + n;
        return path.resolveSibling(numbered);
    }

    private static String describe(ImageGenerationException e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        if (e instanceof InvalidRequestException ire && !ire.allowed().isEmpty()) {
            sb.append(" (allowed: ").append(String.join(", ", ire.allowed())).append(')');
        }
        return sb.toString();
    }

    /** The text {@code --help} prints. */
    public static String usage() {
        return """
                Usage: java -jar imagegen-examples.jar [options]

                Generates images with one provider and writes them to a file. With <ID>_API_KEY set (e.g.
                SEGMIND_API_KEY; FAL_KEY or FAL_API_KEY for fal) it calls the real vendor (<ID>_BASE_URL overrides
                the host); without it, it starts the local provider emulator, which draws test images and bills
                nothing.

                Options (all optional):
                  --provider ID         segmind (default), lumoz, wavespeed, lumenfall or fal
                  --model M             model id (default: hidream-i1-fast; hidream-l1 for lumoz).
                                        e.g. segmind hidream-i1-fast; lumoz hidream-l1, flux-cute-3d-kawaii;
                                        wavespeed, lumenfall and fal hidream-i1-fast, -dev, -full
                  --prompt TEXT         what to draw (default: %s)
                  --size WxH            exact size, e.g. 1024x1024 or 1360x768 (default: the model's)
                  --aspect-ratio W:H    aspect ratio instead of a size, e.g. 16:9 (lumoz flux)
                  --megapixels X        pixel budget with --aspect-ratio, e.g. 1 or 0.25 (lumoz flux)
                  --seed N              fixed seed for a repeatable image (default: random)
                  --format F            png, jpeg or webp (default: from --out's extension, else png)
                  --quality N           quality of lossy formats, e.g. 90
                  --speed S             quality, balanced, fast or fastest (HiDream on segmind and lumoz)
                  --steps N             inference steps
                  --guidance X          guidance scale
                  --lora-scale X        scale of the model's built-in LoRA (lumoz flux-cute-3d-kawaii)
                  --image PATH          input image for image-to-image (needs --strength)
                  --strength X          how far to move away from --image, 0..1
                  --count N             how many images (default 1); files get -1, -2, ... suffixes
                  --out PATH            where to write the image (default: quickstart.<format>)
                  -h, --help            this text

                Exit codes: 0 written, 1 the generation failed, 2 bad arguments (or values the model rejects).
                """.formatted(DEFAULT_PROMPT);
    }

    /** A bad argument; the message names the option. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The parsed command line. */
    static final class Options {
        boolean help;
        String provider = "segmind";
        String model;
        String prompt = DEFAULT_PROMPT;
        ImageSize size;
        String aspectRatio;
        Double megapixels;
        Long seed;
        OutputFormat format;
        Integer quality;
        SpeedMode speed;
        Integer steps;
        Double guidance;
        Double loraScale;
        Path image;
        Double strength;
        int count = 1;
        Path out;

        static Options parse(String[] args) throws UsageException {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                if (name.equals("-h") || name.equals("--help")) {
                    o.help = true;
                    continue;
                }
                if (!name.startsWith("--")) {
                    throw new UsageException("unexpected argument '" + arg + "' (options start with --)");
                }
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = args[++i];
                }
                o.set(name, value);
            }
            if (o.size != null && o.aspectRatio != null) {
                throw new UsageException("--size and --aspect-ratio cannot be combined; give one");
            }
            if (o.strength != null && o.image == null) {
                throw new UsageException("--strength needs --image PATH");
            }
            if (o.model == null) {
                o.model = DEFAULT_MODELS.getOrDefault(o.provider, "hidream-i1-fast");
            }
            if (o.format == null) {
                o.format = o.out == null ? OutputFormat.PNG : formatFromName(o.out).orElse(OutputFormat.PNG);
            }
            if (o.out == null) {
                o.out = Path.of("quickstart." + (o.format.equals(OutputFormat.JPEG) ? "jpg" : o.format.name()));
            }
            return o;
        }

        private void set(String name, String value) throws UsageException {
            switch (name) {
                case "--provider" -> {
                    String id = value.trim().toLowerCase(Locale.ROOT);
                    if (!ExampleSession.ALL_PROVIDERS.contains(id)) {
                        throw new UsageException("--provider: unknown provider '" + value + "'; use one of "
                                + String.join(", ", ExampleSession.ALL_PROVIDERS));
                    }
                    provider = id;
                }
                case "--model" -> model = nonBlank(name, value);
                case "--prompt" -> prompt = nonBlank(name, value);
                case "--size" -> {
                    try {
                        size = ImageSize.parse(value);
                    } catch (InvalidRequestException e) {
                        throw new UsageException("--size: expected WIDTHxHEIGHT such as 1024x1024, got '" + value + "'");
                    }
                }
                case "--aspect-ratio" -> {
                    if (!value.matches("\\s*\\d+\\s*:\\s*\\d+\\s*")) {
                        throw new UsageException("--aspect-ratio: expected W:H such as 16:9, got '" + value + "'");
                    }
                    aspectRatio = value.replace(" ", "");
                }
                case "--megapixels" -> megapixels = positiveDouble(name, value);
                case "--seed" -> {
                    try {
                        seed = Long.parseLong(value.trim());
                    } catch (NumberFormatException e) {
                        throw new UsageException("--seed: expected a whole number, got '" + value + "'");
                    }
                }
                case "--format" -> {
                    String f = value.trim().toLowerCase(Locale.ROOT);
                    if (!List.of("png", "jpeg", "jpg", "webp").contains(f)) {
                        throw new UsageException("--format: expected png, jpeg or webp, got '" + value + "'");
                    }
                    format = OutputFormat.of(f);
                }
                case "--quality" -> quality = positiveInt(name, value);
                case "--speed" -> {
                    try {
                        speed = SpeedMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--speed: expected quality, balanced, fast or fastest, got '"
                                + value + "'");
                    }
                }
                case "--steps" -> steps = positiveInt(name, value);
                case "--guidance" -> guidance = nonNegativeDouble(name, value);
                case "--lora-scale" -> loraScale = nonNegativeDouble(name, value);
                case "--image" -> {
                    Path p = Path.of(value);
                    if (!Files.isRegularFile(p)) {
                        throw new UsageException("--image: no such file '" + value + "'");
                    }
                    image = p;
                }
                case "--strength" -> {
                    double s = nonNegativeDouble(name, value);
                    if (s > 1) {
                        throw new UsageException("--strength: expected a number from 0 to 1, got '" + value + "'");
                    }
                    strength = s;
                }
                case "--count" -> count = positiveInt(name, value);
                case "--out" -> out = Path.of(nonBlank(name, value));
                default -> throw new UsageException("unknown option '" + name + "'");
            }
        }

        ImageRequest toRequest() throws UsageException {
            ImageRequest.Builder b = ImageRequest.builder()
                    .provider(provider)
                    .model(model)
                    .prompt(prompt)
                    .outputFormat(format)
                    .count(count);
            if (size != null) {
                b.size(size);
            }
            if (aspectRatio != null) {
                b.aspectRatio(aspectRatio);
            }
            b.megapixels(megapixels).seed(seed).outputQuality(quality).speedMode(speed).steps(steps)
                    .guidanceScale(guidance).strength(strength);
            if (loraScale != null) {
                b.loraScale(loraScale);
            }
            if (image != null) {
                try {
                    b.inputImage(InputImage.of(Files.readAllBytes(image)));
                } catch (IOException e) {
                    throw new UsageException("--image: cannot read '" + image + "': " + e.getMessage());
                }
            }
            return b.build();
        }

        private static java.util.Optional<OutputFormat> formatFromName(Path path) {
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".png")) {
                return java.util.Optional.of(OutputFormat.PNG);
            }
            if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
                return java.util.Optional.of(OutputFormat.JPEG);
            }
            if (name.endsWith(".webp")) {
                return java.util.Optional.of(OutputFormat.WEBP);
            }
            return java.util.Optional.empty();
        }

        private static String nonBlank(String name, String value) throws UsageException {
            if (value.isBlank()) {
                throw new UsageException(name + ": must not be blank");
            }
            return value;
        }

        private static int positiveInt(String name, String value) throws UsageException {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new UsageException(name + ": expected a whole number of at least 1, got '" + value + "'");
        }

        private static double positiveDouble(String name, String value) throws UsageException {
            double d = nonNegativeDouble(name, value);
            if (d == 0) {
                throw new UsageException(name + ": expected a number above 0, got '" + value + "'");
            }
            return d;
        }

        private static double nonNegativeDouble(String name, String value) throws UsageException {
            try {
                double d = Double.parseDouble(value.trim());
                if (d >= 0 && Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new UsageException(name + ": expected a number of at least 0, got '" + value + "'");
        }
    }
}
