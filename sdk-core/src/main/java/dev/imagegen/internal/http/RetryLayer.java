package dev.imagegen.internal.http;

import dev.imagegen.RetryPolicy;
import dev.imagegen.internal.op.Futures;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * The one attempt loop: sends an exchange through the redirect layer, and when the outcome is a failure the
 * {@link ResponseClassifier} marked retryable, waits (on the operation's schedule, holding no thread) and sends it
 * again, until the policy's retries or the deadline run out.
 *
 * <p>Delays: Retry-After-Ms / Retry-After when the server gave one (a wait over the policy's cap ends retrying), else
 * {@code initialDelay * 2^(n-1)} capped at {@code maxDelay}, jittered between half and all of it. A retry whose wait
 * would end after the deadline is not attempted.
 */
final class RetryLayer {

    private final RedirectLayer next;
    private final RetryPolicy policy;
    private final AttemptLog log;

    RetryLayer(RedirectLayer next, RetryPolicy policy, AttemptLog log) {
        this.next = next;
        this.policy = policy;
        this.log = log;
    }

    <T> CompletableFuture<T> send(Exchange<T> x) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(x, 1, result);
        return result;
    }

    private <T> void attempt(Exchange<T> x, int attempt, CompletableFuture<T> result) {
        if (x.op().stopped() != null) {
            result.completeExceptionally(x.op().stopError(null));
            return;
        }
        next.send(x, attempt).whenComplete(new Answered<>(x, attempt, result));
    }

    /** One attempt's outcome: the result, or the next attempt. A named class, not a lambda spun on a fresh JVM. */
    private final class Answered<T> implements BiConsumer<Outcome<T>, Throwable> {
        private final Exchange<T> x;
        private final int attempt;
        private final CompletableFuture<T> result;

        Answered(Exchange<T> x, int attempt, CompletableFuture<T> result) {
            this.x = x;
            this.attempt = attempt;
            this.result = result;
        }

        @Override
        public void accept(Outcome<T> outcome, Throwable e) {
            if (e != null) {
                result.completeExceptionally(Futures.unwrap(e));
                return;
            }
            if (outcome.isSuccess()) {
                result.complete(outcome.value());
                return;
            }
            Duration delay = delay(outcome, attempt, x.op().remainingMillis());
            if (delay == null) {
                result.completeExceptionally(outcome.error());
                return;
            }
            log.retry(x, attempt + 1, delay, outcome.reason(), outcome.requestId());
            // runs after the delay, or at once when the operation stops (then the next attempt ends it)
            x.op().schedule(delay, () -> attempt(x, attempt + 1, result));
        }
    }

    /** The wait before the next attempt, or null when there is none. */
    Duration delay(Outcome<?> o, int attempt, long remainingMillis) {
        if (!o.retryable() || attempt > policy.maxRetries()) {
            return null;
        }
        Duration delay;
        if (o.retryAfter() != null) {
            if (o.retryAfter().compareTo(policy.maxRetryAfter()) > 0) {
                return null;
            }
            delay = o.retryAfter();
        } else {
            delay = policy.backoff(attempt);
            if (policy.jitter() && !delay.isZero()) {
                long ms = delay.toMillis();
                delay = Duration.ofMillis(ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
            }
        }
        return delay.toMillis() >= remainingMillis ? null : delay;
    }
}
