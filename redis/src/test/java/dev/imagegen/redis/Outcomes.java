package dev.imagegen.redis;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The error inside a future's wrappers. */
final class Outcomes {

    private Outcomes() {
    }

    static Throwable cause(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
