package dev.imagegen.redis;

import dev.imagegen.Budget;
import dev.imagegen.BudgetStatus;
import dev.imagegen.ProviderLimits;
import dev.imagegen.spi.SharedStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A {@link SharedStore} on Redis: every {@link dev.imagegen.ImageClient} built with
 * {@code .sharedStore(store)} on a store of the same Redis and {@linkplain Builder#namespace namespace}, in any process
 * on any machine, shares one budget per period, one set of provider limits (concurrency permits and rate slots) and one
 * journal of paid jobs not yet delivered.
 *
 * <pre>{@code
 * RedisSharedStore store = RedisSharedStore.builder("redis://redis.internal:6379").namespace("studio-prod").build();
 * ImageClient client = ImageClient.builder()
 *         .sharedStore(store)
 *         .budget(Budget.of("50.00", Duration.ofDays(1)))                                   // one budget for the fleet
 *         .providerLimits("segmind", ProviderLimits.defaults().withRequestsPerMinute(10))   // one limit for the fleet
 *         .build();
 * }</pre>
 *
 * <p>Each step is one Lua script, atomic on the server, timed by the server's clock. What a process holds (budget
 * reservations, permits, journal entries) lives as long as the process's lease, which a heartbeat renews every third of
 * {@link Builder#leaseTime}; when a process dies its permits are free and its reservations are charged in full after
 * that long, and its jobs can be {@linkplain dev.imagegen.ImageClient#adoptOrphanedJobs claimed}. When Redis cannot be
 * reached within {@link Builder#commandTimeout}: budgets fail closed ({@link dev.imagegen.StoreUnavailableException},
 * nothing sent) and limits fall back to each process's own, unless configured otherwise. The keys and guarantees are in
 * {@code docs/scale.md}.
 *
 * <p>Thread-safe; one per process is enough (it holds one multiplexed connection and one heartbeat thread). Close it
 * after the clients that use it.
 */
public final class RedisSharedStore implements SharedStore, AutoCloseable {

    /** What a store does when Redis does not answer. */
    public enum WhenUnavailable {
        /** Fail the call with {@link dev.imagegen.StoreUnavailableException} before anything is sent. */
        FAIL,
        /**
         * Go on without Redis: for a budget, the call is sent unreserved and its cost is not counted; for limits, only
         * the process's own limits apply. Logged at WARN once per outage.
         */
        PROCEED
    }

    static final Logger LOG = LoggerFactory.getLogger("dev.imagegen.store");
    private static final BigDecimal NANOS = BigDecimal.valueOf(1_000_000_000L);
    private static final int MAX_RETRIES_QUEUED = 10_000;

    private final RedisClient redis;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> commands;
    private final Keys keys;
    private final String owner;
    private final long leaseMillis;
    private final long permitPollMillis;
    private final WhenUnavailable budgetPolicy;
    private final WhenUnavailable limitsPolicy;
    private final ScheduledExecutorService heartbeat;
    private final Queue<Supplier<CompletionStage<?>>> retries = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean degraded = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final RedisJobJournal journal;

    private RedisSharedStore(Builder b) {
        RedisURI uri = RedisURI.create(b.uri);
        uri.setTimeout(b.commandTimeout);
        this.redis = RedisClient.create(uri);
        redis.setOptions(ClientOptions.builder()
                // a command to a lost connection fails at once instead of waiting in a queue for the reconnect
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(b.commandTimeout))
                .build());
        this.keys = new Keys(b.namespace);
        this.owner = b.owner != null ? b.owner : defaultOwner();
        this.leaseMillis = b.leaseTime.toMillis();
        this.permitPollMillis = b.permitPoll.toMillis();
        this.budgetPolicy = b.budgetPolicy;
        this.limitsPolicy = b.limitsPolicy;
        try {
            this.connection = redis.connect();
        } catch (RuntimeException e) {
            redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw e;
        }
        this.commands = connection.async();
        this.journal = new RedisJobJournal(this);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "imagegen-redis-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beat().toCompletableFuture().join();
        long every = Math.max(1, leaseMillis / 3);
        heartbeat.scheduleWithFixedDelay(this::beatAndRetry, every, every, TimeUnit.MILLISECONDS);
    }

    /** A builder for a store on the Redis at {@code redisUri}, e.g. {@code redis://host:6379/0} or {@code rediss://...}. */
    public static Builder builder(String redisUri) {
        return new Builder(redisUri);
    }

    /** This process's name in the owners set (host, pid and a random part unless set with {@link Builder#owner}). */
    public String owner() {
        return owner;
    }

    @Override
    public BudgetLedger budget(Budget budget) {
        return new RedisBudgetLedger(this, budget);
    }

    @Override
    public CompletionStage<Lease> tryAcquire(String providerId, ProviderLimits limits) {
        String permit = UUID.randomUUID().toString();
        String[] k = {keys.owners(), keys.permits(providerId), keys.rate(providerId, limits.rateWindow())};
        CompletionStage<List<Object>> f = eval(RedisScripts.ACQUIRE, ScriptOutputType.MULTI, k, owner, lease(),
                Integer.toString(limits.maxConcurrent()), Integer.toString(limits.requestsPerMinute()),
                Long.toString(limits.rateWindow().toMillis()), permit, Long.toString(permitPollMillis));
        return f.handle((r, e) -> {
            if (e != null) {
                return this.<Lease>unavailable(limitsPolicy, "provider limits of " + providerId, e, Lease::unshared);
            }
            recovered();
            if (((Long) r.get(0)) == 1L) {
                return limits.maxConcurrent() > 0 ? new PermitLease(providerId, permit) : Lease.unshared();
            }
            return Lease.retryAfter((Long) r.get(1));
        });
    }

    @Override
    public JobJournal jobs() {
        return journal;
    }

    /** Stops the heartbeat and closes the connection. What this process still holds lapses with its lease. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            heartbeat.shutdownNow();
            connection.close();
            redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    // ---- for the ledger and the journal ----

    Keys keys() {
        return keys;
    }

    String lease() {
        return Long.toString(leaseMillis);
    }

    WhenUnavailable budgetPolicy() {
        return budgetPolicy;
    }

    RedisAsyncCommands<String, String> commands() {
        return commands;
    }

    /** Runs {@code script}; a failure to even send it completes the stage exceptionally. */
    <T> CompletionStage<T> eval(String script, ScriptOutputType type, String[] k, String... args) {
        try {
            return commands.eval(script, type, k, args);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Runs {@code step} and, when it fails, again at each heartbeat until it succeeds (releases and settlements). */
    void untilDone(String what, Supplier<CompletionStage<?>> step) {
        attempt(step).whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("could not {} in Redis ({}); trying again with the heartbeat", what, e.toString());
                if (retries.size() < MAX_RETRIES_QUEUED) {
                    retries.add(step);
                }
            }
        });
    }

    /** What to answer when Redis failed: the policy's fallback, or the error. */
    <T> T unavailable(WhenUnavailable policy, String what, Throwable e, Supplier<T> fallback) {
        if (policy == WhenUnavailable.PROCEED) {
            if (degraded.compareAndSet(false, true)) {
                LOG.warn("Redis did not answer for the {} ({}); going on without it, as configured, until it is back", what,
                        e.toString());
            }
            return fallback.get();
        }
        throw new java.util.concurrent.CompletionException(e);
    }

    void recovered() {
        if (degraded.compareAndSet(true, false)) {
            LOG.info("Redis answers again: shared budgets and limits apply again");
        }
    }

    static long nanos(BigDecimal usd) {
        return usd.multiply(NANOS).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    static BigDecimal usd(long nanos) {
        return BigDecimal.valueOf(nanos).divide(NANOS).stripTrailingZeros();
    }

    static BudgetStatus status(Budget budget, List<Object> r) {
        long period = budget.period().toMillis();
        long idx = (Long) r.get(3);
        BigDecimal spent = usd((Long) r.get(1));
        BigDecimal reserved = usd((Long) r.get(2));
        BigDecimal remaining = budget.limitUsd().subtract(spent).subtract(reserved).max(BigDecimal.ZERO);
        return new BudgetStatus(budget, spent, reserved, remaining, Instant.ofEpochMilli(idx * period),
                Instant.ofEpochMilli((idx + 1) * period));
    }

    String owner0() {
        return owner;
    }

    // ---- heartbeat ----

    private CompletionStage<?> beat() {
        return eval(RedisScripts.HEARTBEAT, ScriptOutputType.INTEGER, new String[] {keys.owners()}, owner, lease());
    }

    private void beatAndRetry() {
        attempt(this::beat).whenComplete((v, e) -> {
            if (e != null) {
                return;
            }
            for (int n = retries.size(); n > 0; n--) {
                Supplier<CompletionStage<?>> step = retries.poll();
                if (step == null) {
                    break;
                }
                attempt(step).whenComplete((v2, e2) -> {
                    if (e2 != null && retries.size() < MAX_RETRIES_QUEUED) {
                        retries.add(step);
                    }
                });
            }
        });
    }

    private static CompletableFuture<?> attempt(Supplier<CompletionStage<?>> step) {
        try {
            return step.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static String defaultOwner() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A held concurrency permit; its release is retried until Redis takes it. */
    private final class PermitLease implements Lease {
        private final String providerId;
        private final String permit;
        private final AtomicBoolean released = new AtomicBoolean();

        PermitLease(String providerId, String permit) {
            this.providerId = providerId;
            this.permit = permit;
        }

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
            if (released.compareAndSet(false, true) && !closed.get()) {
                untilDone("release a " + providerId + " permit", () -> commands.hdel(keys.permits(providerId), permit));
            }
        }
    }

    /** How a {@link RedisSharedStore} is configured. Not thread-safe. */
    public static final class Builder {
        private final String uri;
        private String namespace = "imagegen";
        private Duration commandTimeout = Duration.ofSeconds(2);
        private Duration leaseTime = Duration.ofSeconds(30);
        private Duration permitPoll = Duration.ofMillis(50);
        private WhenUnavailable budgetPolicy = WhenUnavailable.FAIL;
        private WhenUnavailable limitsPolicy = WhenUnavailable.PROCEED;
        private String owner;

        private Builder(String uri) {
            this.uri = Objects.requireNonNull(uri, "redisUri");
        }

        /**
         * The prefix of every key (default {@code imagegen}): clients whose stores share a namespace share budgets,
         * limits and the journal; different namespaces on one Redis are independent. Letters, digits, {@code -_.:} only.
         */
        public Builder namespace(String namespace) {
            if (namespace == null || !namespace.matches("[A-Za-z0-9._:-]{1,100}")) {
                throw new IllegalArgumentException("namespace must be 1..100 of A-Z a-z 0-9 . _ : -, got " + namespace);
            }
            this.namespace = namespace;
            return this;
        }

        /** The longest wait for one Redis command before Redis counts as unavailable (default 2 s). */
        public Builder commandTimeout(Duration d) {
            this.commandTimeout = positive(d, "commandTimeout");
            return this;
        }

        /**
         * How long what this process holds outlives its last heartbeat (default 30 s; the heartbeat runs every third of
         * it): after a crash, its permits come free and its reservations are charged after this long, and its jobs
         * become claimable. A process paused longer than this (a long GC pause) loses them.
         */
        public Builder leaseTime(Duration d) {
            this.leaseTime = positive(d, "leaseTime");
            if (d.toMillis() < 300) {
                throw new IllegalArgumentException("leaseTime must be at least 300 ms, got " + d);
            }
            return this;
        }

        /** How often a call waiting for a concurrency permit held in another process asks again (default 50 ms). */
        public Builder permitPollInterval(Duration d) {
            this.permitPoll = positive(d, "permitPollInterval");
            return this;
        }

        /** What a budget does when Redis does not answer (default {@link WhenUnavailable#FAIL}: fail closed). */
        public Builder budgetWhenUnavailable(WhenUnavailable policy) {
            this.budgetPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * What provider limits do when Redis does not answer (default {@link WhenUnavailable#PROCEED}: each process's
         * own limits only).
         */
        public Builder limitsWhenUnavailable(WhenUnavailable policy) {
            this.limitsPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** This process's name in the owners set, unique among live processes (default: host, pid, random part). */
        public Builder owner(String owner) {
            if (owner == null || owner.isEmpty() || owner.contains("|")) {
                throw new IllegalArgumentException("owner must be non-empty and without '|', got " + owner);
            }
            this.owner = owner;
            return this;
        }

        /**
         * Connects and starts the heartbeat.
         *
         * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached now
         */
        public RedisSharedStore build() {
            return new RedisSharedStore(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
