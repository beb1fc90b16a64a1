package dev.imagegen.provider.lumoz;

import dev.imagegen.Cost;
import dev.imagegen.JobState;
import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageOutput;
import dev.imagegen.spi.JobHandle;
import dev.imagegen.spi.JobUpdate;
import dev.imagegen.spi.ProviderErrors;
import dev.imagegen.spi.ProviderResponse;
import dev.imagegen.spi.ProviderResult;
import dev.imagegen.spi.WireResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * Reads LumozAI's 2xx answers: the run answer (the output URL, or only a {@code request_id} for a job still running)
 * and the check answer for such a job. The output is a URL the core downloads lazily, without credentials.
 */
final class LumozResponseParser {

    private static final String ID = LumozCatalog.PROVIDER_ID;
    private static final Set<String> FAILED = Set.of("failed", "failure", "error", "errored", "canceled", "cancelled");
    private static final Set<String> QUEUED = Set.of("queued", "pending", "waiting", "starting", "in_queue");
    private static final Set<String> DONE = Set.of("completed", "complete", "succeeded", "success", "done", "finished");

    private final LumozRequestMapper mapper;
    private final LumozErrorMapper errors;
    private final BigDecimal fluxPricePerImage;

    LumozResponseParser(LumozRequestMapper mapper, LumozErrorMapper errors, BigDecimal fluxPricePerImage) {
        this.mapper = mapper;
        this.errors = errors;
        this.fluxPricePerImage = fluxPricePerImage;
    }

    /** The error mapper this parser uses, for the provider's {@code mapError}. */
    LumozErrorMapper errors() {
        return errors;
    }

    ProviderResponse run(ModelInfo model, WireResponse response) {
        LumozAnswer a = read(response);
        if (a.success().orElse(Boolean.TRUE).equals(Boolean.FALSE)) {
            throw errors.vendorFailure(response, a);
        }
        List<String> outputs = a.outputs();
        String requestId = a.requestId().orElse(null);
        if (!outputs.isEmpty()) {
            return ProviderResponse.completed(result(model, requestId, outputs, a).build());
        }
        if (requestId == null) {
            if (a.message().isPresent()) {
                throw errors.vendorFailure(response, a);
            }
            throw ProviderErrors.invalidResponse(ID, "the answer has neither data.output nor data.request_id", null);
        }
        String status = a.status().orElse("processing");
        if (FAILED.contains(status)) {
            throw errors.jobFailed(a, requestId);
        }
        return ProviderResponse.pending(mapper.job(model, requestId), JobUpdate.status(state(status), status));
    }

    JobUpdate check(JobHandle job, WireResponse response) {
        LumozAnswer a = read(response);
        String status = a.status().orElse(null);
        String requestId = a.requestId().orElse(job.jobId());
        if (a.success().orElse(Boolean.TRUE).equals(Boolean.FALSE) || status != null && FAILED.contains(status)) {
            return JobUpdate.failed(JobUpdate.status(JobState.FAILED, status == null ? "failed" : status),
                    errors.jobFailed(a, requestId));
        }
        List<String> outputs = a.outputs();
        if (!outputs.isEmpty()) {
            ModelInfo model = LumozCatalog.byId(job.modelId()).orElseThrow(() ->
                    ProviderErrors.invalidResponse(ID, "job of unknown model " + job.modelId(), requestId));
            return JobUpdate.succeeded(JobUpdate.status(JobState.SUCCEEDED, status == null ? "completed" : status),
                    result(model, requestId, outputs, a).build());
        }
        if (status != null && DONE.contains(status)) {
            return JobUpdate.failed(JobUpdate.status(JobState.FAILED, status),
                    ProviderErrors.invalidResponse(ID, "the job is " + status + " but the answer has no output", requestId));
        }
        String word = status == null ? "processing" : status;
        return JobUpdate.waiting(JobUpdate.status(state(word), word));
    }

    private ProviderResult.Builder result(ModelInfo model, String requestId, List<String> outputs, LumozAnswer a) {
        ProviderResult.Builder b = ProviderResult.builder().modelId(model.vendorId()).requestId(requestId);
        outputs.forEach(u -> b.addImage(ImageOutput.ofUrl(u)));
        a.get("data.output_type").ifPresent(t -> b.metadata("outputType", t));
        if (model.id().equals(LumozCatalog.FLUX_KAWAII_ID)) {
            // The catalog's price is static; the configured price per generation is applied here.
            b.cost(Cost.estimated(fluxPricePerImage.multiply(BigDecimal.valueOf(outputs.size()))));
        }
        return b;
    }

    private static JobState state(String status) {
        return QUEUED.contains(status) ? JobState.QUEUED : JobState.RUNNING;
    }

    private static LumozAnswer read(WireResponse response) {
        try {
            return LumozAnswer.read(response.bodyBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
