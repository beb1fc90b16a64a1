package dev.imagegen.fake;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageSize;
import dev.imagegen.JobState;
import dev.imagegen.JobStatus;
import dev.imagegen.ModelInfo;
import dev.imagegen.OutputFormat;
import dev.imagegen.PriceFormula;
import dev.imagegen.ValueRange;
import dev.imagegen.spi.AuthScheme;
import dev.imagegen.spi.ImageData;
import dev.imagegen.spi.ImageOutput;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.ImageProviderFactory;
import dev.imagegen.spi.JobHandle;
import dev.imagegen.spi.JobUpdate;
import dev.imagegen.spi.ProviderConfig;
import dev.imagegen.spi.ProviderErrors;
import dev.imagegen.spi.ProviderResponse;
import dev.imagegen.spi.ProviderResult;
import dev.imagegen.spi.WireBody;
import dev.imagegen.spi.WireRequest;
import dev.imagegen.spi.WireResponse;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A test-only provider with a tiny invented wire format, one synchronous model and one submit-and-poll model, used to
 * test the core end to end. Its key goes in {@code x-api-key} (a header OkHttp would forward across hosts).
 *
 * <pre>
 * POST {base}/generate  {"model","prompt","n","size","seed"}
 *   sync:  200 {"id","seed","images":[{"b64"} | {"url"}]}
 *   job:   200 {"id","status":"queued"}
 * GET  {base}/jobs/{id}  {"id","status":"queued|running|done|failed|fetch","position","progress","logs":[...],
 *                         "next":"/path" (with status fetch: poll that path at once),"images":[...],"error"}
 * PUT  {base}/jobs/{id}/cancel  (the cancel endpoint)
 * errors: {"error":{"message","code","field"}} (a field on a 422 names the rejected request field)
 * </pre>
 */
public class FakeProviderFactory implements ImageProviderFactory {

    /** The provider id. */
    public static final String ID = "fake";

    private final AuthScheme auth;

    /** With its key in {@code x-api-key}. */
    public FakeProviderFactory() {
        this(AuthScheme.header("x-api-key"));
    }

    /** With another credential scheme (e.g. bearer, to test both kinds of header). */
    public FakeProviderFactory(AuthScheme auth) {
        this.auth = auth;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.fake.example";
    }

    @Override
    public AuthScheme authScheme() {
        return auth;
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(
                ModelInfo.builder(ID, "fake-sync").vendorId("vendor-sync-1")
                        .sizes(List.of(ImageSize.of(512, 512), ImageSize.of(1024, 1024), ImageSize.of(1360, 768)))
                        .formats(List.of(OutputFormat.PNG, OutputFormat.JPEG))
                        .quality(ValueRange.ofInts(1, 100))
                        .seed(ValueRange.ofInts(-1, 9_999_999_999L))
                        .count(2, 8)
                        .price(PriceFormula.perImage("0.01"))
                        .build(),
                ModelInfo.builder(ID, "fake-job")
                        .sizeRange(256, 2048, 64)
                        .formats(List.of(OutputFormat.PNG))
                        .count(1, 4)
                        .inputImages(2)
                        .accepts(dev.imagegen.RequestField.MASK)
                        .price(PriceFormula.perImage("0.02"))
                        .asynchronous(true)
                        .build());
    }

    @Override
    public ImageProvider create(ProviderConfig config) {
        return new FakeProvider(config);
    }

    static final class FakeProvider implements ImageProvider {
        private final ProviderConfig config;

        FakeProvider(ProviderConfig config) {
            this.config = config;
        }

        @Override
        public String id() {
            return ID;
        }

        @Override
        public WireRequest prepare(ImageRequest request, ModelInfo model) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("model", model.vendorId());
            body.put("prompt", request.prompt());
            body.put("n", request.count());
            request.size().ifPresent(s -> body.put("size", s.toString()));
            request.seed().ifPresent(s -> body.put("seed", s));
            request.providerOptions(ID).forEach((k, v) -> body.putPOJO(k, v));
            return WireRequest.post(config.url("/generate")).body(WireBody.json(body)).paid(true).operation("generate").build();
        }

        @Override
        public ProviderResponse parse(ImageRequest request, ModelInfo model, WireResponse response) {
            try (JsonParser p = response.jsonParser()) {
                Parsed parsed = read(p);
                if (parsed.status != null) {
                    JobHandle h = new JobHandle(ID, model.id(), parsed.id, config.url("/jobs/" + parsed.id), Map.of());
                    return ProviderResponse.pending(h, new JobStatus(JobState.QUEUED, parsed.status, parsed.position));
                }
                // the URL as the core hands it over (a credential in a query parameter must not be in it)
                return ProviderResponse.completed(parsed.result.modelId(model.vendorId()).metadata("answeredBy", response.url()).build());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public WireRequest pollRequest(JobHandle job) {
            return WireRequest.get(job.pollUrl()).operation("poll").build();
        }

        @Override
        public java.util.Optional<WireRequest> cancelRequest(JobHandle job) {
            return java.util.Optional.of(WireRequest.put(config.url("/jobs/" + job.jobId() + "/cancel")).operation("cancel").build());
        }

        @Override
        public JobUpdate parsePoll(JobHandle job, WireResponse response) {
            try (JsonParser p = response.jsonParser()) {
                Parsed parsed = read(p);
                return switch (parsed.status) {
                    case "queued" -> JobUpdate.waiting(new JobStatus(JobState.QUEUED, "queued", parsed.position));
                    case "running" -> JobUpdate.waiting(new JobStatus(JobState.RUNNING, "running", null, parsed.progress, parsed.logs));
                    case "fetch" -> JobUpdate.fetchNow(new JobStatus(JobState.SUCCEEDED, "fetch", null, null, parsed.logs),
                            job.withPollUrl(parsed.next.startsWith("http") ? parsed.next : config.url(parsed.next)));
                    case "done" -> JobUpdate.succeeded(JobUpdate.status(JobState.SUCCEEDED, "done"), parsed.result.build());
                    case "failed" -> JobUpdate.failed(JobUpdate.status(JobState.FAILED, "failed"),
                            ProviderErrors.generationFailed(ID, parsed.error, parsed.id));
                    default -> JobUpdate.waiting(JobUpdate.status(JobState.RUNNING, parsed.status));
                };
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public JobUpdate parseWebhook(WireResponse payload) {
            return parsePoll(null, payload);
        }

        @Override
        public ImageGenerationException mapError(WireResponse response) {
            JsonNode err = response.tryJson().map(j -> j.path("error")).orElse(null);
            String message = err != null && err.has("message") ? err.get("message").asText()
                    : ProviderErrors.excerpt(response.bodyText());
            String code = err != null && err.has("code") ? err.get("code").asText() : null;
            if (err != null && err.has("field") && response.status() == 422) {
                return ProviderErrors.rejectedField(ID, response, err.get("field").asText(), code, message, null);
            }
            return ProviderErrors.fromStatus(ID, response, code, message, null);
        }

        private static final class Parsed {
            String id;
            String status;
            Integer position;
            Double progress;
            List<String> logs = new java.util.ArrayList<>();
            String next;
            String error;
            ProviderResult.Builder result = ProviderResult.builder();
        }

        /** Streams the body, decoding base64 images without building Strings. */
        private static Parsed read(JsonParser p) throws IOException {
            Parsed out = new Parsed();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                switch (f) {
                    case "id" -> {
                        out.id = p.getText();
                        out.result.requestId(out.id);
                    }
                    case "status" -> out.status = p.getText();
                    case "position" -> out.position = p.getIntValue();
                    case "progress" -> out.progress = p.getDoubleValue();
                    case "next" -> out.next = p.getText();
                    case "logs" -> {
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            out.logs.add(p.getText());
                        }
                    }
                    case "error" -> out.error = p.getText();
                    case "seed" -> out.result.seed(p.getLongValue());
                    case "images" -> {
                        if (t != JsonToken.START_ARRAY) {
                            throw new IOException("images must be an array");
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String k = p.currentName();
                                p.nextToken();
                                if (k.equals("b64")) {
                                    out.result.addImage(ImageOutput.ofBytes(ImageData.readBase64(p), null));
                                } else if (k.equals("url")) {
                                    out.result.addImage(ImageOutput.ofUrl(p.getText()));
                                } else {
                                    p.skipChildren();
                                }
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return out;
        }
    }
}
