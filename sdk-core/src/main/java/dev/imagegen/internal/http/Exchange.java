package dev.imagegen.internal.http;

import dev.imagegen.ImageGenerationException;
import dev.imagegen.internal.op.Operation;
import dev.imagegen.spi.WireRequest;
import dev.imagegen.spi.WireResponse;

import java.io.IOException;
import java.util.Objects;

/**
 * One request as the pipeline carries it: what the provider described, for whom, within which operation, and how to
 * read the answer.
 *
 * @param target         where the provider's API is and how it authenticates
 * @param request        what the provider described
 * @param download       an output download: never credentials, https only (see {@link DownloadGuard})
 * @param op             the operation it belongs to: its deadline and stop bound the exchange
 * @param errors         turns a non-2xx answer into a typed error
 * @param handler        reads a 2xx answer while the response is open
 * @param survivesCancel a paid submission whose answer names a job: a cancel lets it finish, so the job it starts can
 *                       be cancelled at the vendor
 */
public record Exchange<T>(Target target, WireRequest request, boolean download, Operation op, ErrorMapper errors,
                          Handler<T> handler, boolean survivesCancel) {

    /** Checks the fields. */
    public Exchange {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(handler, "handler");
    }

    /** A request to the provider's API. */
    public static <T> Exchange<T> api(Target target, WireRequest request, Operation op, ErrorMapper errors, Handler<T> handler) {
        return new Exchange<>(target, request, false, op, errors, handler, false);
    }

    /** An output download for the provider. */
    public static <T> Exchange<T> download(Target target, WireRequest request, Operation op, ErrorMapper errors, Handler<T> handler) {
        return new Exchange<>(target, request, true, op, errors, handler, false);
    }

    /** A copy that survives a cancel (see {@link #survivesCancel}). */
    public Exchange<T> survivingCancel() {
        return new Exchange<>(target, request, download, op, errors, handler, true);
    }

    /** The provider id. */
    public String providerId() {
        return target.providerId();
    }

    /** Reads a 2xx answer. Runs while the response is open; the body may be streamed. */
    @FunctionalInterface
    public interface Handler<T> {
        /** Turns the answer into a value. */
        T handle(WireResponse response) throws IOException;
    }

    /** Turns a non-2xx answer into a typed error (a provider's {@code mapError}). */
    @FunctionalInterface
    public interface ErrorMapper {
        /** The typed error. */
        ImageGenerationException map(WireResponse response);
    }
}
