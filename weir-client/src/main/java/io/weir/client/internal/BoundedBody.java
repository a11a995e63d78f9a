package io.weir.client.internal;

import java.io.ByteArrayOutputStream;

/** Collects a response body up to a limit; one more byte fails the call instead of filling memory. */
final class BoundedBody {

    private final int maxBytes;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    BoundedBody(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    BoundedBody append(byte[] chunk) {
        if (out.size() + chunk.length > maxBytes) {
            throw new BodyTooLargeException(maxBytes);
        }
        out.write(chunk, 0, chunk.length);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** The body passed the limit. */
    static final class BodyTooLargeException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        BodyTooLargeException(int maxBytes) {
            super("the response body is larger than " + maxBytes + " bytes (raise maxResponseBytes if this is expected)");
        }
    }
}
