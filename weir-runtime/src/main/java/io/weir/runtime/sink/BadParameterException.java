package io.weir.runtime.sink;

/** A consumer's query parameter is malformed; the message names the parameter and the expected form. */
final class BadParameterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadParameterException(String name, String value, String expected) {
        super(name + ": '" + value + "' (expected: " + expected + ")", null, false, false);
    }
}
