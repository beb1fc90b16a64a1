package dev.imagegen.testkit;

import static dev.imagegen.testkit.Json.obj;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** WaveSpeed: {@code POST /api/v2|v3/wavespeed-ai/{model}} and {@code GET /api/v2|v3/predictions/{id}/result}. */
final class WaveSpeedRoutes {
    static final List<String> MODELS = List.of("hidream-i1-dev", "hidream-i1-full", "hidream-i1-fast");
    private static final Pattern SIZE = Pattern.compile("^(\\d{1,5})\\*(\\d{1,5})$");
    private static final DateTimeFormatter CREATED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final EmulatorState state;

    WaveSpeedRoutes(EmulatorState state) {
        this.state = state;
    }

    static Reply error(int status, String message) {
        return Reply.json(status, obj("code", status, "message", message, "data", obj("error", message)));
    }

    Reply submit(Call c) {
        if (!c.method.equals("POST")) {
            return error(405, "method not allowed").header("Allow", "POST");
        }
        if (!c.hasBearer(state)) {
            return error(401, "Unauthorized: invalid or missing API key");
        }
        String version = c.params.get(0);
        String model = c.params.get(1);
        if (!MODELS.contains(model)) {
            return error(404, "model not found: wavespeed-ai/" + model);
        }
        if (!c.isJson()) {
            return error(400, "Content-Type must be application/json");
        }
        ImageRenderer.Spec spec;
        boolean base64;
        boolean sync;
        try {
            Fields f = Fields.json(c.jsonObject());
            String prompt = f.requireString("prompt");
            int w = 1024;
            int h = 1024;
            if (f.has("size")) {
                String size = f.string("size");
                Matcher m = SIZE.matcher(size);
                if (!m.matches()) {
                    throw new Fields.ValidationException("size", "size must look like 1024*1024 (got '" + size + "')");
                }
                w = Integer.parseInt(m.group(1));
                h = Integer.parseInt(m.group(2));
                if (w < 512 || w > 1536 || h < 512 || h > 1536) {
                    throw new Fields.ValidationException("size",
                            "size must be between 512 and 1536 per side (got '" + size + "')");
                }
            } else {
                Long fw = f.integer("width", 512, 1536);
                Long fh = f.integer("height", 512, 1536);
                w = fw == null ? w : fw.intValue();
                h = fh == null ? h : fh.intValue();
            }
            Long seed = f.integer("seed", -1, 9_999_999_999L);
            base64 = Boolean.TRUE.equals(f.bool("enable_base64_output"));
            f.bool("enable_safety_checker");
            sync = Boolean.TRUE.equals(f.bool("enable_sync_mode"));
            ImageFormat format = ImageFormat.fromVendorName(f.oneOf("output_format", List.of("jpeg", "png"), "jpeg"));
            long used = seed == null || seed == -1 ? state.randomSeed(10_000_000_000L) : seed;
            spec = new ImageRenderer.Spec(w, h, prompt, used, format, 90, 0);
        } catch (FormData.BadBodyException e) {
            return error(400, e.getMessage());
        } catch (Fields.ValidationException e) {
            return error(400, e.getMessage());
        }
        String id = state.hexId();
        Job job = state.newJob(c.origin, "wavespeed:" + id, List.of(spec), "wavespeed-ai/" + model, state.processingNanos());
        job.base64 = base64;
        job.apiVersion = version;
        job.webhook = c.query().first("webhook");
        job.apply(c.jobFault, false);
        if (!base64) {
            job.outputUrls = List.of(state.storeOutput(job.origin, spec));
        }
        if (job.webhook != null && state.wavespeedWebhooks && !job.neverFinishes) {
            state.scheduleWebhook(job.webhook, job.processingNanos, () -> {
                try {
                    return Reply.JSON.writeValueAsBytes(prediction(job, job.state(false)));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }, payload -> state.signer.wavespeedHeaders("msg_" + id, payload));
        }
        if (!sync) {
            return envelope(prediction(job, Job.State.QUEUED));
        }
        EmulatorState.sleepNanos(job.processingNanos);
        Job.State s = job.state(false);
        if (s == Job.State.QUEUED || s == Job.State.RUNNING) {
            Map<String, Object> data = prediction(job, Job.State.RUNNING);
            data.put("error", "Sync mode timed out");
            data.put("code", 5004);
            return envelope(data);
        }
        return envelope(prediction(job, s));
    }

    Reply result(Call c) {
        if (!c.method.equals("GET")) {
            return error(405, "method not allowed").header("Allow", "GET");
        }
        if (!c.hasBearer(state)) {
            return error(401, "Unauthorized: invalid or missing API key");
        }
        String id = c.params.get(1);
        Job job = state.job("wavespeed:" + id);
        if (job == null) {
            return error(404, "prediction not found: " + id);
        }
        boolean force = job.apply(c.jobFault, true);
        return envelope(prediction(job, job.state(force)));
    }

    private static Reply envelope(Map<String, Object> data) {
        return Reply.json(200, obj("code", 200, "message", "success", "data", data));
    }

    /** The bare prediction object (the envelope's {@code data}, and a webhook's body). */
    Map<String, Object> prediction(Job job, Job.State s) {
        List<Object> outputs = new ArrayList<>();
        List<Object> nsfw = new ArrayList<>();
        String status;
        switch (s) {
            case QUEUED:
                status = "created";
                break;
            case RUNNING:
                status = "processing";
                break;
            case FAILED:
                status = "failed";
                break;
            default:
                status = "completed";
                if (job.base64) {
                    ImageRenderer.Spec spec = job.specs.get(0);
                    Base64.Encoder enc = state.wavespeedBase64Padding ? Base64.getEncoder()
                            : Base64.getEncoder().withoutPadding();
                    String b64 = enc.encodeToString(state.image(spec));
                    outputs.add(state.wavespeedBase64DataUri ? "data:" + state.mediaType(spec) + ";base64," + b64 : b64);
                } else {
                    outputs.addAll(job.outputUrls);
                }
                nsfw.add(false);
        }
        String id = job.id.substring("wavespeed:".length());
        return obj("id", id, "model", job.model, "outputs", outputs,
                "urls", obj("get", job.origin + "/api/" + job.apiVersion + "/predictions/" + id + "/result"),
                "has_nsfw_contents", nsfw, "status", status, "created_at", CREATED_AT.format(job.createdAt),
                "error", s == Job.State.FAILED ? job.failure : "",
                "timings", obj("inference", s == Job.State.COMPLETED ? job.inferenceMillis() : 0));
    }
}
