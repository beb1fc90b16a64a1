package dev.imagegen.spi;

import dev.imagegen.Cost;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ModelInfo;

import java.util.Optional;

/**
 * One vendor's translation between the neutral model and its wire format. Pure translation: no HTTP client, no threads,
 * no retries, no sleeping; the core does all of that. Implementations must be thread-safe (one instance serves every
 * call of a client) and must not keep per-call state.
 *
 * <p>The core calls, per request: {@link #prepare} once per vendor call (after validating the request against the
 * {@link ModelInfo}, so the count never exceeds {@link ModelInfo#maxCountPerCall()}); then {@link #parse} for a 2xx
 * answer or {@link #mapError} for any other. When {@link #parse} returns a pending job, the core's one job driver polls
 * with {@link #pollRequest} and {@link #parsePoll} until the job ends, and sends {@link #cancelRequest} once if the caller
 * cancels it. Every request a provider describes goes through the core's one pipeline (credentials, redirects,
 * retries, deadline), so a provider never decides any of that.
 */
public interface ImageProvider {

    /**
     * The provider id, the same as its factory's.
     *
     * @return the provider id, lower case, e.g. {@code fal}
     */
    String id();

    /**
     * The wire request that starts generating. Mark it {@link WireRequest.Builder#paid(boolean) paid}.
     *
     * @param request the validated request, its count already split to at most {@link ModelInfo#maxCountPerCall()}
     * @param model   the catalog entry of the requested model
     * @return the request to send; the core adds credentials and sends it
     */
    WireRequest prepare(ImageRequest request, ModelInfo model);

    /**
     * Reads a 2xx answer to {@link #prepare}'s request: the images, or a job to poll.
     *
     * @param request  the request {@link #prepare} was called with
     * @param model    the model {@link #prepare} was called with
     * @param response the 2xx answer, its body not yet read
     * @return the images, or a pending job for the core to poll
     * @throws ImageGenerationException when the answer says the request failed (e.g. {@code success:false})
     */
    ProviderResponse parse(ImageRequest request, ModelInfo model, WireResponse response);

    /**
     * The typed error for a non-2xx answer (to any request of this provider), with the vendor's code and text.
     *
     * @param response the non-2xx answer, status and (bounded) body available
     * @return the exception the caller gets once the core's retries, if any, are spent; never null
     */
    ImageGenerationException mapError(WireResponse response);

    /**
     * The request that polls a job. Only called for jobs this provider returned or a ref it issued.
     *
     * @param job the job to poll, as returned by {@link #parse}, a previous {@link #parsePoll}, or decoded from a ref
     * @return the GET (usually) to send; its URL must be on the provider's API origin
     * @throws UnsupportedOperationException by default, for providers that return no jobs
     */
    default WireRequest pollRequest(JobHandle job) {
        throw new UnsupportedOperationException(id() + " returns no jobs");
    }

    /**
     * Reads a 2xx answer to a poll.
     *
     * @param job      the job that was polled
     * @param response the 2xx answer to {@link #pollRequest}
     * @return the job's new state: waiting, succeeded, failed, or a handle to fetch at once
     * @throws UnsupportedOperationException by default, for providers that return no jobs
     */
    default JobUpdate parsePoll(JobHandle job, WireResponse response) {
        throw new UnsupportedOperationException(id() + " returns no jobs");
    }

    /**
     * The request that asks the vendor to stop a job, for vendors with a cancel endpoint (e.g. fal's
     * {@code PUT .../cancel}); empty (the default) when there is none. The core sends it once when the caller cancels
     * the job or the future of the request that started it, never when a deadline passes (the job stays resumable by
     * its ref). Any 2xx answer counts as accepted; the vendor may still have finished, and billed, the job.
     *
     * @param job the job to cancel
     * @return the cancel request, or empty when the vendor has no cancel endpoint
     */
    default Optional<WireRequest> cancelRequest(JobHandle job) {
        return Optional.empty();
    }

    /**
     * The request that asks the vendor for a price without generating, where the vendor offers one (e.g. a dry run).
     * Empty (the default) when it does not; the catalog's formula is used then.
     *
     * @param request the request to price, validated as for {@link #prepare}
     * @param model   the catalog entry of the requested model
     * @return the price request, or empty when the vendor offers none
     */
    default Optional<WireRequest> estimateRequest(ImageRequest request, ModelInfo model) {
        return Optional.empty();
    }

    /**
     * Reads the answer to {@link #estimateRequest}.
     *
     * @param response the 2xx answer to {@link #estimateRequest}
     * @return the vendor's price for the request
     * @throws UnsupportedOperationException by default, for providers without an estimate endpoint
     */
    default Cost parseEstimate(WireResponse response) {
        throw new UnsupportedOperationException(id() + " has no estimate endpoint");
    }

    /**
     * How the vendor signs its webhooks, for vendors that do; empty (the default) when it does not sign them (then
     * only {@code ImageClient.parseUnverifiedWebhook} reads them).
     *
     * @return the verifier of this vendor's webhook signatures, or empty when the vendor does not sign webhooks
     */
    default Optional<WebhookVerifier> webhookVerifier() {
        return Optional.empty();
    }

    /**
     * Reads a webhook payload the vendor POSTed to the user's server (for vendors that offer webhooks): the same
     * update a poll would give. The payload is handed over as a 200 JSON response, after the core checked its
     * signature (unless the caller opted out).
     *
     * @param payload the webhook body as a 200 {@code application/json} response
     * @return the job update the payload describes
     * @throws UnsupportedOperationException by default, for providers that send no webhooks
     */
    default JobUpdate parseWebhook(WireResponse payload) {
        throw new UnsupportedOperationException(id() + " sends no webhooks");
    }
}
