package dev.imagegen.testkit;

import static dev.imagegen.testkit.Json.obj;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** LumozAI: {@code POST /api/v4/run} (form fields) and the asynchronous check endpoint. */
final class LumozRoutes {
    static final String HIDREAM = "hidream-l1";
    static final String FLUX = "flux-cute-3d-kawaii";
    static final List<String> ASPECT_RATIOS =
            List.of("1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21");
    private static final int[][] ASPECT_SIZES = {{1024, 1024}, {1344, 768}, {1536, 640}, {1216, 832}, {832, 1216},
        {896, 1088}, {1088, 896}, {896, 1152}, {1152, 896}, {768, 1344}, {640, 1536}};
    private static final Pattern LABEL_SIZE = Pattern.compile("^(\\d+) \u00d7 (\\d+) ");

    private final EmulatorState state;

    LumozRoutes(EmulatorState state) {
        this.state = state;
    }

    static Reply error(int status, String message) {
        return Reply.json(status, obj("success", false, "message", message));
    }

    Reply run(Call c) {
        if (!c.method.equals("POST")) {
            return notAllowed(c, "POST");
        }
        if (!c.hasBearer(state)) {
            return error(401, "Unauthenticated.");
        }
        Fields f;
        try {
            f = fields(c);
        } catch (FormData.BadBodyException e) {
            return error(400, e.getMessage());
        }
        ImageRenderer.Spec spec;
        try {
            String model = f.string("model_id");
            if (model == null || model.isBlank()) {
                return error(400, "The model_id field is required.");
            }
            if (model.equals(HIDREAM)) {
                spec = hidream(f);
            } else if (model.equals(FLUX)) {
                spec = flux(f, c);
            } else {
                return error(404, "Model not found: " + model);
            }
        } catch (Fields.ValidationException e) {
            return error(400, "The " + e.field + " field is invalid: " + e.getMessage());
        }
        long id = state.nextLumozId();
        if (state.lumozAsync) {
            Job job = state.newJob(c.origin, "lumoz:" + id, List.of(spec), "lumoz", state.processingNanos());
            job.numericId = id;
            job.apply(c.jobFault, false);
            job.outputUrls = List.of(state.storeOutput(job.origin, spec));
            return Reply.json(200, obj("success", true, "data", obj("request_id", id)));
        }
        if (c.jobFault != null && c.jobFault.kind == Fault.Kind.JOB_NEVER_FINISHES) {
            state.hang();
        }
        EmulatorState.sleep(state.processingTime);
        if (c.jobFault != null && c.jobFault.kind == Fault.Kind.JOB_FAILS) {
            return error(500, c.jobFault.message);
        }
        Job job = state.newJob(c.origin, "lumoz:" + id, List.of(spec), "lumoz", 0);
        job.numericId = id;
        job.outputUrls = List.of(state.storeOutput(job.origin, spec));
        return Reply.json(200, success(job, false));
    }

    Reply check(Call c) {
        if (!c.method.equals("POST") && !c.method.equals("GET")) {
            return notAllowed(c, "GET, POST");
        }
        if (!c.hasBearer(state)) {
            return error(401, "Unauthenticated.");
        }
        String raw = c.query().first("request_id");
        if (raw == null && c.body.length > 0) {
            try {
                if (c.isJson()) {
                    com.fasterxml.jackson.databind.JsonNode n = c.jsonObject().get("request_id");
                    raw = n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
                } else {
                    raw = c.form().first("request_id");
                }
            } catch (FormData.BadBodyException e) {
                return error(400, e.getMessage());
            }
        }
        if (raw == null || raw.isBlank()) {
            return error(400, "The request_id field is required.");
        }
        long id;
        try {
            id = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            return error(400, "The request_id field must be an integer.");
        }
        Job job = state.job("lumoz:" + id);
        if (job == null) {
            return error(404, "Request not found: " + id);
        }
        boolean force = job.apply(c.jobFault, true);
        switch (job.state(force)) {
            case QUEUED:
            case RUNNING:
                return Reply.json(200, obj("success", true, "data", obj("request_id", id, "status", "processing")));
            case FAILED:
                return Reply.json(200, obj("success", false, "message", job.failure,
                        "data", obj("request_id", id, "status", "failed")));
            default:
                return Reply.json(200, success(job, true));
        }
    }

    private static Map<String, Object> success(Job job, boolean withStatus) {
        Map<String, Object> data = obj("request_id", job.numericId, "output", job.outputUrls.get(0),
                "output_type", "image");
        if (withStatus) {
            data.put("status", "completed");
        }
        return obj("success", true, "data", data);
    }

    private static Reply notAllowed(Call c, String allowed) {
        return error(405, "The " + c.method + " method is not supported for route " + c.path.substring(1)
                + ". Supported methods: " + allowed + ".").header("Allow", allowed);
    }

    private static Fields fields(Call c) {
        if (c.isJson()) {
            return Fields.json(c.jsonObject());
        }
        if (c.isMultipart() || c.isUrlEncoded() || c.body.length == 0) {
            return Fields.form(c.form());
        }
        throw new FormData.BadBodyException("Unsupported Content-Type '" + c.mediaType()
                + "': send application/x-www-form-urlencoded or multipart/form-data");
    }

    private ImageRenderer.Spec hidream(Fields f) {
        String prompt = f.requireString("prompt");
        long seed = seed(f);
        f.oneOf("speed_mode", SegmindRoutes.SPEED_MODES, SegmindRoutes.SPEED_MODES.get(1));
        String resolution = f.oneOf("resolution", SegmindRoutes.RESOLUTIONS, SegmindRoutes.RESOLUTIONS.get(0));
        ImageFormat format = ImageFormat.fromVendorName(f.oneOf("output_format", List.of("png", "jpg", "webp"), "webp"));
        Long quality = f.integer("output_quality", 0, 100);
        int[] wh = labelSize(resolution);
        return new ImageRenderer.Spec(wh[0], wh[1], prompt, seed, format, quality == null ? 80 : quality.intValue(), 0);
    }

    private ImageRenderer.Spec flux(Fields f, Call c) {
        String prompt = f.requireString("prompt");
        String ratio = f.oneOf("aspect_ratio", ASPECT_RATIOS, "1:1");
        String mp = f.oneOf("megapixels", List.of("1", "0.25"), "1");
        long inputHash = 0;
        if (!f.isJson() && c.isMultipart()) {
            List<FormData.FilePart> files = c.form().files("image");
            if (!files.isEmpty()) {
                if (files.get(0).bytes().length == 0) {
                    throw new Fields.ValidationException("image", "image must not be an empty file");
                }
                inputHash = ImageRenderer.hashBytes(files.get(0).bytes());
            }
        }
        if (inputHash == 0 && f.has("image")) {
            inputHash = ImageRenderer.hashBytes(f.string("image").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        f.number("prompt_strength", 0, 1);
        f.integer("num_inference_steps", 1, 50);
        f.number("guidance", 0, 10);
        f.number("lora_scale", -1, 3);
        long seed = seed(f);
        ImageFormat format = ImageFormat.fromVendorName(f.oneOf("output_format", List.of("webp", "jpg", "png"), "webp"));
        Long quality = f.integer("output_quality", 0, 100);
        int[] wh = ASPECT_SIZES[ASPECT_RATIOS.indexOf(ratio)];
        int div = mp.equals("0.25") ? 2 : 1;
        return new ImageRenderer.Spec(wh[0] / div, wh[1] / div, prompt, seed, format,
                quality == null ? 80 : quality.intValue(), inputHash);
    }

    private long seed(Fields f) {
        Long seed = f.integer("seed", -1, (1L << 53));
        return seed == null || seed < 0 ? state.randomSeed(1L << 31) : seed;
    }

    static int[] labelSize(String label) {
        Matcher m = LABEL_SIZE.matcher(label);
        if (!m.find()) {
            throw new IllegalStateException(label);
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }
}
