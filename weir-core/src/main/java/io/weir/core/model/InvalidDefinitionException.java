package io.weir.core.model;

/** A definition or request that cannot be accepted; the message names the field and what was expected. */
public final class InvalidDefinitionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidDefinitionException(String message) {
        super(message);
    }
}
