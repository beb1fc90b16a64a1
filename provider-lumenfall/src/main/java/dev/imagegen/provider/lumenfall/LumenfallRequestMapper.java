package dev.imagegen.provider.lumenfall;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.ImageRequest;
import dev.imagegen.InputImage;
import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ProviderConfig;
import dev.imagegen.spi.WireBody;
import dev.imagegen.spi.WireRequest;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a neutral request into Lumenfall's wire requests: a JSON {@code images/generations} body, or a multipart
 * {@code images/edits} body when the request carries input images. Fields the OpenAI specification defines keep their
 * OpenAI names; the HiDream fields ({@code num_inference_steps}, {@code guidance_scale}, {@code negative_prompt},
 * {@code seed}, {@code enable_safety_checker}) ride along, since Lumenfall passes unknown fields to the upstream
 * model. The request's raw Lumenfall provider options are merged last and win; a null option removes the field.
 */
final class LumenfallRequestMapper {

    static final String GENERATIONS_PATH = "/images/generations";
    static final String EDITS_PATH = "/images/edits";
    static final String DRY_RUN_QUERY = "?dryRun=true";

    /** Only turns option values into JSON trees or text; the core serialises the body. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ProviderConfig config;
    /** The generations URL, built once: it is the same for every request. */
    private final String generationsUrl;
    private final String responseFormat;
    private final String multiImageField;

    LumenfallRequestMapper(ProviderConfig config, String responseFormat, String multiImageField) {
        this.config = config;
        this.generationsUrl = config.url(GENERATIONS_PATH);
        this.responseFormat = responseFormat;
        this.multiImageField = multiImageField;
    }

    /** The paid generate request: generations for text-to-image, edits when there are input images. */
    WireRequest prepare(ImageRequest r, ModelInfo m) {
        if (!r.inputImages().isEmpty()) {
            return WireRequest.post(config.url(EDITS_PATH)).body(editBody(r, m)).paid(true).operation("edit").build();
        }
        return WireRequest.post(generationsUrl).body(WireBody.json(fields(r, m))).paid(true).operation("generate").build();
    }

    /** The unpaid dry run of a generation: the same body, with {@code ?dryRun=true}. */
    WireRequest dryRun(ImageRequest r, ModelInfo m) {
        return WireRequest.post(config.url(GENERATIONS_PATH) + DRY_RUN_QUERY).body(WireBody.json(fields(r, m)))
                .paid(false).operation("estimate").build();
    }

    WireBody editBody(ImageRequest r, ModelInfo m) {
        WireBody.FormBuilder form = WireBody.form().multipart(true);
        fields(r, m).forEach((name, value) -> form.field(name, text(value)));
        List<InputImage> images = r.inputImages();
        String imageField = images.size() == 1 ? "image" : multiImageField;
        for (InputImage image : images) {
            form.file(imageField, image.fileName(), image.mediaType(), image.bytes());
        }
        r.mask().ifPresent(mask -> form.file("mask", mask.fileName(), mask.mediaType(), mask.bytes()));
        return form.build();
    }

    /** Every field but the files, in wire order, provider options merged last. */
    private Map<String, Object> fields(ImageRequest r, ModelInfo m) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("model", m.vendorId());
        f.put("prompt", r.prompt());
        f.put("n", r.count());
        r.size().ifPresent(s -> f.put("size", s.width() + "x" + s.height()));
        f.put("response_format", responseFormat);
        r.outputFormat().ifPresent(o -> f.put("output_format", o.name()));
        r.outputQuality().ifPresent(q -> f.put("output_compression", q));
        r.negativePrompt().ifPresent(n -> f.put("negative_prompt", n));
        r.steps().ifPresent(s -> f.put("num_inference_steps", s));
        r.guidanceScale().ifPresent(g -> f.put("guidance_scale", g));
        r.seed().ifPresent(s -> f.put("seed", s));
        r.safetyChecker().ifPresent(s -> f.put("enable_safety_checker", s));
        r.providerOptions(LumenfallProviderFactory.ID).forEach((name, value) -> {
            if (value == null) {
                f.remove(name);
            } else {
                f.put(name, value);
            }
        });
        return f;
    }

    /** A multipart text value: strings as they are, numbers and booleans as JSON writes them, structures as JSON. */
    private static String text(Object value) {
        if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
