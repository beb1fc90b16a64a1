package dev.imagegen;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A webhook as your server received it from the vendor: its headers (the signature travels in them) and its raw body,
 * byte for byte (a signature is over those exact bytes: do not parse and re-serialise the body first). Hand it to
 * {@link ImageClient#parseWebhook(String, WebhookDelivery)}.
 *
 * <pre>{@code
 * WebhookDelivery delivery = WebhookDelivery.of(request.headers(), request.bodyBytes());
 * ImageResult result = client.parseWebhook("wavespeed", delivery);
 * }</pre>
 */
public final class WebhookDelivery {

    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;

    private WebhookDelivery(List<Map.Entry<String, String>> headers, byte[] body) {
        this.headers = List.copyOf(headers);
        this.body = body.clone();
    }

    /**
     * A delivery from the headers as a servlet container or framework gives them (a name may have several values).
     *
     * @param headers the headers by name, each with its values in order; null names and null value lists are skipped
     * @param body    the raw body, exactly as received; copied
     * @return the delivery
     */
    public static WebhookDelivery of(Map<String, ? extends Collection<String>> headers, byte[] body) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        List<Map.Entry<String, String>> list = new ArrayList<>();
        headers.forEach((name, values) -> {
            if (name != null && values != null) {
                values.forEach(v -> list.add(Map.entry(name, v)));
            }
        });
        return new WebhookDelivery(list, body);
    }

    /**
     * A builder, for headers added one by one.
     *
     * @return an empty builder, with an empty body until one is set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The first value of a header, by case-insensitive name.
     *
     * @param name the header name, in any case
     * @return the header's first value, or empty when it is absent
     */
    public Optional<String> header(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return headers.stream().filter(h -> h.getKey().toLowerCase(Locale.ROOT).equals(n)).map(Map.Entry::getValue).findFirst();
    }

    /**
     * The raw body (a copy).
     *
     * @return a new copy of the body on each call
     */
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return "WebhookDelivery{" + headers.size() + " headers, " + body.length + " bytes}";
    }

    /** Builds a {@link WebhookDelivery}. */
    public static final class Builder {
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private byte[] body = new byte[0];

        private Builder() {
        }

        /**
         * Adds a header.
         *
         * @param name  the header name, in any case; a repeated name adds another value
         * @param value the header value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.add(Map.entry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")));
            return this;
        }

        /**
         * The raw body.
         *
         * @param body the raw body, exactly as received; copied when built
         * @return this builder
         */
        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        /**
         * Builds the delivery.
         *
         * @return the delivery
         */
        public WebhookDelivery build() {
            return new WebhookDelivery(headers, body);
        }
    }
}
