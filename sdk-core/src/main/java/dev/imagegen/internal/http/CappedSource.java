package dev.imagegen.internal.http;

import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;

import java.io.IOException;

/** Counts bytes as they are read and fails past the cap; Content-Length is not trusted (gzip removes it anyway). */
final class CappedSource extends ForwardingSource {

    private final long cap;
    private long total;

    CappedSource(Source delegate, long cap) {
        super(delegate);
        this.cap = cap;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
        long n = super.read(sink, byteCount);
        if (n > 0) {
            total += n;
            if (total > cap) {
                throw new BodyTooLargeException(cap);
            }
        }
        return n;
    }
}
