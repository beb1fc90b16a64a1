package dev.imagegen.internal.http;

import java.io.IOException;

/** A response body passed the client's size cap (counted in bytes as read, after any gzip decoding). */
public final class BodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long cap) {
        super("response body exceeds the cap of " + cap + " bytes");
    }
}
