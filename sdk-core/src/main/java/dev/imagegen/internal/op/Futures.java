package dev.imagegen.internal.op;

import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageGenerationException.Details;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How the blocking methods wait on the one asynchronous implementation, and how its errors are unwrapped. */
public final class Futures {

    private Futures() {
    }

    /** The error inside {@link CompletionException}s and {@link ExecutionException}s. */
    public static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /**
     * Waits for {@code f}, rethrowing the SDK's exceptions as they are; for a blocking operation's future, running its
     * steps on this thread meanwhile. An interrupt cancels the operation behind the future (its HTTP calls and polls
     * stop) and ends in an {@link ImageGenerationException} with the thread's interrupt flag set again.
     */
    public static <T> T await(CompletableFuture<T> f, String providerId) {
        try {
            if (f instanceof OperationFuture<T> of && of.operation().executor() instanceof CallerThreadExecutor caller) {
                caller.drainUntil(f);
            }
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ImageGenerationException(Details.of("interrupted; the request was cancelled").withProvider(providerId), false, e);
        } catch (ExecutionException e) {
            Throwable c = unwrap(e);
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new ImageGenerationException(Details.of("failed: " + c).withProvider(providerId), false, c);
        } catch (CancellationException e) {
            throw e;
        }
    }
}
