package dev.imagegen.routing;

import dev.imagegen.Budget;
import dev.imagegen.BudgetStatus;
import dev.imagegen.DeadlineExceededException;
import dev.imagegen.ImageClient;
import dev.imagegen.ProviderLimits;
import dev.imagegen.Sleeper;
import dev.imagegen.StoreUnavailableException;
import dev.imagegen.internal.InProcessStore;
import dev.imagegen.spi.SharedStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The core's side of the {@link SharedStore} seam, with stores written here: a store that fails or never answers stops
 * the call before anything is sent, within the request's deadline; a lease refused with a wait is asked for again and
 * returned when the call ends. Real Redis is tested in imagegen-redis.
 */
class SharedStoreSeamTest extends RoutingFixture {

    /** A store whose answers come from the suppliers; everything else is the in-process default. */
    static final class ScriptedStore implements SharedStore {
        final SharedStore inProcess = new InProcessStore(Clock.systemUTC());
        Supplier<CompletionStage<Optional<Reservation>>> reserve = () -> CompletableFuture.failedFuture(new IllegalStateException("down"));
        Supplier<CompletionStage<Lease>> acquire = () -> CompletableFuture.completedFuture(Lease.unshared());

        @Override
        public BudgetLedger budget(Budget budget) {
            return new BudgetLedger() {
                @Override
                public CompletionStage<Optional<Reservation>> reserve(BigDecimal usd) {
                    return reserve.get();
                }

                @Override
                public CompletionStage<BudgetStatus> status() {
                    return inProcess.budget(budget).status();
                }
            };
        }

        @Override
        public CompletionStage<Lease> tryAcquire(String providerId, ProviderLimits limits) {
            return acquire.get();
        }

        @Override
        public JobJournal jobs() {
            return inProcess.jobs();
        }
    }

    private static Throwable failure(ImageClient c, boolean async) {
        try {
            if (async) {
                c.generateAsync(sync().provider("alpha").build()).get(10, TimeUnit.SECONDS);
            } else {
                c.generate(sync().provider("alpha").build());
            }
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (RuntimeException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the call succeeded");
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aBudgetWhoseStoreFailsRefusesTheCallBeforeSending(boolean async) {
        ScriptedStore store = new ScriptedStore();
        ImageClient c = client(builder().sharedStore(store).budget(Budget.of("1.00", BudgetTest.DAY)));
        assertThat(failure(c, async)).isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.getMessage()).contains("java.lang.IllegalStateException: down").contains("nothing was sent");
        });
        assertThat(alpha.getRequestCount() + beta.getRequestCount()).isZero();
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aStoreThatNeverAnswersCannotHoldACallPastItsDeadline(boolean async) {
        ScriptedStore store = new ScriptedStore();
        store.reserve = CompletableFuture::new;
        ImageClient c = client(builder().sharedStore(store).budget(Budget.of("1.00", BudgetTest.DAY))
                .sleeper(Sleeper.SYSTEM).clock(Clock.systemUTC()).timeout(Duration.ofMillis(200)));
        assertThat(failure(c, async)).isInstanceOfAny(StoreUnavailableException.class, DeadlineExceededException.class);
        assertThat(alpha.getRequestCount()).isZero();

        store.reserve = () -> CompletableFuture.completedFuture(Optional.empty());
        store.acquire = CompletableFuture::new;
        ImageClient limited = client(builder().sharedStore(store).providerLimits("alpha", ProviderLimits.defaults().withMaxConcurrent(1))
                .sleeper(Sleeper.SYSTEM).clock(Clock.systemUTC()).timeout(Duration.ofMillis(200)));
        assertThat(failure(limited, async)).isInstanceOfAny(StoreUnavailableException.class, DeadlineExceededException.class);
        assertThat(alpha.getRequestCount()).isZero();
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aRefusedLeaseIsAskedForAgainAndReturnedWhenTheCallEnds(boolean async) throws Exception {
        ScriptedStore store = new ScriptedStore();
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger released = new AtomicInteger();
        SharedStore.Lease held = new SharedStore.Lease() {
            @Override
            public boolean granted() {
                return true;
            }

            @Override
            public long retryAfterMillis() {
                return 0;
            }

            @Override
            public void release() {
                released.incrementAndGet();
            }
        };
        store.acquire = () -> CompletableFuture.completedFuture(asked.incrementAndGet() < 3 ? SharedStore.Lease.retryAfter(20) : held);
        ImageClient c = client(builder().sharedStore(store).providerLimits("alpha", ProviderLimits.defaults().withMaxConcurrent(1))
                .sleeper(Sleeper.SYSTEM).clock(Clock.systemUTC()));
        alpha.enqueue(ok("a1"));
        var r = sync().provider("alpha").build();
        var result = async ? c.generateAsync(r).get(10, TimeUnit.SECONDS) : c.generate(r);
        assertThat(result.provider()).isEqualTo("alpha");
        assertThat(asked.get()).isEqualTo(3);
        assertThat(released.get()).isEqualTo(1);
        assertThat(alpha.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void withoutAStoreNothingIsOrphaned(boolean async) {
        ImageClient c = client(builder());
        assertThat(c.adoptOrphanedJobs(10)).isEqualTo(List.of());
        assertThatThrownBy(() -> c.adoptOrphanedJobs(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
