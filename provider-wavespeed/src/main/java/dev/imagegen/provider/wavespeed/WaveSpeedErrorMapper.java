package dev.imagegen.provider.wavespeed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.spi.ProviderErrors;
import dev.imagegen.spi.WireResponse;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Maps WaveSpeed error answers, {@code {code, message, data:{error}}} with every field optional (and non-JSON bodies
 * from proxies), onto the SDK's typed errors with {@link ProviderErrors#fromStatus}.
 */
final class WaveSpeedErrorMapper {

    private WaveSpeedErrorMapper() {
    }

    /** The typed error for a non-2xx answer. */
    static ImageGenerationException map(WireResponse response) {
        int status = response.status();
        String code = null;
        String message = null;
        String detail = null;
        String id = null;
        Optional<JsonNode> json = response.tryJson();
        if (json.isPresent() && json.get().isObject()) {
            JsonNode n = json.get();
            code = text(n.get("code"));
            message = text(n.get("message"));
            JsonNode data = n.get("data");
            if (data != null && data.isObject()) {
                detail = text(data.get("error"));
                id = text(data.get("id"));
            }
            if (message == null && detail == null) {
                // Gateways in front of the API answer {"error": "..."} or {"detail": "..."}
                detail = text(n.get("error"));
                detail = detail != null ? detail : text(n.get("detail"));
            }
        }
        String text = join(message, detail);
        if (text == null && json.isEmpty()) {
            text = ProviderErrors.excerpt(response.bodyText());
        }
        // The envelope's code usually repeats the HTTP status; only a different one is worth showing.
        String vendorCode = code != null && !code.equals(String.valueOf(status)) ? code : null;
        return ProviderErrors.fromStatus(WaveSpeedCatalog.PROVIDER_ID, response, vendorCode, text, id);
    }

    /**
     * The typed error for a 2xx answer whose envelope carries an error code (e.g. {@code {"code":401,...}} behind a
     * proxy that always answers 200): mapped as if the HTTP status were that code.
     */
    static ImageGenerationException fromEnvelope(WireResponse response, WaveSpeedPrediction p) {
        return ProviderErrors.fromStatus(WaveSpeedCatalog.PROVIDER_ID, new StatusOverride(response, p.code),
                String.valueOf(p.code), join(p.message, p.error), p.id);
    }

    private static String join(String message, String detail) {
        boolean hasMessage = message != null && !message.isBlank();
        boolean hasDetail = detail != null && !detail.isBlank();
        if (hasMessage && hasDetail && !message.contains(detail)) {
            return message + ": " + detail;
        }
        return hasMessage ? message : hasDetail ? detail : null;
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isContainerNode()) {
            return null;
        }
        String s = n.asText();
        return s.isBlank() ? null : s;
    }

    /** A response seen with another status: the code a 2xx envelope reported. Only status and headers are used. */
    private static final class StatusOverride implements WireResponse {
        private final WireResponse delegate;
        private final int status;

        StatusOverride(WireResponse delegate, int status) {
            this.delegate = delegate;
            this.status = status;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public String url() {
            return delegate.url();
        }

        @Override
        public Optional<String> header(String name) {
            return delegate.header(name);
        }

        @Override
        public List<String> headers(String name) {
            return delegate.headers(name);
        }

        @Override
        public Optional<String> mediaType() {
            return delegate.mediaType();
        }

        @Override
        public InputStream bodyStream() {
            return delegate.bodyStream();
        }

        @Override
        public byte[] bodyBytes() {
            return delegate.bodyBytes();
        }

        @Override
        public String bodyText() {
            return delegate.bodyText();
        }

        @Override
        public JsonNode json() {
            return delegate.json();
        }

        @Override
        public Optional<JsonNode> tryJson() {
            return delegate.tryJson();
        }

        @Override
        public com.fasterxml.jackson.core.JsonParser jsonParser() {
            return delegate.jsonParser();
        }
    }
}
