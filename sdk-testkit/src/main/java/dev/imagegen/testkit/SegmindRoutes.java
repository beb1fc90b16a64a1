package dev.imagegen.testkit;

import static dev.imagegen.testkit.Json.obj;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Segmind: {@code POST /v1/hidream-l1-fast} (raw image bytes) and the v2 queue. */
final class SegmindRoutes {
    static final String MODEL = "hidream-l1-fast";
    /** The seven resolution labels, byte for byte (the sign is U+00D7 MULTIPLICATION SIGN). */
    static final List<String> RESOLUTIONS = List.of(
            "1024 \u00d7 1024 (Square)",
            "768 \u00d7 1360 (Portrait)",
            "1360 \u00d7 768 (Landscape)",
            "880 \u00d7 1168 (Portrait)",
            "1168 \u00d7 880 (Landscape)",
            "1248 \u00d7 832 (Landscape)",
            "832 \u00d7 1248 (Portrait)");
    /** The four speed modes, byte for byte (U+1F34B, U+1F34A, U+1F525, U+1F680). */
    static final List<String> SPEED_MODES = List.of(
            "Unsqueezed " + new String(Character.toChars(0x1F34B)) + " (highest quality)",
            "Lightly Juiced " + new String(Character.toChars(0x1F34A)) + " (more consistent)",
            "Juiced " + new String(Character.toChars(0x1F525)) + " (more speed)",
            "Extra Juiced " + new String(Character.toChars(0x1F680)) + " (even more speed)");

    private final EmulatorState state;

    SegmindRoutes(EmulatorState state) {
        this.state = state;
    }

    static Reply error(int status, String message) {
        if (status == 405) {
            return methodNotAllowedPage();
        }
        return Reply.json(status, obj("error", message));
    }

    static Reply methodNotAllowedPage() {
        return Reply.text(405, "text/html; charset=utf-8", "<!DOCTYPE html>\n<html>\n<head><title>405 Not Allowed"
                + "</title></head>\n<body>\n<center><h1>405 Not Allowed</h1></center>\n<hr><center>nginx</center>\n"
                + "</body>\n</html>\n");
    }

    /** What one validated request asks for. */
    private record Parsed(ImageRenderer.Spec spec, long seed) {
    }

    Reply generate(Call c) {
        if (!c.method.equals("POST")) {
            return methodNotAllowedPage();
        }
        Object parsed = parse(c);
        if (parsed instanceof Reply) {
            return (Reply) parsed;
        }
        Parsed p = (Parsed) parsed;
        if (c.jobFault != null && c.jobFault.kind == Fault.Kind.JOB_NEVER_FINISHES) {
            state.hang();
        }
        if (c.jobFault != null && c.jobFault.kind == Fault.Kind.JOB_FAILS) {
            EmulatorState.sleep(state.processingTime);
            return error(422, c.jobFault.message);
        }
        double cost = state.segmindCostPerImage;
        double remaining = state.chargeSegmind(cost);
        if (Double.isNaN(remaining)) {
            return error(406, "Insufficient credits");
        }
        EmulatorState.sleep(state.processingTime);
        byte[] bytes = state.image(p.spec());
        return new Reply(200, state.mediaType(p.spec()), bytes)
                .header("x-remaining-credits", money(remaining))
                .header("x-cost", money(cost))
                .header("x-generation-time", String.format(Locale.ROOT, "%.2f",
                        EmulatorState.nominalMillis(state.processingNanos()) / 1000.0))
                .header("x-seed-value", Long.toString(p.seed()))
                .header("x-request-id", state.uuid());
    }

    Reply submit(Call c) {
        if (!c.method.equals("POST")) {
            return methodNotAllowedPage();
        }
        Object parsed = parse(c);
        if (parsed instanceof Reply) {
            return (Reply) parsed;
        }
        Parsed p = (Parsed) parsed;
        double cost = state.segmindCostPerImage;
        double remaining = state.chargeSegmind(cost);
        if (Double.isNaN(remaining)) {
            return error(406, "Insufficient credits");
        }
        String id = state.uuid();
        Job job = state.newJob(c.origin, "segmind:" + id, List.of(p.spec()), MODEL, state.processingNanos());
        job.cost = cost;
        job.remainingCredits = remaining;
        job.apply(c.jobFault, false);
        job.outputUrls = List.of(state.storeOutput(job.origin, p.spec()));
        return Reply.json(200, obj("request_id", id, "status", "QUEUED"));
    }

    Reply status(Call c) {
        Object j = pollTarget(c);
        if (j instanceof Reply) {
            return (Reply) j;
        }
        Job job = (Job) j;
        Job.State s = job.state(job.apply(c.jobFault, true));
        Map<String, Object> body = obj("request_id", c.params.get(0), "status", name(s));
        if (s == Job.State.FAILED) {
            body.put("error", job.failure);
        }
        return Reply.json(200, body);
    }

    Reply result(Call c) {
        Object j = pollTarget(c);
        if (j instanceof Reply) {
            return (Reply) j;
        }
        Job job = (Job) j;
        Job.State s = job.state(job.apply(c.jobFault, true));
        double processing = job.processingNanos / 1e9;
        double inference = job.inferenceMillis() / 1000.0;
        double queue = processing / 5;
        switch (s) {
            case QUEUED:
            case RUNNING:
                return Reply.json(202, obj("request_id", c.params.get(0), "status", name(s)));
            case FAILED:
                return Reply.json(422, obj("status", "FAILED", "error", job.failure, "metrics",
                        obj("inference_time", inference, "queue_time", queue, "total_time", inference + queue)));
            default:
                return Reply.json(200, obj("request_id", c.params.get(0), "status", "COMPLETED",
                        "output", job.outputUrls.get(0),
                        "metrics", obj("inference_time", inference, "queue_time", queue,
                                "total_time", inference + queue, "cost", job.cost,
                                "remaining_credits", job.remainingCredits)));
        }
    }

    private Object pollTarget(Call c) {
        if (!c.method.equals("GET")) {
            return methodNotAllowedPage();
        }
        if (!state.acceptsKey(c.header("x-api-key"))) {
            return error(401, "Unauthorized: invalid or missing x-api-key");
        }
        Job job = state.job("segmind:" + c.params.get(0));
        return job == null ? error(404, "Request not found") : job;
    }

    private static String name(Job.State s) {
        switch (s) {
            case QUEUED:
                return "QUEUED";
            case RUNNING:
                return "PROCESSING";
            case FAILED:
                return "FAILED";
            default:
                return "COMPLETED";
        }
    }

    /** Auth, model, content type and field checks shared by v1 and the v2 queue: a Parsed, or an error Reply. */
    private Object parse(Call c) {
        if (!state.acceptsKey(c.header("x-api-key"))) {
            return error(401, "Unauthorized: invalid or missing x-api-key");
        }
        if (!MODEL.equals(c.params.get(0))) {
            return error(404, "Model not found");
        }
        Fields f;
        try {
            if (c.isJson()) {
                f = Fields.json(c.jsonObject());
            } else if (c.isMultipart()) {
                f = Fields.form(c.form());
            } else {
                return error(406, "Invalid content type");
            }
        } catch (FormData.BadBodyException e) {
            return error(400, e.getMessage());
        }
        try {
            String prompt = f.requireString("prompt");
            Long seed = f.integer("seed", -1, Long.MAX_VALUE);
            if (seed != null && seed == 0) {
                // docs.segmind.com/api-reference/random-seed: -1 is random, any positive integer is deterministic
                throw new Fields.ValidationException("seed", "seed must be -1 (random) or a positive integer (got 0)");
            }
            f.oneOf("model_type", List.of("fast"), "fast");
            String resolution = f.oneOf("resolution", RESOLUTIONS, RESOLUTIONS.get(0));
            f.oneOf("speed_mode", SPEED_MODES, SPEED_MODES.get(1));
            ImageFormat format = ImageFormat.fromVendorName(f.oneOf("output_format", List.of("png", "jpg", "webp"),
                    "webp"));
            Long quality = f.integer("output_quality", 1, 100);
            // a drawn seed is positive too, so the reported x-seed-value can be sent again
            long used = seed == null || seed == -1 ? 1 + state.randomSeed((1L << 31) - 1) : seed;
            int[] wh = LumozRoutes.labelSize(resolution);
            return new Parsed(new ImageRenderer.Spec(wh[0], wh[1], prompt, used, format,
                    quality == null ? 100 : quality.intValue(), 0), used);
        } catch (Fields.ValidationException e) {
            return error(400, e.getMessage());
        }
    }

    private static String money(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
