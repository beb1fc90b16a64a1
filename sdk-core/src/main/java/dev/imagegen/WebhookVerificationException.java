package dev.imagegen;

/**
 * A webhook's signature does not prove it came from the vendor: it is missing, does not match the body, or is older
 * than the vendor's replay window. Nothing in it was read; answer the request with an error (e.g. 401) and do not act
 * on it.
 */
public class WebhookVerificationException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /**
     * An error with these details.
     *
     * @param details what is wrong with the delivery; no HTTP status
     */
    public WebhookVerificationException(Details details) {
        super(details, false, null);
    }
}
