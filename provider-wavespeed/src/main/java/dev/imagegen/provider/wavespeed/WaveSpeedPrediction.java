package dev.imagegen.provider.wavespeed;

import dev.imagegen.spi.ImageOutput;
import dev.imagegen.spi.ProviderErrors;
import dev.imagegen.spi.ProviderResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One WaveSpeed prediction as read from a submit answer, a poll answer (both wrapped in the {@code {code, message,
 * data}} envelope) or a webhook (the bare prediction). Every field may be absent. Mutable only while being read.
 */
final class WaveSpeedPrediction {

    /** The vendor's code for "sync mode timed out": the prediction keeps running and must be polled. */
    static final int SYNC_TIMEOUT_CODE = 5004;

    Integer code;
    Integer dataCode;
    String message;
    String id;
    String model;
    String status;
    String error;
    String getUrl;
    String createdAt;
    Long inferenceMillis;
    final List<ImageOutput> outputs = new ArrayList<>();
    final List<Boolean> nsfw = new ArrayList<>();

    /** The status in lower case, or null. */
    String normalizedStatus() {
        return status == null ? null : status.trim().toLowerCase(Locale.ROOT);
    }

    boolean isCompleted() {
        return "completed".equals(normalizedStatus());
    }

    boolean isFailed() {
        return "failed".equals(normalizedStatus());
    }

    /**
     * Whether the vendor says its sync-mode wait ended before the image: code 5004 (top level or in {@code data}) or
     * a message saying "Sync mode timed out". The prediction goes on; it has to be polled.
     */
    boolean syncTimedOut() {
        return Integer.valueOf(SYNC_TIMEOUT_CODE).equals(code) || Integer.valueOf(SYNC_TIMEOUT_CODE).equals(dataCode)
                || mentionsSyncTimeout(message) || mentionsSyncTimeout(error);
    }

    private static boolean mentionsSyncTimeout(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains("sync mode timed out");
    }

    /** Whether the envelope's code is an error code (outside 2xx, and not the sync-mode timeout). */
    boolean envelopeSaysError() {
        return code != null && (code < 200 || code > 299) && code != SYNC_TIMEOUT_CODE;
    }

    /** The vendor's reason for a failure: {@code error}, else {@code message}, else a generic text. */
    String failureText() {
        if (error != null && !error.isBlank()) {
            return error;
        }
        if (message != null && !message.isBlank() && !message.equalsIgnoreCase("success")) {
            return message;
        }
        return "the prediction failed (the vendor gave no reason)";
    }

    /**
     * The images of a completed prediction.
     *
     * @param seed the seed that was sent, when known (WaveSpeed does not report it)
     * @throws dev.imagegen.InvalidResponseException when a completed prediction lists no outputs
     */
    ProviderResult toResult(Long seed) {
        if (outputs.isEmpty()) {
            throw ProviderErrors.invalidResponse(WaveSpeedCatalog.PROVIDER_ID,
                    "the prediction is completed but data.outputs is empty", id);
        }
        ProviderResult.Builder b = ProviderResult.builder().modelId(model).requestId(id).seed(seed);
        for (int i = 0; i < outputs.size(); i++) {
            ImageOutput o = outputs.get(i);
            Boolean flag = i < nsfw.size() ? nsfw.get(i) : null;
            b.addImage(flag == null ? o : o.withNsfw(flag));
        }
        if (inferenceMillis != null) {
            b.inferenceTime(Duration.ofMillis(inferenceMillis));
        }
        b.metadata("createdAt", createdAt);
        return b.build();
    }
}
