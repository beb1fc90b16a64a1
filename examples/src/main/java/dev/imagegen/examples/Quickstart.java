package dev.imagegen.examples;

import dev.imagegen.GeneratedImage;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.PriceFormula;
import dev.imagegen.spi.ImageProviderFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;

/**
 * The Quickstart command line: generates one or more images with any provider and writes them to a file.
 *
 * <pre>
 * java -jar examples/target/imagegen-examples.jar                       # emulator, writes quickstart.png
 * SEGMIND_API_KEY=... java -jar imagegen-examples.jar --prompt "a red fox" --size 1360x768 --out fox.png
 * LUMENFALL_API_KEY=... java -jar imagegen-examples.jar --provider lumenfall --out fox.gif -- a red fox
 * FAL_KEY=... java -jar imagegen-examples.jar --provider fal --out fal.png   # fal.ai, hidream-i1-fast
 * java -jar imagegen-examples.jar --help
 * </pre>
 *
 * <p>With {@code <ID>_API_KEY} set for the chosen provider ({@code FAL_KEY} or {@code FAL_API_KEY} for fal) it calls
 * the real vendor ({@code <ID>_BASE_URL} overrides the host); without it, it starts the local provider emulator and
 * says so. Arguments are parsed by {@link QuickstartOptions} and checked against the model's catalog before either.
 * Exit codes: 0 done, 1 the generation failed, 2 bad arguments (including values the model does not accept).
 */
public final class Quickstart {

    /** Exit code: the images were written. */
    public static final int OK = 0;
    /** Exit code: the generation (or writing the file) failed. */
    public static final int FAILED = 1;
    /** Exit code: the arguments were wrong. */
    public static final int USAGE = 2;

    static final String DEFAULT_PROMPT = "a cute panda holding a sign that says \"Keep Calm\"";

    /** The request fields the catalog check may name, and the options that set them. */
    private static final Map<String, String> OPTIONS = Map.ofEntries(Map.entry("provider", "--provider"),
            Map.entry("model", "--model"), Map.entry("prompt", "--prompt"), Map.entry("negativePrompt", "--negative-prompt"),
            Map.entry("size", "--size"), Map.entry("aspectRatio", "--aspect-ratio"), Map.entry("megapixels", "--megapixels"),
            Map.entry("seed", "--seed"), Map.entry("outputFormat", "--format"), Map.entry("outputQuality", "--quality"),
            Map.entry("speedMode", "--speed"), Map.entry("steps", "--steps"), Map.entry("guidanceScale", "--guidance"),
            Map.entry("loras", "--lora-scale"), Map.entry("inputImage", "--image"), Map.entry("inputImages", "--image"),
            Map.entry("strength", "--strength"), Map.entry("mask", "--mask"), Map.entry("count", "--count"));

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
     * @param args the arguments ({@code --help} lists them)
     * @param out  where results, {@code --help} and {@code --version} go
     * @param err  where errors go, each printed once
     * @param env  the environment ({@code <ID>_API_KEY}, {@code <ID>_BASE_URL}, ...)
     * @return the exit code: {@link #OK}, {@link #FAILED} or {@link #USAGE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        QuickstartOptions options = new QuickstartOptions();
        CommandLine cmd = QuickstartOptions.commandLine(options);
        ImageRequest request;
        Optional<ModelInfo> model;
        // Everything is checked here, before the emulator starts or a vendor is called.
        try {
            cmd.parseArgs(args);
            if (cmd.isUsageHelpRequested()) {
                cmd.usage(out);
                return OK;
            }
            if (cmd.isVersionHelpRequested()) {
                cmd.printVersionHelp(out);
                return OK;
            }
            options.check(args);
            request = options.toRequest();
            model = catalogModel(options.provider, options.model);
            checkAgainstCatalog(options.provider, request, model);
        } catch (CommandLine.ParameterException | QuickstartOptions.UsageException e) {
            return usageError(err, e.getMessage());
        } catch (InvalidRequestException e) {
            return usageError(err, describe(e));
        }
        try (ExampleSession session = ExampleSession.open(env, out, options.provider)) {
            return generate(session.client(), request, options, model, out, err);
        } catch (ImageGenerationException e) {
            // e.g. a base URL the client cannot use
            err.println("error: " + describe(e));
            return FAILED;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        }
    }

    private static int usageError(PrintStream err, String message) {
        err.println("error: " + message);
        err.println("Run with --help to see every option.");
        return USAGE;
    }

    /** The model in the provider's catalog, found without a client (for its canonical id and price). */
    static Optional<ModelInfo> catalogModel(String provider, String model) {
        for (ImageProviderFactory f : ServiceLoader.load(ImageProviderFactory.class, ImageClient.class.getClassLoader())) {
            if (f.id().equals(provider)) {
                return f.models().stream().filter(m -> m.matches(model)).findFirst();
            }
        }
        return Optional.empty();
    }

    /**
     * Checks the request against the provider's catalog with the SDK's own validation, sending nothing: a client that
     * knows only this provider (at an address nothing listens on) and a price of zero for the model, so that
     * {@code estimate} validates the request and prices it locally instead of asking a vendor's dry run.
     */
    static void checkAgainstCatalog(String provider, ImageRequest request, Optional<ModelInfo> model) {
        ImageClient.Builder offline = ImageClient.builder().environment(Map.of()).systemProperties(new Properties())
                .apiKey(provider, "offline-check").baseUrl(provider, "http://127.0.0.1:9");
        model.ifPresent(m -> offline.price(provider, m.id(), PriceFormula.perImage("0")));
        try (ImageClient client = offline.build()) {
            client.estimate(request);
        }
    }

    private static int generate(ImageClient client, ImageRequest request, QuickstartOptions options,
                                Optional<ModelInfo> model, PrintStream out, PrintStream err) {
        ImageResult result;
        try {
            result = client.generate(request);
        } catch (InvalidRequestException e) {
            err.println("error: " + describe(e));
            // the vendor rejected a value the catalog allowed: still the arguments' fault
            return e.field().isPresent() ? USAGE : FAILED;
        } catch (ImageGenerationException e) {
            err.println("error: " + describe(e));
            return FAILED;
        }
        out.println("provider: " + result.provider());
        out.println("model:    " + model.map(m -> m.id().equals(result.model()) ? m.id()
                : m.id() + " (" + result.provider() + ": " + result.model() + ")").orElse(result.model()));
        out.println("seed:     " + result.seed().map(s -> request.seed().isPresent() ? String.valueOf(s)
                : s + " (drawn by the vendor; --seed " + s + " repeats it)").orElse("not reported"));
        out.println("cost:     " + result.cost().map(Object::toString).orElse("unknown"));
        out.println("time:     " + result.timings().total().toMillis() + " ms"
                + result.timings().inference().map(d -> " (inference " + d.toMillis() + " ms)").orElse(""));
        result.warnings().forEach(w -> out.println("warning:  " + w));
        List<GeneratedImage> images = result.images();
        for (int i = 0; i < images.size(); i++) {
            GeneratedImage image = images.get(i);
            Path asked = images.size() == 1 ? options.out : numbered(options.out, i + 1);
            Path path = asked;
            try {
                path = withExtensionOf(asked, image.mediaType());
                if (!path.equals(asked)) {
                    out.println("warning:  asked for " + options.outputFormat + ", " + result.provider() + " returned "
                            + image.mediaType() + ": writing " + path + " instead of " + asked);
                }
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

    /**
     * {@code path}, or when its extension names another format than {@code mediaType}, the same name with that
     * format's extension: a file never holds one format under another's extension. A name without an extension is kept.
     */
    static Path withExtensionOf(Path path, String mediaType) {
        Optional<String> ext = QuickstartOptions.extension(path);
        OutputFormat actual = OutputFormat.of(mediaType.substring(mediaType.indexOf('/') + 1));
        if (ext.isEmpty() || actual.equals(QuickstartOptions.EXTENSIONS.get(ext.get().toLowerCase(Locale.ROOT)))) {
            return path;
        }
        String name = path.getFileName().toString();
        return path.resolveSibling(name.substring(0, name.length() - ext.get().length())
                + QuickstartOptions.extensionOf(actual));
    }

    /**
     * The error's type and message, once (an {@link InvalidRequestException}'s message already names the field and the
     * allowed values), and the option that sets the field.
     */
    private static String describe(ImageGenerationException e) {
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e instanceof InvalidRequestException ire && ire.field().map(OPTIONS::containsKey).orElse(false)) {
            text += " (option " + OPTIONS.get(ire.field().get()) + ")";
        }
        return text;
    }
}
