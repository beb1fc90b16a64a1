package dev.imagegen.testkit;

import static dev.imagegen.testkit.Json.obj;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * fal.ai's queue API for HiDream-I1: {@code POST /fal-ai/{model}}, {@code GET /fal-ai/{model}/requests/{id}/status},
 * {@code GET /fal-ai/{model}/requests/{id}} and {@code PUT /fal-ai/{model}/requests/{id}/cancel}.
 *
 * <p>A job's real state follows the processing time (as for the other vendors); what the status route shows is
 * driven by polls, so tests see it deterministically: {@code IN_QUEUE} with the submit's {@code queue_position}
 * counting down by one per poll to 0, then {@code IN_PROGRESS} (with logs when {@code logs=1}) for at least one poll,
 * then {@code COMPLETED} once the job is done.
 */
final class FalRoutes {
    static final List<String> MODELS = List.of("hidream-i1-full", "hidream-i1-dev", "hidream-i1-fast");
    /** The preset {@code image_size} names fal's toolkit defines, with their sizes. */
    static final Map<String, int[]> PRESETS = Map.of("square_hd", new int[] {1024, 1024}, "square", new int[] {512, 512},
            "portrait_4_3", new int[] {768, 1024}, "portrait_16_9", new int[] {576, 1024},
            "landscape_4_3", new int[] {1024, 768}, "landscape_16_9", new int[] {1024, 576});
    /** fal's schema allows 14142 per side; the emulator renders at most this many pixels (its own limit). */
    static final long MAX_PIXELS = 16L << 20;
    /** The {@code error_type} of a job failed by {@link Fault#jobFails} (the emulator's own; fal's list is open). */
    static final String FAILED_TYPE = "job_failed";
    /** The {@code error_type} of a job cancelled before it completed (the emulator's stand-in for fal's behaviour). */
    static final String CANCELLED_TYPE = "request_cancelled";

    private final EmulatorState state;

    FalRoutes(EmulatorState state) {
        this.state = state;
    }

    static Reply error(int status, String detail) {
        Reply r = Reply.json(status, obj("detail", detail));
        String type = status == 503 ? "runner_scheduling_failure" : status == 504 ? "request_timeout" : null;
        return type == null ? r : Reply.json(status, obj("detail", detail, "error_type", type)).header("x-fal-error-type", type);
    }

    /** FastAPI/pydantic's 422: one entry per rejected field. */
    static Reply validation(List<Object> errors) {
        return Reply.json(422, obj("detail", errors));
    }

    private static Map<String, Object> fieldError(String field, String msg, String type, Object input) {
        return obj("loc", List.of("body", field), "msg", msg, "type", type, "input", input);
    }

    private static Reply notAllowed(String allow) {
        return Reply.json(405, obj("detail", "Method Not Allowed")).header("Allow", allow);
    }

    private boolean authorized(Call c) {
        String auth = c.header("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Key ", 0, 4) && state.acceptsKey(auth.substring(4).trim());
    }

    Reply submit(Call c) {
        if (!c.method.equals("POST")) {
            return notAllowed("POST");
        }
        if (!authorized(c)) {
            return error(401, "Invalid or missing credentials: send Authorization: Key <FAL_KEY>");
        }
        String model = c.params.get(0);
        if (!MODELS.contains(model)) {
            return error(404, "Application 'fal-ai/" + model + "' not found");
        }
        JsonNode body;
        try {
            if (!c.isJson()) {
                throw new FormData.BadBodyException("Content-Type must be application/json");
            }
            body = c.jsonObject();
        } catch (FormData.BadBodyException e) {
            return validation(List.of(obj("loc", List.of("body"), "msg", e.getMessage(), "type", "json_invalid")));
        }
        List<Object> errors = new ArrayList<>();
        String prompt = body.path("prompt").isTextual() ? body.get("prompt").textValue() : null;
        if (prompt == null || prompt.isBlank()) {
            errors.add(body.has("prompt") ? fieldError("prompt", "Input should be a valid string", "string_type",
                    body.get("prompt")) : fieldError("prompt", "Field required", "missing", null));
        }
        int[] size = size(body.get("image_size"), errors);
        long steps = integer(body, "num_inference_steps", 1, 50, model.equals("hidream-i1-full") ? 50
                : model.equals("hidream-i1-dev") ? 28 : 16, errors);
        if (!model.equals("hidream-i1-full")) {
            for (String extra : List.of("guidance_scale", "loras")) {
                if (body.has(extra)) {
                    errors.add(fieldError(extra, "Extra inputs are not permitted", "extra_forbidden", body.get(extra)));
                }
            }
        } else if (body.has("guidance_scale") && !(body.get("guidance_scale").isNumber()
                && body.get("guidance_scale").doubleValue() >= 0 && body.get("guidance_scale").doubleValue() <= 20)) {
            errors.add(fieldError("guidance_scale", "Input should be a number from 0 to 20", "number_range",
                    body.get("guidance_scale")));
        }
        long count = integer(body, "num_images", 1, 4, 1, errors);
        Long seed = body.hasNonNull("seed") ? integer(body, "seed", Long.MIN_VALUE, Long.MAX_VALUE, 0, errors) : null;
        String format = body.path("output_format").asText("jpeg");
        if (body.has("output_format") && !List.of("jpeg", "png").contains(format)) {
            errors.add(fieldError("output_format", "Input should be 'jpeg' or 'png'", "literal_error", body.get("output_format")));
        }
        for (String flag : List.of("enable_safety_checker", "sync_mode")) {
            if (body.hasNonNull(flag) && !body.get(flag).isBoolean()) {
                errors.add(fieldError(flag, "Input should be a valid boolean", "bool_type", body.get(flag)));
            }
        }
        if (body.hasNonNull("negative_prompt") && !body.get("negative_prompt").isTextual()) {
            errors.add(fieldError("negative_prompt", "Input should be a valid string", "string_type", body.get("negative_prompt")));
        }
        if (!errors.isEmpty()) {
            return validation(errors);
        }
        long used = seed != null ? seed : state.randomSeed(1L << 62);
        ImageFormat imageFormat = ImageFormat.fromVendorName(format);
        List<ImageRenderer.Spec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(new ImageRenderer.Spec(size[0], size[1], prompt, used + i, imageFormat, 90, 0));
        }
        String id = state.uuid();
        Job job = state.newJob(c.origin, "fal:" + id, specs, "fal-ai/" + model, state.processingNanos());
        job.numericId = used;
        job.falQueue = state.falQueuePosition;
        job.falSteps = (int) steps;
        job.base64 = body.path("sync_mode").asBoolean(false);
        job.webhook = c.query().first("fal_webhook");
        job.apply(c.jobFault, false);
        if (!job.base64) {
            List<String> urls = new ArrayList<>();
            specs.forEach(s -> urls.add(state.storeOutput(job.origin, s)));
            job.outputUrls = List.copyOf(urls);
        }
        if (job.webhook != null && state.falWebhooks && !job.neverFinishes) {
            state.scheduleWebhook(job.webhook, job.processingNanos, () -> webhookBody(job),
                    payload -> state.signer.falHeaders(id(job), payload));
        }
        Map<String, Object> answer = urls(job);
        answer.put("queue_position", job.falQueue);
        return Reply.json(200, answer);
    }

    private static int[] size(JsonNode v, List<Object> errors) {
        if (v == null || v.isNull()) {
            return PRESETS.get("square_hd");
        }
        if (v.isTextual()) {
            int[] preset = PRESETS.get(v.textValue());
            if (preset == null) {
                errors.add(fieldError("image_size", "Input should be an ImageSize or one of " + String.join(", ",
                        new java.util.TreeSet<>(PRESETS.keySet())), "enum", v));
            }
            return preset == null ? PRESETS.get("square_hd") : preset;
        }
        JsonNode w = v.path("width");
        JsonNode h = v.path("height");
        if (!v.isObject() || !w.isIntegralNumber() || !h.isIntegralNumber() || w.asLong() < 1 || h.asLong() < 1
                || w.asLong() > 14142 || h.asLong() > 14142 || w.asLong() * h.asLong() > MAX_PIXELS) {
            errors.add(fieldError("image_size", "Input should be {width, height}, whole numbers from 1 to 14142 (at most "
                    + MAX_PIXELS + " pixels in the emulator)", "value_error", v));
            return PRESETS.get("square_hd");
        }
        return new int[] {w.intValue(), h.intValue()};
    }

    private static long integer(JsonNode body, String field, long min, long max, long dflt, List<Object> errors) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            errors.add(fieldError(field, "Input should be a valid integer", "int_type", v));
        } else if (v.longValue() < min || v.longValue() > max) {
            errors.add(fieldError(field, "Input should be " + (v.longValue() < min ? "greater than or equal to " + min
                    : "less than or equal to " + max), v.longValue() < min ? "greater_than_equal" : "less_than_equal", v));
        } else {
            return v.longValue();
        }
        return dflt;
    }

    Reply status(Call c) {
        Object target = target(c, "GET");
        if (target instanceof Reply) {
            return (Reply) target;
        }
        Job job = (Job) target;
        boolean force = job.apply(c.jobFault, true);
        int poll = job.falPolls.incrementAndGet();
        boolean logs = "1".equals(c.query().first("logs"));
        Job.State real = job.state(force);
        Map<String, Object> body = urls(job);
        if (real == Job.State.FAILED && (job.failedNow || poll > job.falQueue + 1)) {
            body.put("status", "COMPLETED");
            body.put("logs", logs ? logs(job, true) : null);
            body.put("metrics", obj());
            body.put("error", job.failure);
            body.put("error_type", job.cancelled ? CANCELLED_TYPE : FAILED_TYPE);
            return Reply.json(200, body);
        }
        if (poll <= job.falQueue) {
            body.put("status", "IN_QUEUE");
            body.put("queue_position", job.falQueue - poll);
            return Reply.json(202, body);
        }
        if (poll == job.falQueue + 1 || real != Job.State.COMPLETED) {
            body.put("status", "IN_PROGRESS");
            body.put("logs", logs ? logs(job, false) : null);
            return Reply.json(202, body);
        }
        job.falReported = true;
        body.put("status", "COMPLETED");
        body.put("logs", logs ? logs(job, true) : null);
        body.put("metrics", obj("inference_time", job.inferenceMillis() / 1000.0));
        return Reply.json(200, body);
    }

    Reply result(Call c) {
        Object target = target(c, "GET");
        if (target instanceof Reply) {
            return (Reply) target;
        }
        Job job = (Job) target;
        Job.State real = job.state(job.apply(c.jobFault, true));
        if (real == Job.State.FAILED) {
            String type = job.cancelled ? CANCELLED_TYPE : FAILED_TYPE;
            return Reply.json(job.cancelled ? 400 : 500, obj("detail", job.failure, "error_type", type))
                    .header("x-fal-error-type", type).header("x-fal-request-id", id(job));
        }
        if (real != Job.State.COMPLETED) {
            return error(400, "Request is still in progress").header("x-fal-request-id", id(job));
        }
        return Reply.json(200, output(job)).header("x-fal-request-id", id(job));
    }

    Reply cancel(Call c) {
        Object target = target(c, "PUT");
        if (target == NOT_FOUND) {
            return Reply.json(404, obj("status", "NOT_FOUND"));
        }
        if (target instanceof Reply) {
            return (Reply) target;
        }
        Job job = (Job) target;
        synchronized (job) {
            Job.State real = job.state(false);
            if (job.falReported || real == Job.State.COMPLETED || real == Job.State.FAILED) {
                return Reply.json(400, obj("status", "ALREADY_COMPLETED"));
            }
            job.cancelled = true;
            job.failure = "Request cancelled by the client";
            job.failedNow = true;
        }
        return Reply.json(202, obj("status", "CANCELLATION_REQUESTED"));
    }

    private static final Reply NOT_FOUND = error(404, "Request not found");

    /** The job a status, result or cancel call names, or the error answer. */
    private Object target(Call c, String method) {
        if (!c.method.equals(method)) {
            return notAllowed(method);
        }
        if (!authorized(c)) {
            return error(401, "Invalid or missing credentials: send Authorization: Key <FAL_KEY>");
        }
        Job job = state.job("fal:" + c.params.get(1));
        return job == null || !job.model.equals("fal-ai/" + c.params.get(0)) ? NOT_FOUND : job;
    }

    private static String id(Job job) {
        return job.id.substring("fal:".length());
    }

    /** {@code request_id} and the three URLs, which drop any sub-path of the model id (here there is none). */
    private Map<String, Object> urls(Job job) {
        String requests = job.origin + "/" + job.model + "/requests/" + id(job);
        return obj("status", "IN_QUEUE", "request_id", id(job), "response_url", requests, "status_url", requests + "/status",
                "cancel_url", requests + "/cancel");
    }

    private static List<Object> logs(Job job, boolean done) {
        String at = Instant.now().toString();
        List<Object> lines = new ArrayList<>();
        lines.add(obj("message", "Loading " + job.model + " weights", "level", "INFO", "source", "USER", "timestamp", at));
        lines.add(obj("message", "Running " + job.falSteps + " inference steps", "level", "INFO", "source", "USER",
                "timestamp", at));
        if (done) {
            lines.add(obj("message", "Generated " + job.specs.size() + " image(s)", "level", "INFO", "source", "USER",
                    "timestamp", at));
        }
        return lines;
    }

    /** The model output: what the result route answers and a webhook's {@code payload}. */
    private Map<String, Object> output(Job job) {
        List<Object> images = new ArrayList<>();
        List<Object> nsfw = new ArrayList<>();
        for (int i = 0; i < job.specs.size(); i++) {
            ImageRenderer.Spec s = job.specs.get(i);
            String url = job.base64 ? "data:" + state.mediaType(s) + ";base64," + Base64.getEncoder().encodeToString(state.image(s))
                    : job.outputUrls.get(i);
            images.add(obj("url", url, "width", s.width(), "height", s.height(), "content_type", state.mediaType(s)));
            nsfw.add(false);
        }
        return obj("images", images, "timings", obj("inference", job.inferenceMillis() / 1000.0), "seed", job.numericId,
                "has_nsfw_concepts", nsfw, "prompt", job.specs.get(0).prompt());
    }

    private byte[] webhookBody(Job job) {
        Map<String, Object> body = obj("request_id", id(job), "gateway_request_id", id(job));
        if (job.state(false) == Job.State.COMPLETED) {
            body.put("status", "OK");
            body.put("payload", output(job));
        } else {
            body.put("status", "ERROR");
            body.put("error", job.failure);
            body.put("payload", obj("detail", job.failure));
        }
        try {
            return Reply.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
