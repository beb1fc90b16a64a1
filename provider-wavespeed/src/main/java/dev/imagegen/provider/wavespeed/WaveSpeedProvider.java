package dev.imagegen.provider.wavespeed;

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
import dev.imagegen.spi.WireRequest;
import dev.imagegen.spi.WireResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * WaveSpeed's submit-and-poll translation. The submit answers a prediction ({@code created}/{@code processing}, or
 * {@code completed} in sync mode); polls read the same envelope until {@code completed} or {@code failed}.
 * Stateless apart from its configuration: whether outputs are base64 is carried in each job's handle, so a job resumed
 * by another client with other options still reads its outputs right.
 */
final class WaveSpeedProvider implements ImageProvider {

    static final String ID = WaveSpeedCatalog.PROVIDER_ID;

    /** JobHandle attribute: "true" when the job's outputs are inline base64. */
    static final String ATTR_BASE64 = "base64";
    /** JobHandle attribute: the seed sent, when one was fixed (WaveSpeed does not echo it). */
    static final String ATTR_SEED = "seed";

    private final WaveSpeedRequestMapper mapper;
    private final WaveSpeedWebhookVerifier webhooks;

    WaveSpeedProvider(ProviderConfig config) {
        this.mapper = new WaveSpeedRequestMapper(config);
        this.webhooks = new WaveSpeedWebhookVerifier(java.time.Duration.ofSeconds(Long.parseLong(
                config.option(WaveSpeedOptions.WEBHOOK_TOLERANCE_SECONDS, "300").trim())));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public WireRequest prepare(ImageRequest request, ModelInfo model) {
        return mapper.submit(request, model);
    }

    @Override
    public ProviderResponse parse(ImageRequest request, ModelInfo model, WireResponse response) {
        boolean base64 = mapper.base64(request);
        Long seed = request.seed().orElse(null);
        WaveSpeedPrediction p = read(response, base64);
        if (p.isCompleted()) {
            return ProviderResponse.completed(p.toResult(seed));
        }
        if (p.envelopeSaysError() && p.status == null) {
            throw WaveSpeedErrorMapper.fromEnvelope(response, p);
        }
        if (p.id == null || p.id.isBlank()) {
            throw ProviderErrors.invalidResponse(ID, "the submit answer has no data.id (status " + p.status
                    + (p.message != null ? ", message: " + p.message : "") + ")", null);
        }
        if (p.isFailed() && !p.syncTimedOut()) {
            throw ProviderErrors.generationFailed(ID, p.failureText(), p.id);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(ATTR_BASE64, String.valueOf(base64));
        if (seed != null) {
            attributes.put(ATTR_SEED, String.valueOf(seed));
        }
        JobHandle job = new JobHandle(ID, model.id(), p.id, mapper.pollUrl(p.id, p.getUrl), attributes);
        return ProviderResponse.pending(job, waitingStatus(p));
    }

    @Override
    public WireRequest pollRequest(JobHandle job) {
        return mapper.poll(job.pollUrl());
    }

    @Override
    public JobUpdate parsePoll(JobHandle job, WireResponse response) {
        WaveSpeedPrediction p = read(response, Boolean.parseBoolean(job.attribute(ATTR_BASE64)));
        if (p.isCompleted()) {
            if (p.id == null) {
                p.id = job.jobId();
            }
            return JobUpdate.succeeded(JobUpdate.status(JobState.SUCCEEDED, p.status), p.toResult(seed(job)));
        }
        if (p.envelopeSaysError() && p.status == null) {
            throw WaveSpeedErrorMapper.fromEnvelope(response, p);
        }
        if (p.isFailed() && !p.syncTimedOut()) {
            return JobUpdate.failed(JobUpdate.status(JobState.FAILED, p.status),
                    ProviderErrors.generationFailed(ID, p.failureText(), job.jobId()));
        }
        if (p.status == null && !p.syncTimedOut()) {
            throw ProviderErrors.invalidResponse(ID, "the poll answer has no data.status", job.jobId());
        }
        return JobUpdate.waiting(waitingStatus(p));
    }

    /**
     * Reads a webhook body: the bare prediction (an envelope is accepted too). Whether its outputs are base64 is read
     * from the payload itself, which carries no job handle.
     */
    @Override
    public java.util.Optional<dev.imagegen.spi.WebhookVerifier> webhookVerifier() {
        return java.util.Optional.of(webhooks);
    }

    @Override
    public JobUpdate parseWebhook(WireResponse payload) {
        WaveSpeedPrediction p = read(payload, WaveSpeedWebhooks.outputsAreInline(payload.bodyBytes()));
        if (p.isCompleted()) {
            return JobUpdate.succeeded(JobUpdate.status(JobState.SUCCEEDED, p.status), p.toResult(null));
        }
        if (p.isFailed() && !p.syncTimedOut()) {
            return JobUpdate.failed(JobUpdate.status(JobState.FAILED, p.status),
                    ProviderErrors.generationFailed(ID, p.failureText(), p.id));
        }
        return JobUpdate.waiting(waitingStatus(p));
    }

    @Override
    public ImageGenerationException mapError(WireResponse response) {
        return WaveSpeedErrorMapper.map(response);
    }

    /** created is QUEUED; processing, a sync-mode timeout and any status the vendor may add are RUNNING. */
    private static JobStatus waitingStatus(WaveSpeedPrediction p) {
        String word = p.status != null ? p.status : "processing";
        if ("created".equals(p.normalizedStatus()) && !p.syncTimedOut()) {
            return JobUpdate.status(JobState.QUEUED, word);
        }
        return JobUpdate.status(JobState.RUNNING, word);
    }

    private static Long seed(JobHandle job) {
        String s = job.attribute(ATTR_SEED);
        if (s == null) {
            return null;
        }
        try {
            return Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static WaveSpeedPrediction read(WireResponse response, boolean base64) {
        try {
            return WaveSpeedResponseParser.read(response, base64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
