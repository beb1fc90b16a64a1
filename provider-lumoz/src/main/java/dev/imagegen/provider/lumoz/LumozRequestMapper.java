package dev.imagegen.provider.lumoz;

import dev.imagegen.AspectRatio;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageSize;
import dev.imagegen.InputImage;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.Lora;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.spi.JobHandle;
import dev.imagegen.spi.ProviderConfig;
import dev.imagegen.spi.WireBody;
import dev.imagegen.spi.WireRequest;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a validated {@link ImageRequest} into LumozAI's {@code POST /api/v4/run} form, and a job into its check
 * request. The body is urlencoded, or multipart when an input image is sent (as the vendor's PHP sample does).
 */
final class LumozRequestMapper {

    static final String RUN_PATH = "/api/v4/run";
    static final String ATTR_CHECK_METHOD = "checkMethod";

    private final ProviderConfig config;
    private final String checkPath;
    private final String checkMethod;

    LumozRequestMapper(ProviderConfig config) {
        this.config = config;
        this.checkPath = config.option(LumozOptions.CHECK_PATH, LumozOptions.DEFAULT_CHECK_PATH).trim();
        if (!checkPath.startsWith("/")) {
            throw new IllegalArgumentException("lumoz option " + LumozOptions.CHECK_PATH + " must start with '/', got '"
                    + checkPath + "'");
        }
        this.checkMethod = config.option(LumozOptions.CHECK_METHOD, LumozOptions.DEFAULT_CHECK_METHOD).trim()
                .toUpperCase(Locale.ROOT);
        if (!checkMethod.equals("GET") && !checkMethod.equals("POST")) {
            throw new IllegalArgumentException("lumoz option " + LumozOptions.CHECK_METHOD + " must be GET or POST, got '"
                    + checkMethod + "'");
        }
    }

    WireRequest run(ImageRequest r, ModelInfo model) {
        WireBody.FormBuilder form = WireBody.form();
        List<Field> fields = model.id().equals(LumozCatalog.HIDREAM_ID) ? hidream(r, model) : fluxKawaii(r, model);
        mergeOptions(fields, r.providerOptions(LumozCatalog.PROVIDER_ID));
        for (Field f : fields) {
            if (f.image != null) {
                form.file(f.name, f.image.fileName(), f.image.mediaType(), f.image.bytes());
            } else {
                form.field(f.name, f.value);
            }
        }
        return WireRequest.post(config.url(RUN_PATH))
                .header("Accept", "application/json")
                .body(form.build())
                .paid(true)
                .operation("generate")
                .build();
    }

    /** The job to poll for a run answer that carried only a request id. */
    JobHandle job(ModelInfo model, String requestId) {
        String path = checkPath.replace("{request_id}", encode(requestId));
        String url = config.url(path);
        if (checkMethod.equals("GET") && !checkPath.contains("{request_id}")) {
            url += (url.contains("?") ? "&" : "?") + "request_id=" + encode(requestId);
        }
        return new JobHandle(LumozCatalog.PROVIDER_ID, model.id(), requestId, url, Map.of(ATTR_CHECK_METHOD, checkMethod));
    }

    WireRequest check(JobHandle job) {
        String method = job.attributes().getOrDefault(ATTR_CHECK_METHOD, checkMethod);
        if (method.equals("GET")) {
            return WireRequest.get(job.pollUrl()).header("Accept", "application/json").operation("poll").build();
        }
        return WireRequest.post(job.pollUrl())
                .header("Accept", "application/json")
                .body(WireBody.form().field("request_id", job.jobId()).build())
                .operation("poll")
                .build();
    }

    // ---- models ----

    private static List<Field> hidream(ImageRequest r, ModelInfo model) {
        List<Field> f = new ArrayList<>();
        f.add(Field.text("model_id", model.vendorId()));
        f.add(Field.text("prompt", r.prompt()));
        r.seed().ifPresent(s -> f.add(Field.text("seed", Long.toString(s))));
        f.add(Field.text("speed_mode", LumozCatalog.SPEED_MODES.get(r.speedMode().orElse(LumozCatalog.DEFAULT_SPEED_MODE))));
        ImageSize size = r.size()
                .or(() -> r.aspectRatio().map(LumozCatalog.HIDREAM_RATIOS::get))
                .orElse(LumozCatalog.DEFAULT_RESOLUTION);
        f.add(Field.text("resolution", LumozCatalog.RESOLUTIONS.get(size)));
        f.add(Field.text("output_format", format(r, model)));
        f.add(Field.text("output_quality", Integer.toString(r.outputQuality().orElse(LumozCatalog.DEFAULT_HIDREAM_QUALITY))));
        return f;
    }

    private static List<Field> fluxKawaii(ImageRequest r, ModelInfo model) {
        Double lora = builtInLoraScale(r);
        AspectRatio ratio;
        String megapixels;
        if (r.size().isPresent()) {
            ImageSize size = r.size().get();
            ratio = null;
            megapixels = null;
            for (Map.Entry<AspectRatio, ImageSize> e : LumozCatalog.FLUX_RATIOS.entrySet()) {
                if (e.getValue().equals(size)) {
                    ratio = e.getKey();
                    megapixels = LumozCatalog.MEGAPIXELS_ONE;
                } else if (LumozCatalog.quarter(e.getValue()).equals(size)) {
                    ratio = e.getKey();
                    megapixels = LumozCatalog.MEGAPIXELS_QUARTER;
                }
            }
            if (ratio == null) {
                // The core checked the size against the catalog, which lists exactly these sizes.
                throw InvalidRequestException.forField(LumozCatalog.PROVIDER_ID, "size", size + " is not a size "
                        + model + " produces", model.describeSizes());
            }
            if (r.megapixels().isPresent() && !megapixels.equals(megapixels(r.megapixels().get()))) {
                throw InvalidRequestException.forField(LumozCatalog.PROVIDER_ID, "megapixels", r.megapixels().get()
                        + " contradicts size " + size + ", which is " + megapixels + " megapixel(s)", List.of(megapixels));
            }
        } else {
            ratio = r.aspectRatio().orElse(AspectRatio.of(1, 1));
            megapixels = r.megapixels().map(LumozRequestMapper::megapixels).orElse(LumozCatalog.MEGAPIXELS_ONE);
        }

        List<Field> f = new ArrayList<>();
        f.add(Field.text("model_id", model.vendorId()));
        f.add(Field.text("prompt", r.prompt()));
        f.add(Field.text("aspect_ratio", ratio.toString()));
        if (r.inputImage().isPresent()) {
            f.add(Field.image("image", r.inputImage().get()));
            f.add(Field.text("prompt_strength", number(r.strength().orElse(0.8))));
        }
        r.steps().ifPresent(s -> f.add(Field.text("num_inference_steps", Integer.toString(s))));
        r.guidanceScale().ifPresent(g -> f.add(Field.text("guidance", number(g))));
        // No seed means a random one: the field is left out rather than sent empty as the vendor's sample does.
        r.seed().ifPresent(s -> f.add(Field.text("seed", Long.toString(s))));
        f.add(Field.text("output_format", format(r, model)));
        r.outputQuality().ifPresent(q -> f.add(Field.text("output_quality", Integer.toString(q))));
        if (lora != null) {
            f.add(Field.text("lora_scale", number(lora)));
        }
        f.add(Field.text("megapixels", megapixels));
        return f;
    }

    /**
     * The scale of the model's own LoRA, or null when none is asked for. The catalog can say a model takes LoRAs and
     * their scale range, but not that it takes only its built-in one, so that is checked here.
     */
    private static Double builtInLoraScale(ImageRequest r) {
        if (r.loras().isEmpty()) {
            return null;
        }
        for (Lora l : r.loras()) {
            if (!l.isBuiltIn()) {
                throw InvalidRequestException.forField(LumozCatalog.PROVIDER_ID, "loras", "'" + l.ref()
                        + "' is not a LoRA " + LumozCatalog.FLUX_KAWAII_ID + " takes: only its built-in LoRA's scale can be set",
                        List.of(Lora.BUILT_IN));
            }
        }
        if (r.loras().size() > 1) {
            throw InvalidRequestException.forField(LumozCatalog.PROVIDER_ID, "loras", r.loras().size()
                    + " LoRAs given; " + LumozCatalog.FLUX_KAWAII_ID + " takes one scale for its built-in LoRA",
                    List.of(Lora.BUILT_IN));
        }
        return r.loras().get(0).scale();
    }

    private static String format(ImageRequest r, ModelInfo model) {
        OutputFormat f = r.outputFormat().orElse(model.formats().get(0));
        return f.equals(OutputFormat.JPEG) ? "jpg" : f.name();
    }

    private static String megapixels(double mp) {
        return Math.abs(mp - 0.25) < 1e-9 ? LumozCatalog.MEGAPIXELS_QUARTER : LumozCatalog.MEGAPIXELS_ONE;
    }

    /** A number as a form value: {@code 3}, {@code 3.5}, {@code 0.8}, never {@code 3.0} or {@code 8.0E-1}. */
    static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * Raw fields from {@code providerOptions("lumoz")}, merged last: a field already present is replaced in place, a
     * new one (e.g. {@code webhook}) is appended, and a null value removes the field. An {@link InputImage} value is
     * sent as a file.
     */
    private static void mergeOptions(List<Field> fields, Map<String, Object> options) {
        options.forEach((name, value) -> {
            Field replacement = value == null ? null
                    : value instanceof InputImage img ? Field.image(name, img)
                    : Field.text(name, value instanceof Double || value instanceof Float
                            ? number(((Number) value).doubleValue()) : String.valueOf(value));
            int at = -1;
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).name.equals(name)) {
                    at = i;
                    break;
                }
            }
            if (at >= 0 && replacement == null) {
                fields.remove(at);
            } else if (at >= 0) {
                fields.set(at, replacement);
            } else if (replacement != null) {
                fields.add(replacement);
            }
        });
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One form field: text, or an image sent as a file part. */
    private record Field(String name, String value, InputImage image) {
        static Field text(String name, String value) {
            return new Field(name, value, null);
        }

        static Field image(String name, InputImage image) {
            return new Field(name, null, image);
        }
    }
}
