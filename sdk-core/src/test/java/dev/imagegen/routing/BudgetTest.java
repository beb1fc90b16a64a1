package dev.imagegen.routing;

import dev.imagegen.Budget;
import dev.imagegen.BudgetExceededException;
import dev.imagegen.BudgetStatus;
import dev.imagegen.ImageClient;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.RateLimitedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's budget: refused before sending, counted from results. */
class BudgetTest extends RoutingFixture {

    static final Duration DAY = Duration.ofDays(1);

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aRequestWhoseEstimateDoesNotFitIsRefusedBeforeAnyCall(boolean async) {
        ImageClient c = client(builder().budget(Budget.of("0.03", DAY)).preferProviders("alpha"));
        // alpha: 2 x 0.02 = 0.04; beta: 2 x 0.01 = 0.02 would fit, so pin alpha to see the refusal
        Runnable call = () -> {
            var r = sync().count(2).provider("alpha").build();
            if (async) {
                try {
                    c.generateAsync(r).get(5, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw (RuntimeException) e.getCause();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            } else {
                c.generate(r);
            }
        };
        assertThatThrownBy(call::run).isInstanceOfSatisfying(BudgetExceededException.class, e -> {
            assertThat(e.estimate()).contains(new BigDecimal("0.04"));
            assertThat(e.remaining()).isEqualByComparingTo("0.03");
            assertThat(e.period()).isEqualTo(DAY);
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("alpha/fake-sync x2 is estimated at 0.04 USD, more than the 0.03 USD left")
                    .contains("budget of 0.03 USD per PT24H").contains("nothing was sent");
        });
        assertThat(alpha.getRequestCount() + beta.getRequestCount()).isZero();
    }

    @Test
    void aRoutedRequestGoesToACandidateThatStillFits() throws Exception {
        ImageClient c = client(builder().budget(Budget.of("0.03", DAY)));
        beta.enqueue(ok("b1"));
        var r = c.generate(sync().count(2).build());
        assertThat(r.provider()).isEqualTo("beta");
        assertThat(r.metadata()).containsEntry("routing.attempts", "alpha:BudgetExceededException,beta:ok");
        assertThat(alpha.getRequestCount()).isZero();
    }

    @Test
    void spendingIsTrackedFromResultsAndResetsWithTheWindow() throws Exception {
        ImageClient c = client(builder().budget(Budget.of("0.05", DAY)));
        alpha.enqueue(ok("a1"));
        alpha.enqueue(ok("a2"));
        c.generate(sync().build());
        c.generate(sync().build());
        BudgetStatus s = c.budgetStatus().orElseThrow();
        assertThat(s.spent()).isEqualByComparingTo("0.04");
        assertThat(s.reserved()).isEqualByComparingTo("0");
        assertThat(s.remaining()).isEqualByComparingTo("0.01");
        assertThat(s.windowEnd()).isEqualTo(s.windowStart().plus(DAY));
        // the third 0.02 call no longer fits on alpha; beta's 0.01 does
        beta.enqueue(ok("b1"));
        assertThat(c.generate(sync().build()).provider()).isEqualTo("beta");
        assertThat(c.budgetStatus().orElseThrow().remaining()).isEqualByComparingTo("0");
        assertThatThrownBy(() -> c.generate(sync().build())).isInstanceOf(BudgetExceededException.class);

        time.advance(DAY);
        assertThat(c.budgetStatus().orElseThrow().spent()).isEqualByComparingTo("0");
        alpha.enqueue(ok("a3"));
        assertThat(c.generate(sync().build()).provider()).isEqualTo("alpha");
    }

    @Test
    void aJobIsCountedWhenItsPollingEnds() throws Exception {
        ImageClient c = client(builder().budget(Budget.of("1", DAY)));
        alpha.enqueue(json(200, "{\"id\":\"j1\",\"status\":\"queued\"}"));
        alpha.enqueue(json(200, "{\"id\":\"j1\",\"status\":\"done\",\"images\":[{\"url\":\"data:image/png;base64,"
                + java.util.Base64.getEncoder().encodeToString(dev.imagegen.testing.TestImages.png(4, 4)) + "\"}]}"));
        c.generate(dev.imagegen.ImageRequest.builder().model("fake-job").prompt("x").build());
        // the fake vendor reports no cost: the estimate (0.02) is counted
        assertThat(c.budgetStatus().orElseThrow().spent()).isEqualByComparingTo("0.02");
    }

    @Test
    void anUnknownOutcomeCountsItsEstimateButARefusedCallCountsNothing() {
        ImageClient c = client(builder().budget(Budget.of("1", DAY)));
        alpha.enqueue(error(500, "boom"));
        assertThatThrownBy(() -> c.generate(sync().build())).isInstanceOf(OutcomeUnknownException.class);
        assertThat(c.budgetStatus().orElseThrow().spent()).as("alpha may have billed").isEqualByComparingTo("0.02");

        alpha.enqueue(error(429, "slow"));
        alpha.enqueue(error(429, "slow"));
        beta.enqueue(error(429, "slow"));
        beta.enqueue(error(429, "slow"));
        assertThatThrownBy(() -> c.generate(sync().build())).isInstanceOf(RateLimitedException.class);
        assertThat(c.budgetStatus().orElseThrow().spent()).as("a 429 did no paid work").isEqualByComparingTo("0.02");
        assertThat(c.budgetStatus().orElseThrow().reserved()).isEqualByComparingTo("0");
    }

    @Test
    void aProviderWithoutAPriceCannotBeUsedUnderABudget() {
        ImageClient c = client(builder(new NamedFakeProvider("alpha", null), new NamedFakeProvider("beta", null))
                .budget(Budget.of("1", DAY)));
        assertThatThrownBy(() -> c.generate(sync().build())).isInstanceOfSatisfying(BudgetExceededException.class,
                e -> {
                    assertThat(e.estimate()).isEmpty();
                    assertThat(e.getMessage()).contains("no price is known for alpha/fake-sync x1");
                });
        assertThat(alpha.getRequestCount() + beta.getRequestCount()).isZero();
    }

    @Test
    void withoutABudgetThereIsNoStatus() {
        assertThat(client(builder()).budgetStatus()).isEmpty();
    }
}
