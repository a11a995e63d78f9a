package io.weir.runtime.sink;

/** A consumer's query parameter is malformed; the message names the parameter and the expected form. */
final class BadParameterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadParameterException(String name, String value, String expected) {
        this(name + ": '" + value + "' (expected: " + expected + ")");
    }

    /** A complete message, e.g. an MQL parse error's, which names the position and the fix. */
    BadParameterException(String message) {
        super(message, null, false, false);
    }
}
