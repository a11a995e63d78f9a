package io.weir.mql;

/**
 * A query that cannot be parsed; the message names the 1-based position and what was expected there, e.g.
 * {@code mql: unexpected 'form' at 10 (expected: from)}.
 */
public final class MqlException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;

    MqlException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** The 1-based character position of the problem in the query text. */
    public int position() {
        return position;
    }
}
