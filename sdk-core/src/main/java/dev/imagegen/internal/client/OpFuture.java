package dev.imagegen.internal.client;

import dev.imagegen.internal.http.OpContext;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/** A future whose cancellation cancels its operations: the HTTP calls in flight and the scheduled polls and retries. */
final class OpFuture<T> extends CompletableFuture<T> {

    private final List<OpContext> ops;
    private volatile Future<?> deadlineTimer;

    OpFuture(List<OpContext> ops) {
        this.ops = List.copyOf(ops);
        whenComplete((v, e) -> {
            Future<?> t = deadlineTimer;
            if (t != null) {
                t.cancel(false);
            }
        });
    }

    void setDeadlineTimer(Future<?> timer) {
        this.deadlineTimer = timer;
        if (isDone()) {
            timer.cancel(false);
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        for (OpContext op : ops) {
            op.cancel();
        }
        return super.cancel(mayInterruptIfRunning);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
