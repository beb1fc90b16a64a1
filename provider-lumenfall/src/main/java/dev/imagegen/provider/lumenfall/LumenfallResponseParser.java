package dev.imagegen.provider.lumenfall;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.ImageRequest;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.spi.ImageData;
import dev.imagegen.spi.ImageOutput;
import dev.imagegen.spi.ProviderErrors;
import dev.imagegen.spi.ProviderResult;
import dev.imagegen.spi.WireResponse;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads Lumenfall's OpenAI-shaped answer {@code {created, data:[{url | b64_json, revised_prompt}]}} by streaming:
 * {@code b64_json} values are decoded as they are read and never become a Java String, so a 20 MB image costs about
 * its own size in memory. URLs are handed to the core, which downloads them lazily without credentials.
 */
final class LumenfallResponseParser {

    private static final String ID = LumenfallProviderFactory.ID;

    ProviderResult parse(ImageRequest request, ModelInfo model, WireResponse response) {
        String requestId = LumenfallHeaders.requestId(response);
        ProviderResult.Builder result = ProviderResult.builder()
                .modelId(model.vendorId())
                .requestId(requestId)
                .metadata(LumenfallHeaders.META_UPSTREAM_PROVIDER,
                        response.header(LumenfallHeaders.PROVIDER).orElse(null))
                .metadata(LumenfallHeaders.META_UPSTREAM_MODEL, response.header(LumenfallHeaders.MODEL).orElse(null));
        String declaredType = request.outputFormat().map(OutputFormat::mediaType).orElse(null);
        int images = 0;
        String errorMessage = null;
        String errorCode = null;
        try (JsonParser p = response.jsonParser()) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ProviderErrors.invalidResponse(ID, "expected a JSON object", requestId);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "data" -> images += readData(p, value, result, declaredType, requestId);
                    case "created" -> {
                        if (value == JsonToken.VALUE_NUMBER_INT) {
                            result.metadata("created", p.getText());
                        }
                    }
                    case "error" -> {
                        if (value == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String k = p.currentName();
                                JsonToken v = p.nextToken();
                                if (k.equals("message") && v.isScalarValue() && v != JsonToken.VALUE_NULL) {
                                    errorMessage = p.getText();
                                } else if (k.equals("code") && v.isScalarValue() && v != JsonToken.VALUE_NULL) {
                                    errorCode = p.getText();
                                } else {
                                    p.skipChildren();
                                }
                            }
                        } else if (value == JsonToken.VALUE_STRING) {
                            errorMessage = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (images == 0) {
            if (errorMessage != null || errorCode != null) {
                // a 2xx carrying an error object: the vendor says it produced nothing
                throw new GenerationFailedException(new Details("generation failed", ID, response.status(), errorCode,
                        errorMessage, requestId), null);
            }
            throw ProviderErrors.invalidResponse(ID, "no images in data", requestId);
        }
        return result.build();
    }

    private static int readData(JsonParser p, JsonToken start, ProviderResult.Builder result, String declaredType,
                                String requestId) throws IOException {
        if (start == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (start != JsonToken.START_ARRAY) {
            throw ProviderErrors.invalidResponse(ID, "data is not an array", requestId);
        }
        int count = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                throw ProviderErrors.invalidResponse(ID, "data[" + count + "] is not an object", requestId);
            }
            byte[] bytes = null;
            String url = null;
            String revisedPrompt = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("b64_json") && value == JsonToken.VALUE_STRING) {
                    bytes = ImageData.readBase64(p);
                } else if (name.equals("url") && value == JsonToken.VALUE_STRING) {
                    url = p.getText();
                } else if (name.equals("revised_prompt") && value == JsonToken.VALUE_STRING) {
                    revisedPrompt = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            ImageOutput out;
            if (bytes != null) {
                out = ImageOutput.ofBytes(bytes, declaredType);
            } else if (url != null && !url.isBlank()) {
                out = ImageOutput.ofUrl(url);
            } else {
                throw ProviderErrors.invalidResponse(ID, "data[" + count + "] has neither url nor b64_json", requestId);
            }
            result.addImage(revisedPrompt != null ? out.withRevisedPrompt(revisedPrompt) : out);
            count++;
        }
        return count;
    }
}
