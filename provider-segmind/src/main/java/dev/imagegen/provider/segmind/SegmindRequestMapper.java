package dev.imagegen.provider.segmind;

import dev.imagegen.ImageRequest;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.SpeedMode;
import dev.imagegen.provider.segmind.SegmindCatalog.Resolution;
import dev.imagegen.spi.WireBody;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the JSON body of a generation (the same for v1 and the v2 queue). Every field is always sent, in this fixed
 * order, with the vendor's own default when the request leaves a field unset:
 *
 * <ol>
 *   <li>{@code prompt}</li>
 *   <li>{@code seed}: the request's, or -1 (random)</li>
 *   <li>{@code model_type}: {@code "fast"}</li>
 *   <li>{@code resolution}: the label of the requested size or aspect ratio, or the square label</li>
 *   <li>{@code speed_mode}: the label of the requested mode, or "Lightly Juiced" ({@link SpeedMode#BALANCED})</li>
 *   <li>{@code output_format}: {@code webp}, {@code png} or {@code jpg}; default {@code webp}</li>
 *   <li>{@code output_quality}: the request's, or 100</li>
 * </ol>
 *
 * Then the request's raw {@code providerOptions("segmind")} fields: a field already present keeps its place and takes
 * the new value; others are appended.
 */
final class SegmindRequestMapper {

    private SegmindRequestMapper() {
    }

    /** The body for {@code request}, which the core has validated against {@code model}. */
    static WireBody body(ImageRequest request, ModelInfo model) {
        Map<String, Object> body = new LinkedHashMap<>(16);
        body.put("prompt", request.prompt());
        body.put("seed", request.seed().orElse(SegmindCatalog.RANDOM_SEED));
        body.put("model_type", SegmindCatalog.MODEL_TYPE);
        body.put("resolution", resolution(request, model).label);
        body.put("speed_mode", SegmindCatalog.speedMode(request.speedMode().orElse(SpeedMode.BALANCED)));
        body.put("output_format", SegmindCatalog.outputFormat(request.outputFormat().orElse(OutputFormat.WEBP)));
        body.put("output_quality", request.outputQuality().orElse(SegmindCatalog.DEFAULT_QUALITY));
        body.putAll(request.providerOptions(SegmindCatalog.PROVIDER_ID));
        return WireBody.json(body);
    }

    /** The resolution label for the request's size, or its aspect ratio, or the vendor's default. */
    static Resolution resolution(ImageRequest request, ModelInfo model) {
        if (request.size().isPresent()) {
            // the core has checked the size against the catalog, which lists exactly these sizes
            return Resolution.ofSize(request.size().get()).orElseThrow(() -> InvalidRequestException.forField(
                    SegmindCatalog.PROVIDER_ID, "size", request.size().get() + " is not a size " + model + " produces",
                    model.describeSizes()));
        }
        if (request.aspectRatio().isPresent()) {
            return Resolution.ofRatio(request.aspectRatio().get()).orElseThrow(() -> InvalidRequestException.forField(
                    SegmindCatalog.PROVIDER_ID, "aspectRatio", request.aspectRatio().get() + " is not an aspect ratio "
                            + model + " takes", model.aspectRatios().stream().map(Object::toString).toList()));
        }
        return Resolution.SQUARE_1024;
    }
}
