package dev.imagegen.provider.lumenfall;

import dev.imagegen.testing.StubResponse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen.Cost;
import dev.imagegen.ImageRequest;
import dev.imagegen.InputImage;
import dev.imagegen.InvalidResponseException;
import dev.imagegen.ModelInfo;
import dev.imagegen.spi.ImageProvider;
import dev.imagegen.spi.ProviderConfig;
import dev.imagegen.spi.WireBody;
import dev.imagegen.spi.WireRequest;
import dev.imagegen.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dry run ({@code ?dryRun=true}): an unpaid request, its documented answer, and a tolerant reading of others. */
class LumenfallEstimateTest {

    static final ModelInfo FULL = LumenfallCatalog.MODELS.get(0);

    static ImageProvider provider(Map<String, String> options) {
        return new LumenfallProviderFactory().create(new ProviderConfig("lumenfall", "https://api.lumenfall.ai/openai/v1/", options));
    }

    static ImageRequest request() {
        return ImageRequest.builder().model("hidream-i1-full").prompt("x").count(2).size(1024, 1024).steps(40).build();
    }

    @Test
    void estimateRequestIsAnUnpaidDryRunOfTheGenerationBody() throws Exception {
        ImageProvider p = provider(Map.of());
        Optional<WireRequest> estimate = p.estimateRequest(request(), FULL);
        assertThat(estimate).isPresent();
        WireRequest dry = estimate.get();
        assertThat(dry.method()).isEqualTo("POST");
        assertThat(dry.url()).isEqualTo("https://api.lumenfall.ai/openai/v1/images/generations?dryRun=true");
        assertThat(dry.paid()).as("a dry run bills nothing, so the core may retry it freely").isFalse();
        assertThat(dry.operation()).isEqualTo("estimate");

        WireRequest real = p.prepare(request(), FULL);
        assertThat(real.url()).isEqualTo("https://api.lumenfall.ai/openai/v1/images/generations");
        assertThat(real.paid()).isTrue();
        JsonNode dryBody = LumenfallTestSupport.MAPPER.readTree(((WireBody.JsonBody) dry.body()).bytes());
        JsonNode realBody = LumenfallTestSupport.MAPPER.readTree(((WireBody.JsonBody) real.body()).bytes());
        assertThat(dryBody).isEqualTo(realBody);
        assertThat(dryBody.get("n").intValue()).isEqualTo(2);
        assertThat(dryBody.get("num_inference_steps").intValue()).isEqualTo(40);
    }

    @Test
    void editsHaveNoDryRunAndArePaidMultipart() {
        ImageRequest edit = request().toBuilder().inputImage(InputImage.of(TestImages.png(8, 8))).build();
        ImageProvider p = provider(Map.of());
        assertThat(p.estimateRequest(edit, FULL)).isEmpty();
        WireRequest real = p.prepare(edit, FULL);
        assertThat(real.url()).isEqualTo("https://api.lumenfall.ai/openai/v1/images/edits");
        assertThat(real.paid()).isTrue();
        assertThat(real.operation()).isEqualTo("edit");
        assertThat(real.body()).isInstanceOf(WireBody.MultipartBody.class);
    }

    /**
     * The example of docs.lumenfall.ai/api-reference/cost-estimation: amounts in micros. Before issue 12 the search
     * missed {@code total_cost_micros} and found the component's {@code total_cost}, reading 80000 micros as $80,000.
     */
    @Test
    void theDocumentedAnswerIsReadInMicros() {
        String documented = "{\"estimated\":true,\"model\":\"gemini-3-pro-image\",\"provider\":\"vertex\","
                + "\"total_cost_micros\":80000,\"currency\":\"USD\",\"components\":[{\"type\":\"output\","
                + "\"metric\":\"image\",\"quantity\":2,\"billable_quantity\":2,\"unit_price\":0.04,"
                + "\"total_cost\":80000}]}";
        Cost cost = provider(Map.of()).parseEstimate(StubResponse.of(200, documented));
        assertThat(cost).isEqualTo(new Cost(new BigDecimal("0.08"), "USD", Cost.Kind.ESTIMATED));
        Cost pointed = provider(Map.of(LumenfallOptions.ESTIMATE_COST_POINTER, "/components/0/total_cost_micros"))
                .parseEstimate(StubResponse.of(200, "{\"components\":[{\"total_cost_micros\":50000}]}"));
        assertThat(pointed.amount()).isEqualByComparingTo("0.05");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"estimated_cost\":0.05}|0.05|USD",
            "{\"cost\":0.1,\"currency\":\"usd\"}|0.1|USD",
            "{\"estimate\":{\"amount\":\"0.15\",\"currency\":\"EUR\"}}|0.15|EUR",
            "{\"dry_run\":true,\"pricing\":{\"total_cost\":\"$0.10\"}}|0.1|USD",
            "{\"data\":{\"estimated_cost_cents\":5}}|0.05|USD",
            "{\"model\":\"hidream-i1-full\",\"cost\":{\"amount\":0.05,\"currency\":\"USD\",\"per_image\":0.025}}|0.05|USD",
            "{\"estimates\":[{\"price\":0.03}]}|0.03|USD",
    })
    void parseEstimateReadsTheUsualShapes(String body, String amount, String currency) {
        Cost cost = provider(Map.of()).parseEstimate(StubResponse.of(200, body));
        assertThat(cost.kind()).isEqualTo(Cost.Kind.ESTIMATED);
        assertThat(cost.amount()).isEqualByComparingTo(new BigDecimal(amount));
        assertThat(cost.currency()).isEqualTo(currency);
    }

    @Test
    void aPointerOptionNamesTheFieldExactly() {
        ImageProvider p = provider(Map.of(LumenfallOptions.ESTIMATE_COST_POINTER, "/breakdown/total_usd"));
        Cost cost = p.parseEstimate(StubResponse.of(200,
                "{\"cost\":9.99,\"breakdown\":{\"per_image\":0.05,\"total_usd\":0.1}}"));
        assertThat(cost.amount()).isEqualByComparingTo("0.1");
        assertThatThrownBy(() -> p.parseEstimate(StubResponse.of(200, "{\"cost\":1}")))
                .isInstanceOf(InvalidResponseException.class).hasMessageContaining("/breakdown/total_usd");
    }

    @Test
    void anAnswerWithoutAnAmountIsAnInvalidResponse() {
        assertThatThrownBy(() -> provider(Map.of()).parseEstimate(StubResponse.of(200, "{\"ok\":true,\"cost\":\"free?\"}")
                .header("X-Lumenfall-Request-Id", "req_dry")))
                .isInstanceOfSatisfying(InvalidResponseException.class, e -> {
                    assertThat(e.requestId()).contains("req_dry");
                    assertThat(e.getMessage()).contains(LumenfallOptions.ESTIMATE_COST_POINTER);
                });
    }
}
