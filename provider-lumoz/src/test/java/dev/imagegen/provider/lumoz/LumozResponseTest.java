package dev.imagegen.provider.lumoz;

import dev.imagegen.Cost;
import dev.imagegen.ImageResult;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.testing.Fixtures;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The run answer: the request id as written, the output URL downloaded without credentials, and the cost. */
class LumozResponseTest extends LumozTestSupport {

    @Test
    void requestIdIsKeptAsTheFifteenDigitsTheVendorWrote() {
        enqueueRunSuccess();
        ImageResult result = client.generate(request(HIDREAM, "a fox").build());
        assertThat(result.requestId()).contains("212121212121212");
        assertThat(result.model()).isEqualTo("hidream-l1");
        assertThat(result.provider()).isEqualTo("lumoz");
        assertThat(result.metadata()).containsEntry("outputType", "image");
    }

    @Test
    void anIdBeyondDoublePrecisionLosesNoDigit() {
        // 2^53 + 1: a double would read it as 9007199254740992
        server.enqueue(json(answer("run-success-large-id.json")));
        server.enqueue(png());
        ImageResult result = client.generate(request(HIDREAM, "a fox").build());
        assertThat(result.requestId()).contains("9007199254740993");
    }

    @Test
    void theOutputUrlIsDownloadedWithTheRequestWithoutTheKey() throws Exception {
        enqueueRunSuccess();
        ImageResult result = client.generate(request(KAWAII, "Cute 3d Kawaii, a cat").build());
        RecordedRequest run = take();
        assertThat(run.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(result.image().isLoaded()).as("downloaded and checked before generate() returned").isTrue();

        assertThat(result.image().url()).contains(server.url("/storage/outputs/image_12345.jpg").toString());
        assertThat(result.image().bytes()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(result.image().mediaType()).isEqualTo("image/png");
        assertThat(server.getRequestCount()).as("the run and one download").isEqualTo(2);

        RecordedRequest download = take();
        assertThat(download.getMethod()).isEqualTo("GET");
        assertThat(download.getUrl().encodedPath()).isEqualTo("/storage/outputs/image_12345.jpg");
        assertThat(download.getHeaders().get("Authorization")).isNull();
        assertThat(download.getHeaders().toString()).doesNotContain(KEY);
    }

    @Test
    void anArrayOfOutputsGivesOneImageEach() {
        String root = server.url("/").toString();
        server.enqueue(json("{\"success\":true,\"data\":{\"request_id\":5,\"output\":[\"" + root + "storage/a.png\",\""
                + root + "storage/b.png\"]}}"));
        server.enqueue(png());
        server.enqueue(png());
        ImageResult result = client.generate(request(HIDREAM, "a fox").build());
        assertThat(result.images()).hasSize(2);
        assertThat(result.images().get(1).url()).contains(root + "storage/b.png");
    }

    @Test
    void hidreamCostIsEstimatedPerGpuSecondOverTheTypicalDuration() {
        enqueueRunSuccess();
        ImageResult result = client.generate(request(HIDREAM, "a fox").build());
        // $0.0023/s x 4 s
        assertThat(result.cost()).contains(Cost.estimated(new BigDecimal("0.0092")));
    }

    @Test
    void kawaiiCostIsTheDefaultPricePerGeneration() {
        enqueueRunSuccess();
        ImageResult result = client.generate(request(KAWAII, "Cute 3d Kawaii, a cat").build());
        assertThat(result.cost()).hasValueSatisfying(c -> {
            assertThat(c.kind()).isEqualTo(Cost.Kind.ESTIMATED);
            assertThat(c.amount()).isEqualByComparingTo("0.03");
        });
    }

    @Test
    void kawaiiCostFollowsTheConfiguredPriceForEveryImageOfASplitRequest() {
        var priced = client(Map.of(LumozOptions.FLUX_PRICE_PER_IMAGE, "0.045"));
        // the two calls run in parallel: their downloads and the second run may arrive in either order
        Fixtures.serveDownloads(server, "/storage/", png());
        server.enqueue(json(answer("run-success.json")));
        server.enqueue(json(answer("run-success.json")));
        ImageResult result = priced.generate(request(KAWAII, "Cute 3d Kawaii, a cat").count(2).build());
        assertThat(result.images()).hasSize(2);
        assertThat(result.cost()).hasValueSatisfying(c -> {
            assertThat(c.kind()).isEqualTo(Cost.Kind.ESTIMATED);
            assertThat(c.amount()).isEqualByComparingTo("0.09");
        });
    }

    @Test
    void aBadPriceOptionIsRefusedWhenTheClientIsBuilt() {
        assertThatThrownBy(() -> client(Map.of(LumozOptions.FLUX_PRICE_PER_IMAGE, "three cents")))
                .hasStackTraceContaining("fluxPricePerImage");
    }

    @Test
    void anUnreadableSuccessAnswerToThePaidRunIsAnUnknownOutcome() {
        server.enqueue(json("{\"success\":true,\"data\":"));
        assertThatThrownBy(() -> client.generate(request(HIDREAM, "a fox").build()))
                .isInstanceOf(OutcomeUnknownException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anAnswerWithNeitherOutputNorRequestIdIsInvalid() {
        server.enqueue(json("{\"success\":true,\"data\":{\"output_type\":\"image\"}}"));
        assertThatThrownBy(() -> client.generate(request(HIDREAM, "a fox").build()))
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("request_id");
    }
}
