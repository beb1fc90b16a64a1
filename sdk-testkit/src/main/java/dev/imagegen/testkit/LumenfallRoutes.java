package dev.imagegen.testkit;

import static dev.imagegen.testkit.Json.obj;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lumenfall (OpenAI-compatible): {@code POST /openai/v1/images/generations} and {@code /images/edits}. The rules below
 * are provider-lumenfall's catalog, written out again because the testkit may not depend on the providers;
 * {@code CatalogAgreementTest} keeps the two equal.
 */
final class LumenfallRoutes {
    static final List<String> MODELS = List.of("hidream-i1-full", "hidream-i1-dev", "hidream-i1-fast");
    /** Lumenfall lists an Image Edit mode for hidream-i1-full only (its model pages); edits on the others are 400. */
    static final List<String> EDIT_MODELS = List.of("hidream-i1-full");
    /**
     * The sizes taken: HiDream's seven native resolutions, then the OpenAI sizes. Lumenfall publishes no size limits
     * for HiDream, so the catalog enumerates what is known to work and the emulator refuses the rest.
     */
    static final List<String> SIZES = List.of("1024x1024", "768x1360", "1360x768", "880x1168", "1168x880", "1248x832",
            "832x1248", "512x512", "1536x1024", "1024x1536", "1792x1024", "1024x1792");
    /** {@code output_format}: docs.lumenfall.ai/unified-model-behavior lists png, jpeg, gif, webp, avif for every model. */
    static final List<String> FORMATS = List.of("png", "jpeg", "gif", "webp", "avif");
    /** {@code seed}: -1 (random) up to a signed 32-bit integer, as the catalog keeps it. */
    static final long MAX_SEED = Integer.MAX_VALUE;
    /**
     * The price per image in USD a dry run answers, by model: the catalog's, so that an estimate and the cost of the
     * same request agree ($0.05 for hidream-i1-full is Lumenfall's page; dev and fast are the catalog's estimates from
     * fal.ai's per-megapixel prices at about 1 MP).
     */
    static final Map<String, Double> PRICES = Map.of("hidream-i1-full", 0.05, "hidream-i1-dev", 0.03,
            "hidream-i1-fast", 0.01);
    private static final Pattern SIZE = Pattern.compile("^(\\d{1,5})x(\\d{1,5})$");

    private final EmulatorState state;

    LumenfallRoutes(EmulatorState state) {
        this.state = state;
    }

    static Reply error(int status, String message) {
        String code;
        String type;
        switch (status) {
            case 400: code = "INVALID_REQUEST"; type = "invalid_request_error"; break;
            case 401: code = "AUTHENTICATION_FAILED"; type = "authentication_error"; break;
            case 402: code = "INSUFFICIENT_BALANCE"; type = "billing_error"; break;
            case 403: code = "PERMISSION_DENIED"; type = "permission_error"; break;
            case 404: code = "MODEL_NOT_FOUND"; type = "not_found_error"; break;
            case 429: code = "RATE_LIMITED"; type = "rate_limit_error"; break;
            case 502: code = "ALL_PROVIDERS_EXHAUSTED"; type = "upstream_error"; break;
            default: code = status >= 500 ? "UPSTREAM_ERROR" : "INVALID_REQUEST";
                type = status >= 500 ? "upstream_error" : "invalid_request_error";
        }
        return error(status, message, type, code);
    }

    static Reply error(int status, String message, String type, String code) {
        return Reply.json(status, obj("error", obj("message", message, "type", type, "code", code)));
    }

    /** What one validated request asks for. */
    private record Parsed(String model, String prompt, int n, int width, int height, boolean b64,
            ImageFormat format, int quality, Long seed, long inputHash) {
    }

    Reply generations(Call c) {
        Reply pre = preamble(c);
        if (pre != null) {
            return pre;
        }
        if (!c.isJson()) {
            return error(400, "Content-Type must be application/json");
        }
        try {
            return generate(c, parse(Fields.json(c.jsonObject()), 0));
        } catch (FormData.BadBodyException e) {
            return error(400, e.getMessage());
        } catch (Fields.ValidationException e) {
            return e.field.equals("model") && e.getMessage().startsWith("Model ") ? error(404, e.getMessage())
                    : error(400, e.getMessage());
        }
    }

    Reply edits(Call c) {
        Reply pre = preamble(c);
        if (pre != null) {
            return pre;
        }
        if (!c.isMultipart()) {
            return error(400, "Content-Type must be multipart/form-data");
        }
        try {
            FormData form = c.form();
            List<FormData.FilePart> images = new ArrayList<>(form.files("image"));
            images.addAll(form.files("image[]"));
            Fields f = Fields.form(form);
            if (images.isEmpty()) {
                throw new Fields.ValidationException("image", "image is required: send one or more image files");
            }
            String model = f.string("model");
            if (model != null && MODELS.contains(model) && !EDIT_MODELS.contains(model)) {
                throw new Fields.ValidationException("model", "model '" + model + "' does not support image editing;"
                        + " use " + String.join(" or ", EDIT_MODELS));
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (FormData.FilePart p : images) {
                if (p.bytes().length == 0) {
                    throw new Fields.ValidationException("image", "image must not be an empty file");
                }
                all.writeBytes(p.bytes());
            }
            for (FormData.FilePart p : form.files("mask")) {
                all.writeBytes(p.bytes());
            }
            return generate(c, parse(f, ImageRenderer.hashBytes(all.toByteArray())));
        } catch (FormData.BadBodyException e) {
            return error(400, e.getMessage());
        } catch (Fields.ValidationException e) {
            return e.field.equals("model") && e.getMessage().startsWith("Model ") ? error(404, e.getMessage())
                    : error(400, e.getMessage());
        }
    }

    private Reply preamble(Call c) {
        if (!c.method.equals("POST")) {
            return error(405, "Method " + c.method + " not allowed", "invalid_request_error", "METHOD_NOT_ALLOWED")
                    .header("Allow", "POST");
        }
        if (!c.hasBearer(state)) {
            return error(401, "Invalid or missing API key");
        }
        return null;
    }

    private Parsed parse(Fields f, long inputHash) {
        String model = f.requireString("model");
        if (!MODELS.contains(model)) {
            throw new Fields.ValidationException("model", "Model '" + model + "' not found");
        }
        String prompt = f.requireString("prompt");
        Long n = f.integer("n", 1, 10);
        int w = 1024;
        int h = 1024;
        String size = f.string("size");
        if (size != null && !size.equals("auto")) {
            Matcher m = SIZE.matcher(size);
            if (!m.matches()) {
                throw new Fields.ValidationException("size", "size must look like 1024x1024 (got '" + size + "')");
            }
            w = Integer.parseInt(m.group(1));
            h = Integer.parseInt(m.group(2));
            if (!SIZES.contains(w + "x" + h)) {
                throw new Fields.ValidationException("size", "size must be one of " + String.join(", ", SIZES)
                        + " (got '" + size + "')");
            }
        }
        boolean b64 = f.oneOf("response_format", List.of("url", "b64_json"), "url").equals("b64_json");
        String fmt = f.oneOf("output_format", FORMATS, "png");
        Long compression = f.integer("output_compression", 0, 100);
        f.oneOf("quality", List.of("auto", "standard", "hd", "low", "medium", "high"), "auto");
        f.oneOf("style", List.of("vivid", "natural"), "vivid");
        f.string("user");
        f.integer("num_inference_steps", 1, 100);
        f.number("guidance_scale", 0, 20);
        f.string("negative_prompt");
        Long seed = f.integer("seed", -1, MAX_SEED);
        f.bool("enable_safety_checker");
        return new Parsed(model, prompt, n == null ? 1 : n.intValue(), w, h, b64, ImageFormat.fromVendorName(fmt),
                compression == null ? 90 : compression.intValue(), seed == null || seed < 0 ? null : seed, inputHash);
    }

    private Reply generate(Call c, Parsed p) {
        String requestId = "req_" + state.hexId().substring(0, 24);
        if ("true".equalsIgnoreCase(c.query().first("dryRun"))) {
            // the shape of docs.lumenfall.ai/api-reference/cost-estimation: amounts in micros (1/1,000,000 USD)
            double unit = PRICES.get(p.model());
            long micros = Math.round(unit * 1_000_000) * p.n();
            return headers(Reply.json(200, obj("estimated", true, "model", p.model(), "provider", "fal",
                    "total_cost_micros", micros, "currency", "USD", "components", List.of(obj("type", "output",
                            "metric", "image", "quantity", p.n(), "billable_quantity", p.n(), "unit_price", unit,
                            "total_cost", micros)))), p.model(), requestId);
        }
        if (c.jobFault != null && c.jobFault.kind == Fault.Kind.JOB_NEVER_FINISHES) {
            state.hang();
        }
        EmulatorState.sleep(state.processingTime);
        if (c.jobFault != null && c.jobFault.kind == Fault.Kind.JOB_FAILS) {
            return error(502, c.jobFault.message, "upstream_error", "UPSTREAM_ERROR");
        }
        long seed = p.seed() != null ? p.seed() : state.randomSeed(1L << 31);
        List<Object> data = new ArrayList<>();
        for (int i = 0; i < p.n(); i++) {
            ImageRenderer.Spec spec = new ImageRenderer.Spec(p.width(), p.height(), p.prompt(), seed + i, p.format(),
                    p.quality(), p.inputHash());
            Object out = p.b64() ? Base64.getEncoder().encodeToString(state.image(spec)) : state.storeOutput(c.origin, spec);
            data.add(obj(p.b64() ? "b64_json" : "url", out, "revised_prompt", p.prompt()));
        }
        return headers(Reply.json(200, obj("created", System.currentTimeMillis() / 1000, "data", data)),
                p.model(), requestId);
    }

    private static Reply headers(Reply r, String model, String requestId) {
        return r.header("X-Lumenfall-Provider", "fal").header("X-Lumenfall-Model", model)
                .header("X-Lumenfall-Request-Id", requestId);
    }
}
