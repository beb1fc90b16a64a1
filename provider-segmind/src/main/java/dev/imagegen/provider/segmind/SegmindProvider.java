package dev.imagegen.provider.segmind;

import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;
import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.JobHandle;
import dev.imagegen.spi.JobUpdate;
import dev.imagegen.spi.ProviderConfig;
import dev.imagegen.spi.ProviderErrors;
import dev.imagegen.spi.ProviderResponse;
import dev.imagegen.spi.ProviderResult;
import dev.imagegen.spi.WireRequest;
import dev.imagegen.spi.WireResponse;

import java.util.Map;

/**
 * Segmind: {@code POST {base}/v1/{model}} answers with the image bytes; with option {@link SegmindOptions#QUEUE} the
 * same body goes to the v2 queue instead, and the job is polled at the status endpoint, then fetched from the result
 * endpoint. Stateless: everything a poll needs is in the {@link JobHandle}.
 */
final class SegmindProvider implements ImageProvider {

    /** Job attribute: which v2 endpoint the handle's poll URL is. */
    static final String STAGE = "stage";
    static final String STAGE_STATUS = "status";
    static final String STAGE_RESULT = "result";
    /** Job attribute: the result URL, fixed at submit so a resumed job fetches where the submitting client would. */
    static final String RESULT_URL = "resultUrl";

    private final ProviderConfig config;
    private final boolean queue;
    private final SegmindEndpoints endpoints;
    private final SegmindErrorMapper errors;

    SegmindProvider(ProviderConfig config) {
        this.config = config;
        this.queue = config.booleanOption(SegmindOptions.QUEUE, false);
        this.endpoints = new SegmindEndpoints(config);
        this.errors = new SegmindErrorMapper(endpoints);
    }

    @Override
    public String id() {
        return SegmindCatalog.PROVIDER_ID;
    }

    @Override
    public WireRequest prepare(ImageRequest request, ModelInfo model) {
        String url = queue ? endpoints.v2Submit(model.vendorId()) : endpoints.v1(model.vendorId());
        return WireRequest.post(url)
                .body(SegmindRequestMapper.body(request, model))
                .paid(true)
                .operation(queue ? "submit" : "generate")
                .build();
    }

    @Override
    public ProviderResponse parse(ImageRequest request, ModelInfo model, WireResponse response) {
        if (!queue) {
            return ProviderResponse.completed(SegmindResponseParser.imageResult(response, model.vendorId(), null));
        }
        if (SegmindResponseParser.isImageAnswer(response)) {
            // tolerated: a queue that answers at once with the image
            return ProviderResponse.completed(SegmindResponseParser.imageResult(response, model.vendorId(), null));
        }
        if (response.tryJson().isEmpty()) {
            // a cut or garbled answer to the paid submit: the job may exist and bill, so the transport must report
            // an unknown outcome, not a well-formed answer that lacks a field
            throw new java.io.UncheckedIOException(new java.io.IOException("the v2 submit answer is not JSON"));
        }
        String requestId = SegmindResponseParser.submittedRequestId(response).orElseThrow(() ->
                ProviderErrors.invalidResponse(id(), "the v2 submit answer has no request_id: "
                        + ProviderErrors.excerpt(response.bodyText()), response.header("x-request-id").orElse(null)));
        JobHandle job = new JobHandle(id(), model.id(), requestId, endpoints.v2Status(requestId),
                Map.of(STAGE, STAGE_STATUS, RESULT_URL, endpoints.v2Result(requestId)));
        return ProviderResponse.pending(job, JobUpdate.status(JobState.QUEUED, "QUEUED"));
    }

    @Override
    public ImageGenerationException mapError(WireResponse response) {
        return errors.map(response);
    }

    @Override
    public WireRequest pollRequest(JobHandle job) {
        boolean result = STAGE_RESULT.equals(job.attribute(STAGE));
        return WireRequest.get(job.pollUrl()).operation(result ? "result" : "poll").build();
    }

    @Override
    public JobUpdate parsePoll(JobHandle job, WireResponse response) {
        String vendorId = SegmindCatalog.model(job.modelId()).map(ModelInfo::vendorId).orElse(job.modelId());
        if (SegmindResponseParser.isImageAnswer(response)) {
            ProviderResult r = SegmindResponseParser.imageResult(response, vendorId, job.jobId());
            return JobUpdate.succeeded(JobUpdate.status(JobState.SUCCEEDED, "COMPLETED"), r);
        }
        SegmindResponseParser.JsonResult json = SegmindResponseParser.readJson(response.bodyBytes());
        JobStatus status = SegmindResponseParser.status(json.status(), null);
        boolean resultStage = STAGE_RESULT.equals(job.attribute(STAGE));
        if (status.state() == JobState.FAILED || status.state() == JobState.CANCELLED) {
            String requestId = response.header("x-request-id").filter(s -> !s.isBlank()).orElse(job.jobId());
            return JobUpdate.failed(status, ProviderErrors.generationFailed(id(), json.error() != null ? json.error()
                    : "the job ended " + json.status(), requestId));
        }
        if (!json.images().isEmpty()) {
            // a result body (or a status body that already carries the output)
            ProviderResult.Builder b = json.result().modelId(vendorId)
                    .requestId(json.requestId() != null ? json.requestId() : job.jobId());
            json.images().forEach(b::addImage);
            return JobUpdate.succeeded(new JobStatus(JobState.SUCCEEDED, json.status() != null ? json.status() : "COMPLETED",
                    null), b.build());
        }
        if (status.state() == JobState.SUCCEEDED) {
            if (resultStage) {
                throw ProviderErrors.invalidResponse(id(), "the v2 result says " + json.status() + " but holds no image "
                        + "(looked for output, outputs, image, images, image_url, url)", job.jobId());
            }
            String resultUrl = job.attribute(RESULT_URL) != null ? job.attribute(RESULT_URL) : endpoints.v2Result(job.jobId());
            JobHandle next = new JobHandle(job.providerId(), job.modelId(), job.jobId(), resultUrl,
                    Map.of(STAGE, STAGE_RESULT, RESULT_URL, resultUrl));
            return JobUpdate.fetchNow(status, next);
        }
        if (json.status() == null) {
            throw ProviderErrors.invalidResponse(id(), "the v2 " + (resultStage ? "result" : "status")
                    + " answer has neither a status nor an image: " + ProviderErrors.excerpt(response.bodyText()), job.jobId());
        }
        return JobUpdate.waiting(status);
    }

    @Override
    public String toString() {
        return "SegmindProvider{" + config.baseUrl() + (queue ? ", queue" : "") + "}";
    }
}
