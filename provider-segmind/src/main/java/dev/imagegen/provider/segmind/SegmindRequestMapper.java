package dev.imagegen.provider.segmind;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen.ImageRequest;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.SpeedMode;
import dev.imagegen.provider.segmind.SegmindCatalog.Resolution;
import dev.imagegen.spi.WireBody;

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
        String resolution = resolution(request, model).label;
        Long seed = request.seed().orElse(SegmindCatalog.RANDOM_SEED);
        String speedMode = SegmindCatalog.speedMode(request.speedMode().orElse(SpeedMode.BALANCED));
        String format = SegmindCatalog.outputFormat(request.outputFormat().orElse(OutputFormat.WEBP));
        Integer quality = request.outputQuality().orElse(SegmindCatalog.DEFAULT_QUALITY);
        Map<String, Object> options = request.providerOptions(SegmindCatalog.PROVIDER_ID);
        if (options.isEmpty()) {
            // the usual body, written directly (no tree to build and serialise); null: a string needs Jackson's escapes
            byte[] json = FlatJson.of("prompt", request.prompt(), "seed", seed, "model_type", SegmindCatalog.MODEL_TYPE,
                    "resolution", resolution, "speed_mode", speedMode, "output_format", format, "output_quality", quality);
            if (json != null) {
                return new WireBody.JsonBody(json);
            }
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("prompt", request.prompt());
        body.put("seed", seed);
        body.put("model_type", SegmindCatalog.MODEL_TYPE);
        body.put("resolution", resolution);
        body.put("speed_mode", speedMode);
        body.put("output_format", format);
        body.put("output_quality", quality);
        for (Map.Entry<String, Object> e : options.entrySet()) {
            if (e.getValue() == null) {
                body.putNull(e.getKey());
            } else {
                body.putPOJO(e.getKey(), e.getValue());
            }
        }
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
