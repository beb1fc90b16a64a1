package dev.imagegen.provider.wavespeed;

import dev.imagegen.Cost;
import dev.imagegen.ImageClient;
import dev.imagegen.ModelInfo;
import dev.imagegen.PriceFormula;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every WaveSpeed model has a price (issue 12: hidream-i1-fast had none, so {@code estimate()} threw and budgets could
 * not use it). The fast variant's price is unverified and can be replaced per client.
 */
class WaveSpeedPriceTest extends WaveSpeedTestBase {

    @Test
    void everyModelIsPricedPerImage() {
        assertThat(new WaveSpeedProviderFactory().models()).extracting(ModelInfo::id, m -> m.price().orElseThrow())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("hidream-i1-dev", PriceFormula.perImage("0.012")),
                        org.assertj.core.groups.Tuple.tuple("hidream-i1-full", PriceFormula.perImage("0.024")),
                        org.assertj.core.groups.Tuple.tuple("hidream-i1-fast", PriceFormula.perImage("0.006")));
    }

    @Test
    void theFastVariantHasAnEstimateWithoutAnyCall() {
        Cost c = client().estimate(request().model("hidream-i1-fast").count(3).build());
        assertThat(c).isEqualTo(Cost.estimated(new BigDecimal("0.018")));
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void itsUnverifiedPriceIsReplacedByAConfiguredOne() {
        ImageClient c = client(builder().price("wavespeed", "hidream-i1-fast", PriceFormula.perImage("0.0075")));
        assertThat(c.estimate(request().model("hidream-i1-fast").count(2).build()).amount()).isEqualByComparingTo("0.015");
        assertThat(c.estimate(request().model("hidream-i1-dev").build()).amount()).isEqualByComparingTo("0.012");
        assertThat(server.getRequestCount()).isZero();
    }
}
