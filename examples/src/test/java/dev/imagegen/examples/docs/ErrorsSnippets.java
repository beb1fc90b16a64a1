package dev.imagegen.examples.docs;

import dev.imagegen.DeadlineExceededException;
import dev.imagegen.GenerationFailedException;
import dev.imagegen.ImageClient;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.ImageResult;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.OutcomeUnknownException;
import dev.imagegen.RateLimitedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiled twin of docs/errors.md's Java snippet ("Catching"), verbatim (checked by {@link DocSnippetsTest}): an
 * HTTP-handler-like method whose helpers ({@code badRequest}, {@code tryLater}, ...) stand for the caller's own.
 */
final class ErrorsSnippets {

    /** What the handler answers. */
    record Response(int status, String body) {
    }

    /** Where job refs go to be resumed later. */
    static final class Jobs {
        final List<String> refs = new ArrayList<>();

        void rememberForLater(String jobRef) {
            refs.add(jobRef);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ErrorsSnippets.class);

    final Jobs jobs = new Jobs();

    Response handle(ImageClient client, ImageRequest request, Path target) {
try {
    ImageResult result = client.generate(request);
    result.image().writeTo(target);
} catch (InvalidRequestException e) {
    // nothing was sent when e.field() is present
    return badRequest(e.field().orElse("request") + ": " + e.getMessage() + " allowed: " + e.allowed());
} catch (RateLimitedException e) {
    return tryLater(e.retryAfter().orElse(Duration.ofSeconds(30)));
} catch (DeadlineExceededException e) {
    e.jobRef().ifPresent(jobs::rememberForLater);           // client.resume(ref) picks it up, unbilled
    return accepted();
} catch (OutcomeUnknownException e) {
    log.warn("generation may have been billed: {}", e.getMessage());   // message ends with the request id
    return serverError();
} catch (GenerationFailedException e) {
    return unprocessable(e.vendorMessage().orElse("generation failed"));
} catch (ImageGenerationException e) {
    if (e.isRetryable()) {
        return tryLater(Duration.ofSeconds(10));
    }
    throw e;
} catch (IOException e) {
    throw new UncheckedIOException("cannot write " + target, e);
}
        return new Response(200, target.toString());
    }

    private static Response badRequest(String message) {
        return new Response(400, message);
    }

    private static Response tryLater(Duration after) {
        return new Response(503, "retry after " + after);
    }

    private static Response accepted() {
        return new Response(202, "");
    }

    private static Response serverError() {
        return new Response(500, "");
    }

    private static Response unprocessable(String message) {
        return new Response(422, message);
    }
}
