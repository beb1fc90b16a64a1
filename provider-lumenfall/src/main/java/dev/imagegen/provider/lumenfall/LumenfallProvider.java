package dev.imagegen.provider.lumenfall;

import dev.imagegen.Cost;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.ProviderConfig;
import dev.imagegen.spi.ProviderResponse;
import dev.imagegen.spi.WireRequest;
import dev.imagegen.spi.WireResponse;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Lumenfall's translation: one synchronous call per request (generations or edits), a dry run for estimates, and
 * the error mapping. Stateless apart from its configuration, so one instance serves every call.
 */
final class LumenfallProvider implements ImageProvider {

    static final List<String> RESPONSE_FORMATS = List.of("url", "b64_json");

    // The options are checked when the provider is created; the mapper and parsers (the request mapper's class holds
    // an ObjectMapper) are built on first use, so a client that never calls Lumenfall never loads them.
    private final ProviderConfig config;
    private final String responseFormat;
    private final String multiImageField;
    private final String pointer;
    private volatile Parts parts;

    /** What a call uses, built once. */
    private static final class Parts {
        final LumenfallRequestMapper requests;
        final LumenfallResponseParser responses = new LumenfallResponseParser();
        final LumenfallErrorMapper errors = new LumenfallErrorMapper();
        final LumenfallEstimateParser estimates;

        Parts(ProviderConfig config, String responseFormat, String multiImageField, String pointer) {
            this.requests = new LumenfallRequestMapper(config, responseFormat, multiImageField);
            this.estimates = new LumenfallEstimateParser(pointer);
        }
    }

    private Parts parts() {
        Parts p = parts;
        if (p == null) {
            synchronized (this) {
                p = parts;
                if (p == null) {
                    p = new Parts(config, responseFormat, multiImageField, pointer);
                    parts = p;
                }
            }
        }
        return p;
    }

    LumenfallProvider(ProviderConfig config) {
        String responseFormat = config.option(LumenfallOptions.RESPONSE_FORMAT, "url").trim().toLowerCase(Locale.ROOT);
        if (!RESPONSE_FORMATS.contains(responseFormat)) {
            throw new IllegalArgumentException("lumenfall option " + LumenfallOptions.RESPONSE_FORMAT + ": '"
                    + responseFormat + "' is not one of " + RESPONSE_FORMATS);
        }
        String multiImageField = config.option(LumenfallOptions.MULTI_IMAGE_FIELD, "image[]").trim();
        if (multiImageField.isEmpty()) {
            throw new IllegalArgumentException("lumenfall option " + LumenfallOptions.MULTI_IMAGE_FIELD
                    + " must not be blank");
        }
        String pointer = config.option(LumenfallOptions.ESTIMATE_COST_POINTER).orElse(null); // no lambdas on a fresh JVM
        pointer = pointer == null || pointer.trim().isEmpty() ? null : pointer.trim();
        if (pointer != null && !pointer.startsWith("/")) {
            throw new IllegalArgumentException("lumenfall option " + LumenfallOptions.ESTIMATE_COST_POINTER
                    + " must be a JSON pointer starting with '/', got '" + pointer + "'");
        }
        this.config = config;
        this.responseFormat = responseFormat;
        this.multiImageField = multiImageField;
        this.pointer = pointer;
    }

    @Override
    public String id() {
        return LumenfallProviderFactory.ID;
    }

    @Override
    public WireRequest prepare(ImageRequest request, ModelInfo model) {
        return parts().requests.prepare(request, model);
    }

    @Override
    public ProviderResponse parse(ImageRequest request, ModelInfo model, WireResponse response) {
        return ProviderResponse.completed(parts().responses.parse(request, model, response));
    }

    @Override
    public ImageGenerationException mapError(WireResponse response) {
        return parts().errors.map(response);
    }

    /**
     * The dry run of a text-to-image request. Edits have none (a dry run would upload the images just to price
     * them, and Lumenfall documents the dry run for generations only); the catalog's price is used for them.
     */
    @Override
    public Optional<WireRequest> estimateRequest(ImageRequest request, ModelInfo model) {
        if (!request.inputImages().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parts().requests.dryRun(request, model));
    }

    @Override
    public Cost parseEstimate(WireResponse response) {
        return parts().estimates.parse(response);
    }
}
