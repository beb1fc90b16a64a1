package dev.imagegen.routing;

import dev.imagegen.AuthenticationException;
import dev.imagegen.ConnectionException;
import dev.imagegen.Cost;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.ImageSize;
import dev.imagegen.InsufficientCreditsException;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.ProviderServerException;
import dev.imagegen.RateLimitedException;
import dev.imagegen.RoutingPolicy;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Routing among providers serving one model, and failover between them. */
class RoutingAndFailoverTest extends RoutingFixture {

    ImageResult run(ImageClient c, ImageRequest r, boolean async) throws Exception {
        if (!async) {
            return c.generate(r);
        }
        try {
            return c.generateAsync(r).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    // ---- routing ----

    @Test
    void theDefaultPolicyFollowsThePreferenceOrderAndSaysSo() throws Exception {
        ImageClient c = client(builder().preferProviders("beta"));
        beta.enqueue(ok("b1"));
        ImageResult r = c.generate(sync().build());
        assertThat(r.provider()).isEqualTo("beta");
        assertThat(r.metadata()).containsEntry("routing.policy", "preference-order")
                .containsEntry("routing.chosen", "beta")
                .containsEntry("routing.reason", "first in preference order beta > alpha")
                .containsEntry("routing.attempts", "beta:ok");
        assertThat(alpha.getRequestCount()).isZero();
    }

    @Test
    void anExplicitPreferenceOrderPolicyWinsOverTheProviderOrder() throws Exception {
        ImageClient c = client(builder().routing(RoutingPolicy.preferenceOrder("beta", "alpha")));
        beta.enqueue(ok("b1"));
        assertThat(c.generate(sync().build()).provider()).isEqualTo("beta");
        assertThat(alpha.getRequestCount()).isZero();
    }

    @Test
    void cheapestRoutesByTheCatalogEstimateOfThisRequest() throws Exception {
        ImageClient c = client(builder().routing(RoutingPolicy.cheapest()));
        beta.enqueue(ok("b1"));
        ImageResult r = c.generate(sync().count(2).build());
        assertThat(r.provider()).isEqualTo("beta");
        assertThat(r.cost()).contains(Cost.estimated(new BigDecimal("0.01")));
        assertThat(r.metadata()).containsEntry("routing.policy", "cheapest")
                .containsEntry("routing.reason", "lowest catalog estimate: beta (0.02 USD) < alpha (0.04 USD)");
        assertThat(alpha.getRequestCount()).isZero();
    }

    @Test
    void cheapestPutsProvidersWithoutAPriceLast() throws Exception {
        ImageClient c = client(builder(new NamedFakeProvider("alpha", null), new NamedFakeProvider("beta", "0.05"))
                .routing(RoutingPolicy.cheapest()));
        beta.enqueue(ok("b1"));
        assertThat(c.generate(sync().build()).provider()).isEqualTo("beta");
    }

    @Test
    void onlyProvidersWhoseCatalogAcceptsTheRequestAreCandidates() throws Exception {
        // beta is cheaper but does not produce 1360x768
        ImageClient c = client(builder(new NamedFakeProvider("alpha", "0.02"),
                new NamedFakeProvider("beta", "0.01", List.of(ImageSize.of(512, 512))))
                .routing(RoutingPolicy.cheapest()));
        alpha.enqueue(ok("a1"));
        ImageResult r = c.generate(sync().size(1360, 768).build());
        assertThat(r.provider()).isEqualTo("alpha");
        assertThat(r.metadata()).containsEntry("routing.reason", "the only provider serving the request");
        assertThat(beta.getRequestCount()).isZero();
    }

    @Test
    void whenNoCandidateAcceptsTheRequestTheFirstProvidersValidationErrorIsThrown() {
        ImageClient c = client(builder());
        assertThatThrownBy(() -> c.generate(sync().size(640, 640).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).contains("size");
                    assertThat(e.providerId()).contains("alpha");
                });
        assertThat(alpha.getRequestCount() + beta.getRequestCount()).isZero();
    }

    @Test
    void aCustomPolicyMayReorderAndDropCandidates() throws Exception {
        RoutingPolicy onlyBeta = new RoutingPolicy() {
            @Override
            public List<Candidate> order(ImageRequest request, List<Candidate> candidates) {
                assertThat(candidates).extracting(Candidate::providerId).containsExactly("alpha", "beta");
                assertThat(candidates.get(0).estimate()).contains(Cost.estimated(new BigDecimal("0.02")));
                return candidates.stream().filter(x -> x.providerId().equals("beta")).toList();
            }

            @Override
            public String name() {
                return "beta-only";
            }
        };
        ImageClient c = client(builder().routing(onlyBeta));
        beta.enqueue(error(429, "slow down"));
        beta.enqueue(error(429, "slow down"));
        assertThatThrownBy(() -> c.generate(sync().build())).isInstanceOf(RateLimitedException.class);
        assertThat(alpha.getRequestCount()).as("dropped by the policy, never tried").isZero();
        beta.enqueue(ok("b1"));
        assertThat(c.generate(sync().build()).metadata()).containsEntry("routing.policy", "beta-only")
                .containsEntry("routing.reason", "beta-only policy put beta first");
    }

    @Test
    void aPinnedRequestIsNotRoutedAndNeverFailsOver() {
        ImageClient c = client(builder());
        beta.enqueue(error(429, "slow down"));
        beta.enqueue(error(429, "slow down"));
        assertThatThrownBy(() -> c.generate(sync().provider("beta").build())).isInstanceOf(RateLimitedException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
        assertThat(alpha.getRequestCount()).isZero();
    }

    // ---- failover ----

    @ParameterizedTest(name = "HTTP {0}, async={1}")
    @CsvSource({"429,false", "429,true", "503,false", "503,true", "402,false", "402,true"})
    void failsOverToTheNextCandidateAfterTheFirstProvidersRetries(int status, boolean async) throws Exception {
        ImageClient c = client(builder());
        alpha.enqueue(error(status, "nope"));
        alpha.enqueue(error(status, "nope"));
        beta.enqueue(ok("b1"));
        ImageResult r = run(c, sync().build(), async);
        String type = switch (status) {
            case 429 -> "RateLimitedException";
            case 503 -> "ProviderServerException";
            default -> "InsufficientCreditsException";
        };
        assertThat(r.provider()).isEqualTo("beta");
        assertThat(r.requestId()).contains("b1");
        assertThat(r.metadata()).containsEntry("routing.chosen", "beta")
                .containsEntry("routing.attempts", "alpha:" + type + ",beta:ok")
                .containsEntry("routing.reason", "first in preference order alpha > beta; failed over after alpha:" + type);
        // 429 and 503 are retried once on alpha first (the policy allows one retry); 402 is not retried
        assertThat(alpha.getRequestCount()).isEqualTo(status == 402 ? 1 : 2);
        assertThat(beta.getRequestCount()).isEqualTo(1);
        assertThat(failovers).singleElement().satisfies(f -> {
            assertThat(f.fromProvider()).isEqualTo("alpha");
            assertThat(f.toProvider()).isEqualTo("beta");
            assertThat(f.error().httpStatus()).hasValue(status);
        });
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void failsOverWhenTheFirstProviderCannotBeReached(boolean async) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ImageClient c = client(builder().baseUrl("alpha", "http://127.0.0.1:" + port + "/"));
        beta.enqueue(ok("b1"));
        ImageResult r = run(c, sync().build(), async);
        assertThat(r.metadata()).containsEntry("routing.attempts", "alpha:ConnectionException,beta:ok");
    }

    @ParameterizedTest(name = "HTTP {0}, async={1}")
    @CsvSource({"400,false", "400,true", "401,false", "401,true", "500,false", "500,true"})
    void neverFailsOverOnInvalidRequestsAuthenticationOrUnknownOutcomes(int status, boolean async) throws Exception {
        ImageClient c = client(builder());
        alpha.enqueue(error(status, "nope"));
        Class<? extends ImageGenerationException> type = switch (status) {
            case 400 -> InvalidRequestException.class;
            case 401 -> AuthenticationException.class;
            default -> OutcomeUnknownException.class; // a 500 after a paid POST was sent: alpha may have billed
        };
        assertThatThrownBy(() -> run(c, sync().build(), async)).isInstanceOf(type);
        assertThat(alpha.getRequestCount()).isEqualTo(1);
        assertThat(beta.getRequestCount()).as("the second vendor saw nothing").isZero();
        assertThat(failovers).isEmpty();
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void whenEveryCandidateFailsTheLastErrorNamesAllProvidersAndCarriesTheEarlierOnes(boolean async) {
        ImageClient c = client(builder());
        alpha.enqueue(error(429, "slow down"));
        alpha.enqueue(error(429, "slow down"));
        beta.enqueue(error(503, "down"));
        beta.enqueue(error(503, "down"));
        assertThatThrownBy(() -> run(c, sync().build(), async))
                .isExactlyInstanceOf(ProviderServerException.class)
                .hasMessageContaining("[beta]")
                .hasMessageContaining("every provider failed, tried alpha (RateLimitedException), beta (ProviderServerException)")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(RateLimitedException.class)
                        .satisfies(s -> assertThat(((ImageGenerationException) s).httpStatus()).hasValue(429)));
    }

    @Test
    void aNonFailoverErrorFromTheSecondCandidateCarriesTheFirstOneSuppressed() {
        ImageClient c = client(builder());
        alpha.enqueue(error(402, "top up"));
        beta.enqueue(error(401, "bad key"));
        assertThatThrownBy(() -> c.generate(sync().build())).isInstanceOf(AuthenticationException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(InsufficientCreditsException.class));
    }

    @Test
    void aSubmittedJobIsNeverResentElsewhereWhenItsPollsFail() {
        ImageClient c = client(builder());
        alpha.enqueue(json(200, "{\"id\":\"j1\",\"status\":\"queued\"}"));
        alpha.enqueue(error(503, "down"));
        alpha.enqueue(error(503, "down"));
        assertThatThrownBy(() -> c.generate(ImageRequest.builder().model("fake-job").prompt("x").build()))
                .isInstanceOf(ProviderServerException.class);
        assertThat(beta.getRequestCount()).as("alpha accepted the job; it may bill").isZero();
    }

    @Test
    void eachCallOfASplitRequestFailsOverOnItsOwn() throws Exception {
        ImageClient c = client(builder().maxConcurrentSplits(1));
        alpha.enqueue(ok("a1"));
        alpha.enqueue(error(429, "slow down"));
        alpha.enqueue(error(429, "slow down"));
        beta.enqueue(ok("b1"));
        ImageResult r = c.generate(sync().count(4).seed(7L).build());
        assertThat(r.provider()).isEqualTo("alpha");
        assertThat(r.metadata()).containsEntry("routing.chosen", "alpha,beta")
                .containsEntry("routing.attempts", "alpha:ok;alpha:RateLimitedException,beta:ok")
                .containsEntry("requestIds", "a1,b1");
        RecordedRequest second = beta.takeRequest();
        assertThat(second.getBody().utf8()).contains("\"n\":2").contains("\"seed\":8");
        // each part priced by its own provider's catalog for the images it returned: 0.02 + 0.01
        assertThat(r.cost()).contains(Cost.estimated(new BigDecimal("0.03")));
    }

    @Test
    void estimatesUseTheProviderRoutingPutsFirst() {
        ImageClient c = client(builder().routing(RoutingPolicy.cheapest()));
        assertThat(c.estimate(sync().count(3).build())).isEqualTo(Cost.estimated(new BigDecimal("0.03")));
    }
}
