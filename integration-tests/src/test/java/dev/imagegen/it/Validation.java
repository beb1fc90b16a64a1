package dev.imagegen.it;

import dev.imagegen.ImageClient;
import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageRequest;
import dev.imagegen.InvalidRequestException;
import dev.imagegen.RetryPolicy;
import dev.imagegen.testkit.EmulatorClients;
import dev.imagegen.testkit.ProviderEmulator;
import dev.imagegen.testkit.Routes;

/**
 * The property behind both the seeded-random test and the fuzz test: a request the SDK rejects is rejected with an
 * {@link InvalidRequestException} without an HTTP status, before anything is sent (the emulator sees no request at
 * all); a request it accepts either succeeds or fails with a typed {@link ImageGenerationException}; nothing else is
 * ever thrown. The vendor's own 400 (an InvalidRequestException with its status) is allowed only for a request with
 * raw provider options, which are sent as given: without them, the catalog let through what the emulator, which
 * applies the same rules, refuses (issue 12).
 */
final class Validation {

    static final ProviderEmulator EMULATOR = ProviderEmulator.builder().apiKey(Emulators.API_KEY)
            .fixedImage(dev.imagegen.testing.TestImages.png(16, 16), "image/png").segmindCredits(1e12).start();
    static final ImageClient CLIENT = EmulatorClients.builder(EMULATOR).retryPolicy(RetryPolicy.defaults().withMaxRetries(0)).build();

    /** What happened to one request. */
    enum Outcome { REFUSED_BY_BUILDER, REJECTED, SENT }

    private Validation() {
    }

    static int totalRequests() {
        int n = 0;
        for (String route : Routes.ALL) {
            n += EMULATOR.requestCount(route);
        }
        return n;
    }

    /** Runs one request; throws AssertionError when the property does not hold. */
    static Outcome check(ImageRequest.Builder builder) {
        ImageRequest request;
        try {
            request = builder.build();
        } catch (InvalidRequestException e) {
            return Outcome.REFUSED_BY_BUILDER;
        }
        int before = totalRequests();
        try {
            CLIENT.generate(request);
            return Outcome.SENT;
        } catch (InvalidRequestException e) {
            if (e.httpStatus().isPresent()) {
                if (request.providerOptions().isEmpty()) {
                    throw new AssertionError("the catalog let through a request the emulator refuses: " + request
                            + " -> " + e.getMessage());
                }
                // the vendor's own 400: a raw providerOption (sent as given, by design) passed the catalog
                return Outcome.SENT;
            }
            int after = totalRequests();
            if (after != before) {
                throw new AssertionError("a rejected request reached the emulator (" + (after - before) + " requests): "
                        + request + " -> " + e.getMessage());
            }
            if (e.getMessage().contains(Emulators.API_KEY)) {
                throw new AssertionError("the key is in the message: " + e.getMessage());
            }
            return Outcome.REJECTED;
        } catch (ImageGenerationException e) {
            return Outcome.SENT;
        }
    }
}
