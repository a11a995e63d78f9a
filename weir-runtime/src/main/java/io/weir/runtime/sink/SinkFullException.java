package io.weir.runtime.sink;

/** The sink has its maximum of consumers connected. Answered with 503 and {@code Retry-After}; the message says so. */
final class SinkFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SinkFullException(String message) {
        super(message, null, false, false);
    }
}
