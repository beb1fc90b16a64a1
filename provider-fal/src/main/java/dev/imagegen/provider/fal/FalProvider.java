package dev.imagegen.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen.DeadlineExceededException;
import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageSize;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;
import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageData;
import dev.imagegen.spi.ImageOutput;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.JobHandle;
import dev.imagegen.spi.JobUpdate;
import dev.imagegen.spi.ProviderConfig;
import dev.imagegen.spi.ProviderErrors;
import dev.imagegen.spi.ProviderResponse;
import dev.imagegen.spi.ProviderResult;
import dev.imagegen.spi.WireBody;
import dev.imagegen.spi.WireRequest;
import dev.imagegen.spi.WireResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * fal's queue: submit {@code POST {base}/{vendor id}}, poll {@code status_url?logs=1} until {@code COMPLETED}, then
 * fetch {@code response_url} at once; cancel is {@code PUT cancel_url}. Handle attributes keep the result and cancel
 * URLs, and {@code stage=result} once the status said COMPLETED, so a ref taken at either stage resumes there.
 */
final class FalProvider implements ImageProvider {

    static final String ID = FalCatalog.ID;
    static final String ATTR_RESPONSE = "responseUrl";
    static final String ATTR_CANCEL = "cancelUrl";
    static final String ATTR_STAGE = "stage";
    /** {@code metrics.inference_time} of the COMPLETED status (seconds), for results whose timings lack it. */
    static final String ATTR_INFERENCE = "inferenceSeconds";
    /** The neutral name of each field a 422's {@code detail[].loc} may name. */
    private static final Map<String, String> NEUTRAL = Map.of("prompt", "prompt", "image_size", "size",
            "num_inference_steps", "steps", "guidance_scale", "guidanceScale", "seed", "seed", "num_images", "count",
            "output_format", "outputFormat", "negative_prompt", "negativePrompt", "enable_safety_checker", "safetyChecker");

    private final ProviderConfig config;
    private final String webhookDefault;
    private final String startTimeout;
    private final FalWebhookVerifier webhooks;

    FalProvider(ProviderConfig config) {
        this.config = config;
        this.webhookDefault = config.option(FalOptions.WEBHOOK_URL).filter(s -> !s.isBlank()).orElse(null);
        this.startTimeout = config.option(FalOptions.START_TIMEOUT).map(String::trim).orElse(null);
        if (startTimeout != null && !(startTimeout.matches("\\d{1,6}(\\.\\d{1,3})?") && Double.parseDouble(startTimeout) > 1)) {
            throw new IllegalArgumentException("fal: option startTimeout must be seconds above 1, got '" + startTimeout + "'");
        }
        this.webhooks = new FalWebhookVerifier(config.option(FalOptions.WEBHOOK_KEYS_URL, "https://rest.alpha.fal.ai/.well-known/jwks.json"),
                Duration.ofSeconds(Long.parseLong(config.option(FalOptions.WEBHOOK_TOLERANCE_SECONDS, "300").trim())));
    }

    @Override
    public Optional<dev.imagegen.spi.WebhookVerifier> webhookVerifier() {
        return Optional.of(webhooks);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public WireRequest prepare(ImageRequest r, ModelInfo m) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("prompt", r.prompt());
        ImageSize size = r.size().orElse(m.defaultSize().orElse(FalCatalog.DEFAULT_SIZE));
        body.putObject("image_size").put("width", size.width()).put("height", size.height());
        r.negativePrompt().ifPresent(v -> body.put("negative_prompt", v));
        r.steps().ifPresent(v -> body.put("num_inference_steps", v));
        r.guidanceScale().ifPresent(v -> body.put("guidance_scale", v));
        r.seed().ifPresent(v -> body.put("seed", v));
        body.put("num_images", r.count());
        r.outputFormat().ifPresent(v -> body.put("output_format", v.name()));
        r.safetyChecker().ifPresent(v -> body.put("enable_safety_checker", v));
        Map<String, Object> raw = r.providerOptions(ID);
        raw.forEach(body::putPOJO);
        body.remove(FalOptions.FIELD_WEBHOOK);
        Object hook = raw.containsKey(FalOptions.FIELD_WEBHOOK) ? raw.get(FalOptions.FIELD_WEBHOOK) : webhookDefault;
        String query = hook == null || hook.toString().isBlank() ? ""
                : "?fal_webhook=" + URLEncoder.encode(hook.toString().trim(), StandardCharsets.UTF_8);
        WireRequest.Builder b = WireRequest.post(config.url("/" + m.vendorId()) + query).body(WireBody.json(body))
                .paid(true).operation("submit");
        return (startTimeout == null ? b : b.header("x-fal-request-timeout", startTimeout)).build();
    }

    /**
     * The submit answer's URLs are kept when on the API origin (the key goes nowhere else), else built from the base;
     * the job is queued whatever its status says (with a webhook fal sends none).
     */
    @Override
    public ProviderResponse parse(ImageRequest r, ModelInfo m, WireResponse response) {
        JsonNode n = response.json();
        String id = text(n, "request_id");
        if (id == null) {
            throw ProviderErrors.invalidResponse(ID, "the submit answer has no request_id", null);
        }
        String requests = config.url("/" + appPath(m.vendorId()) + "/requests/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(ATTR_RESPONSE, keep(text(n, "response_url"), requests));
        attributes.put(ATTR_CANCEL, keep(text(n, "cancel_url"), requests + "/cancel"));
        String status = keep(text(n, "status_url"), requests + "/status");
        JobHandle job = new JobHandle(ID, m.id(), id, status + (status.contains("?") ? "&" : "?") + "logs=1", attributes);
        return ProviderResponse.pending(job, status(n, JobState.QUEUED).withState(JobState.QUEUED));
    }

    private String keep(String vendorUrl, String built) {
        return vendorUrl != null && config.isApiOrigin(vendorUrl) ? vendorUrl : built;
    }

    /** {@code owner/alias} of an endpoint id, as fal's clients compute it: a sub-path dropped, a namespace kept. */
    static String appPath(String vendorId) {
        String[] p = vendorId.split("/");
        int n = p[0].equals("workflows") || p[0].equals("comfy") ? 3 : 2;
        return String.join("/", Arrays.copyOf(p, Math.min(n, p.length)));
    }

    @Override
    public WireRequest pollRequest(JobHandle job) {
        return WireRequest.get(job.pollUrl()).operation("result".equals(job.attribute(ATTR_STAGE)) ? "result" : "poll").build();
    }

    @Override
    public JobUpdate parsePoll(JobHandle job, WireResponse response) {
        JsonNode n = response.json();
        if ("result".equals(job.attribute(ATTR_STAGE))) {
            return JobUpdate.succeeded(JobUpdate.status(JobState.SUCCEEDED, "COMPLETED"), result(job.modelId(), n,
                    response.header("x-fal-request-id").orElse(job.jobId()), job.attribute(ATTR_INFERENCE)));
        }
        JobStatus s = status(n, null);
        if (!"COMPLETED".equals(s.vendorStatus())) {
            return JobUpdate.waiting(s);
        } else if (text(n, "error") != null || text(n, "error_type") != null) {
            return JobUpdate.failed(s.withState(JobState.FAILED), failure(text(n, "error"), text(n, "error_type"), job.jobId()));
        }
        Map<String, String> attributes = new LinkedHashMap<>(job.attributes());
        attributes.put(ATTR_STAGE, "result");
        JsonNode t = n.path("metrics").path("inference_time");
        if (t.isNumber()) {
            attributes.put(ATTR_INFERENCE, t.asText());
        }
        return JobUpdate.fetchNow(s, new JobHandle(ID, job.modelId(), job.jobId(), job.attribute(ATTR_RESPONSE), attributes));
    }

    @Override
    public Optional<WireRequest> cancelRequest(JobHandle job) {
        return Optional.of(WireRequest.put(job.attribute(ATTR_CANCEL)).operation("cancel").build());
    }

    /** {@code {request_id, status: OK|ERROR, payload, error, payload_error}}; the core checked the signature. */
    @Override
    public JobUpdate parseWebhook(WireResponse payload) {
        JsonNode n = payload.json();
        String id = text(n, "request_id");
        String status = text(n, "status");
        if (!"OK".equals(status) && !"ERROR".equals(status)) {
            throw ProviderErrors.invalidResponse(ID, "the webhook status is '" + status + "', not OK or ERROR", id);
        } else if ("OK".equals(status) && n.path("payload").isObject()) {
            return JobUpdate.succeeded(JobUpdate.status(JobState.SUCCEEDED, status), result(null, n.get("payload"), id, null));
        }
        String why = join(text(n, "error"), join(detail(n.path("payload").path("detail")), text(n, "payload_error")));
        return JobUpdate.failed(JobUpdate.status(JobState.FAILED, status), failure(why, null, id));
    }

    /**
     * A 422 whose {@code detail[0].loc} names a field rejects that field (by its neutral name when there is one); a 504
     * with {@code x-fal-request-timeout-type: user} is the caller's own start timeout, not a server error; anything else
     * maps by status, with {@code error_type} (or the {@code x-fal-error-type} header) as the vendor code.
     */
    @Override
    public ImageGenerationException mapError(WireResponse r) {
        JsonNode n = r.tryJson().orElse(MissingNode.getInstance());
        JsonNode detail = n.path("detail");
        String requestId = r.header("x-fal-request-id").orElse(null);
        String type = text(n, "error_type") != null ? text(n, "error_type") : r.header("x-fal-error-type").orElse(null);
        String field = field(detail.path(0).path("loc"));
        if (r.status() == 422 && field != null) {
            return ProviderErrors.rejectedField(ID, r, NEUTRAL.getOrDefault(field, "providerOptions.fal." + field),
                    text(detail.get(0), "type"), detail(detail), requestId);
        }
        // a cancel's 400 says {"status":"ALREADY_COMPLETED"}
        String message = n.isMissingNode() ? ProviderErrors.excerpt(r.bodyText())
                : join(join(detail(detail), text(n, "message")), text(n, "status"));
        if (r.status() == 504 && r.header("x-fal-request-timeout-type").filter("user"::equalsIgnoreCase).isPresent()) {
            return new DeadlineExceededException(new Details("fal's start timeout (x-fal-request-timeout) passed before the "
                    + "request started", ID, 504, type, message, requestId), null, null);
        }
        return ProviderErrors.fromStatus(ID, r, type, message, requestId);
    }

    /**
     * {@code IN_QUEUE} is QUEUED with its {@code queue_position}; {@code IN_PROGRESS}, and {@code COMPLETED} until the
     * result is in hand, are RUNNING; each with its {@code logs[].message} lines. fal documents no other status: any
     * other is {@code otherwise}, or without one an invalid response.
     */
    private static JobStatus status(JsonNode n, JobState otherwise) {
        String s = text(n, "status");
        JobState state = "IN_QUEUE".equals(s) ? JobState.QUEUED
                : "IN_PROGRESS".equals(s) || "COMPLETED".equals(s) ? JobState.RUNNING : otherwise;
        if (state == null) {
            throw ProviderErrors.invalidResponse(ID, "unknown queue status '" + s + "'", text(n, "request_id"));
        }
        List<String> logs = new ArrayList<>();
        n.path("logs").forEach(line -> logs.add(text(line, "message")));
        logs.removeIf(line -> line == null);
        JsonNode p = n.path("queue_position");
        return new JobStatus(state, s, p.isIntegralNumber() && p.canConvertToInt() ? p.intValue() : null, null, logs);
    }

    /** A model output {@code {images:[{url, width, height}], seed, has_nsfw_concepts, timings}}. */
    private static ProviderResult result(String modelId, JsonNode out, String requestId, String metricsSeconds) {
        JsonNode images = out.path("images");
        if (!images.isArray() || images.isEmpty()) {
            throw ProviderErrors.invalidResponse(ID, "the result has no images", requestId);
        }
        ProviderResult.Builder b = ProviderResult.builder().requestId(requestId)
                .modelId(modelId == null ? null : FalCatalog.VENDOR_PREFIX + modelId);
        for (int i = 0; i < images.size(); i++) {
            String url = text(images.get(i), "url");
            if (url == null) {
                throw ProviderErrors.invalidResponse(ID, "images[" + i + "] has no url", requestId);
            }
            // the raw field sync_mode inlines images as data: URIs
            ImageOutput o = url.startsWith("data:") ? ImageOutput.ofBytes(ImageData.decodeBase64(url), null) : ImageOutput.ofUrl(url);
            JsonNode nsfw = out.path("has_nsfw_concepts").path(i);
            b.addImage(nsfw.isBoolean() ? o.withNsfw(nsfw.booleanValue()) : o);
        }
        JsonNode seed = out.path("seed");
        JsonNode t = out.path("timings").path("inference");
        String seconds = t.isNumber() ? t.asText() : metricsSeconds;
        return b.seed(seed.isIntegralNumber() && seed.canConvertToLong() ? seed.longValue() : null)
                .inferenceTime(seconds == null ? null : Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(seconds) * 1000))))
                .build();
    }

    private static GenerationFailedException failure(String message, String type, String requestId) {
        return new GenerationFailedException(new Details("generation failed", ID, -1, type, message != null ? message : type,
                requestId), null);
    }

    /** The field a validation entry's {@code loc} names: the element after {@code body}, else the last one. */
    private static String field(JsonNode loc) {
        JsonNode f = loc.path(0).asText().equals("body") && loc.size() > 1 ? loc.get(1) : loc.path(loc.size() - 1);
        return f.isTextual() && !f.asText().equals("body") ? f.asText() : null;
    }

    /** {@code detail} as text: a string as is, a validation array as {@code field: msg; ...}; null when absent. */
    private static String detail(JsonNode detail) {
        List<String> parts = new ArrayList<>();
        detail.forEach(d -> parts.add((field(d.path("loc")) != null ? field(d.path("loc")) + ": " : "")
                + (text(d, "msg") != null ? text(d, "msg") : d.toString())));
        return detail.isTextual() ? text(detail, "") : parts.isEmpty() ? null : String.join("; ", parts);
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null || a.contains(b) ? a : a + ": " + b;
    }

    /** A scalar field (the node itself for {@code ""}) as text; null when absent, null, blank or not a scalar. */
    private static String text(JsonNode n, String field) {
        JsonNode v = field.isEmpty() ? n : n.path(field);
        return v.isValueNode() && !v.isNull() && !v.asText().isBlank() ? v.asText() : null;
    }
}
